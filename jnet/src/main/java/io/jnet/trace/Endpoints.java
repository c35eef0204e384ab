package io.jnet.trace;

import io.jnet.graph.Topology;
import io.jnet.inet.IpPrefix;
import io.jnet.runtime.JnetException;
import java.net.InetAddress;
import java.util.Locale;

/**
 * Reads the FROM and TO of {@code jnet trace}: a namespace of the topology ({@code host}, {@code red}), an address
 * (held by a namespace, or outside), and for TO an optional {@code :PORT[/PROTO]} ({@code [fd00::3]:80/tcp} for IPv6).
 */
public final class Endpoints {
    private Endpoints() {}

    /** Where a trace starts: a namespace (maybe with a fixed source), or an outside address arriving at the host. */
    public record From(Tracer.Source source, InetAddress outside) {}

    /** Where it goes. */
    public record To(InetAddress address, String proto, int port) {}

    public static From from(String text, Topology t) {
        if (t.namespace(text) != null) {
            return new From(new Tracer.Source(text, null), null);
        }
        InetAddress a = address(text, "FROM");
        String holder = holder(t, a);
        return holder == null ? new From(null, a) : new From(new Tracer.Source(holder, a), null);
    }

    public static To to(String text, Topology t, boolean ipv6Preferred) {
        String host = text;
        String rest = "";
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw bad(text, "an IPv6 address with a port is written [ADDR]:PORT");
            }
            host = text.substring(1, close);
            rest = text.substring(close + 1);
        } else if (text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') >= 0) {
            host = text.substring(0, text.indexOf(':'));
            rest = text.substring(text.indexOf(':'));
        } else if (text.indexOf(':') < 0 && text.indexOf('/') >= 0) {
            throw bad(text, "a protocol goes after a port: ADDR:PORT/PROTO");
        }
        String proto = "icmp";
        int port = 0;
        if (!rest.isEmpty()) {
            if (!rest.startsWith(":")) {
                throw bad(text, "expected :PORT after the address");
            }
            String p = rest.substring(1);
            int slash = p.indexOf('/');
            proto = slash < 0 ? "tcp" : p.substring(slash + 1).toLowerCase(Locale.ROOT);
            p = slash < 0 ? p : p.substring(0, slash);
            if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
                throw bad(text, "protocol '" + proto + "' is not tcp, udp or sctp");
            }
            try {
                port = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw bad(text, "'" + p + "' is not a port (1-65535)");
            }
        }
        Topology.Namespace n = t.namespace(host);
        InetAddress a = n != null ? firstAddress(n, ipv6Preferred, text) : address(host, "TO");
        return new To(a, proto, port);
    }

    private static InetAddress firstAddress(Topology.Namespace n, boolean ipv6, String text) {
        InetAddress fallback = null;
        for (Topology.Iface i : n.links()) {
            if (i.kind().equals("loopback")) {
                continue;
            }
            for (String cidr : i.addresses()) {
                IpPrefix p = IpPrefix.parse(cidr);
                if (p.address().isLinkLocalAddress()) {
                    continue;
                }
                if (p.isIpv4() != ipv6) {
                    return p.address();
                }
                fallback = fallback == null ? p.address() : fallback;
            }
        }
        if (fallback == null) {
            throw JnetException.usage(n.id() + " has no address to send to (in " + text + ")", "give an address instead: jnet trace FROM ADDR:PORT");
        }
        return fallback;
    }

    /** The namespace other than the host's loopback that holds {@code a}, or null. */
    private static String holder(Topology t, InetAddress a) {
        String text = IpPrefix.text(a);
        for (Topology.Namespace n : t.namespaces()) {
            for (Topology.Iface i : n.links()) {
                for (String cidr : i.addresses()) {
                    if (cidr.substring(0, cidr.indexOf('/')).equals(text) && !(i.kind().equals("loopback") && !n.id().equals("host"))) {
                        return n.id();
                    }
                }
            }
        }
        return null;
    }

    private static InetAddress address(String text, String which) {
        try {
            return IpPrefix.literal(text);
        } catch (IllegalArgumentException e) {
            throw JnetException.notFound(which + " '" + text + "' is neither a namespace jnet knows nor an IP address",
                    "jnet netns ls lists the namespaces; 'host' is the namespace jnet runs in");
        }
    }

    private static JnetException bad(String text, String why) {
        return JnetException.usage("bad destination '" + text + "': " + why, "write ADDR[:PORT[/tcp|udp|sctp]], e.g. blue:80 or 10.0.0.3:53/udp");
    }
}
