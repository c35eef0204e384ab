package io.jnet.trace;

import io.jnet.firewall.Family;
import io.jnet.firewall.FirewallException;
import io.jnet.firewall.Iptables;
import io.jnet.firewall.Table;
import io.jnet.graph.NsSnapshot;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.Route;
import io.jnet.netlink.RouteLookup;
import io.jnet.netlink.ns.NetNs;
import io.jnet.netlink.ns.Sysctl;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One namespace as the trace sees it, live: its links, the kernel's route lookups (RTM_GETROUTE) for a packet's
 * fields, its iptables tables (read once), its sysctls, and its listening sockets.
 */
final class NsView implements AutoCloseable {
    final String id;
    final Path path;
    final NetNs ns;
    final Netlink nl;
    final NsSnapshot snap;
    private final Map<String, Table> tables = new HashMap<>();

    private NsView(String id, Path path, NetNs ns, Netlink nl, NsSnapshot snap) {
        this.id = id;
        this.path = path;
        this.ns = ns;
        this.nl = nl;
        this.snap = snap;
    }

    /** Opens the namespace at {@code path}, or our own when null. */
    static NsView open(String id, Path path) throws NetlinkException {
        NetNs ns = path == null ? NetNs.current() : NetNs.open(path);
        try {
            Netlink nl = path == null ? Netlink.open() : Netlink.open(ns);
            try {
                return new NsView(id, path, ns, nl, NsSnapshot.read(nl));
            } catch (NetlinkException | RuntimeException e) {
                nl.close();
                throw e;
            }
        } catch (NetlinkException | RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    Link link(int index) {
        return snap.links().get(index);
    }

    Link link(String name) {
        return snap.link(name);
    }

    Route route(RouteLookup q) throws NetlinkException {
        return nl.routeGet(q);
    }

    /** The addrtype netfilter gives {@code a} here: LOCAL, BROADCAST, MULTICAST or UNICAST. */
    String addressType(InetAddress a) {
        if (a == null) {
            return "UNSPEC";
        }
        if (a.isMulticastAddress()) {
            return "MULTICAST";
        }
        try {
            int type = nl.routeGet(RouteLookup.to(a)).type();
            return type == 2 ? "LOCAL" : type == 3 ? "BROADCAST" : "UNICAST";
        } catch (NetlinkException e) {
            return "UNREACHABLE";
        }
    }

    /** One table of one family, as iptables-save shows it here; null when it cannot be read. */
    Table table(boolean ipv4, String name, List<String> notes) {
        String key = (ipv4 ? "4" : "6") + name;
        if (!tables.containsKey(key)) {
            Family f = ipv4 ? Family.IPV4 : Family.IPV6;
            Table t = null;
            try {
                t = (path == null ? Iptables.commands() : Iptables.commandsIn(path)).read(f, name);
            } catch (FirewallException e) {
                notes.add(id + ": cannot read " + f.command() + " " + name + " (" + e.getMessage().lines().findFirst().orElse("") + "), taken as empty");
            }
            tables.put(key, t);
        }
        return tables.get(key);
    }

    /** A sysctl here, or "" when it does not exist (e.g. net.bridge.* without br_netfilter). */
    String sysctl(String key) {
        try {
            return Sysctl.get(ns, key);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Whether a socket here listens on {@code port} (tcp) or is bound to it (udp), on any address. */
    boolean listening(String proto, int port, boolean ipv4) {
        if (proto.equals("icmp") || proto.equals("sctp")) {
            return true;
        }
        String file = proto + (ipv4 ? "" : "6");
        try {
            List<String> lines = ns.call(() -> Files.readAllLines(Path.of("/proc/thread-self/net/" + file), StandardCharsets.US_ASCII));
            String hexPort = String.format(Locale.ROOT, ":%04X", port);
            for (String l : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = l.trim().split("\\s+");
                // local_address is f[1] ("0100007F:1F90"); st 0A is LISTEN for tcp, 07 is an unconnected udp socket
                if (f.length > 3 && f[1].endsWith(hexPort) && (proto.equals("tcp") ? f[3].equals("0A") : f[3].equals("07"))) {
                    return true;
                }
            }
            if (ipv4) {
                return listening(proto, port, false); // a v6 socket without IPV6_V6ONLY takes v4 too
            }
        } catch (IOException | RuntimeException e) {
            return true; // unknown: say nothing
        }
        return false;
    }

    /**
     * The namespace's SNMP counters ({@code /proc/net/snmp} and {@code snmp6} as seen from inside it), keyed
     * "Tcp.InSegs", "Udp.InDatagrams", "Icmp.InEchos", "Udp6InDatagrams"...: a probe reads where its packet arrived.
     */
    Map<String, Long> snmp() {
        Map<String, Long> out = new HashMap<>();
        try {
            List<String> v4 = ns.call(() -> Files.readAllLines(Path.of("/proc/thread-self/net/snmp"), StandardCharsets.US_ASCII));
            for (int i = 0; i + 1 < v4.size(); i += 2) {
                String[] names = v4.get(i).split("\\s+");
                String[] values = v4.get(i + 1).split("\\s+");
                for (int k = 1; k < names.length && k < values.length; k++) {
                    out.put(names[0].replace(":", "") + "." + names[k], Long.parseLong(values[k]));
                }
            }
            List<String> v6 = ns.call(() -> Files.exists(Path.of("/proc/thread-self/net/snmp6"))
                    ? Files.readAllLines(Path.of("/proc/thread-self/net/snmp6"), StandardCharsets.US_ASCII) : List.<String>of());
            for (String l : v6) {
                String[] f = l.trim().split("\\s+");
                if (f.length == 2) {
                    out.put(f[0], Long.parseLong(f[1]));
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    @Override
    public void close() {
        nl.close();
        ns.close();
    }
}
