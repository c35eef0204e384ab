package io.jnet.runtime;

import io.jnet.inet.IpPrefix;
import java.util.Locale;

/**
 * One {@code -p} as written, Docker's syntax: {@code [HOSTIP:][HOSTPORT[-END]:]PORT[-END][/PROTO]}. A host port of 0
 * means "pick one" (automatic: {@code -p 80}, {@code -p 127.0.0.1::80}); a host range with one container port means
 * "pick one from the range"; a host range with a container range of the same length maps port to port.
 *
 * @param text           the spec as given, for messages
 * @param hostIp         the host address ("" for every address), canonical text
 * @param hostStart      first host port, 0 when automatic
 * @param hostEnd        last host port (equal to {@code hostStart} for one port, 0 when automatic)
 * @param containerStart first container port
 * @param containerEnd   last container port
 * @param protocol       tcp, udp or sctp
 */
public record PortSpec(String text, String hostIp, int hostStart, int hostEnd, int containerStart, int containerEnd,
        String protocol) {

    private static final String HINT = "write [HOSTIP:][HOSTPORT[-END]:]PORT[-END][/tcp|udp|sctp], e.g. -p 8080:80, -p 8000-8010:80-90, -p 80";

    /** Parses one {@code -p} value; a usage error naming what is wrong with it otherwise. */
    public static PortSpec parse(String spec) {
        String s = spec.trim();
        String proto = "tcp";
        int slash = s.lastIndexOf('/');
        if (slash >= 0) {
            proto = s.substring(slash + 1).toLowerCase(Locale.ROOT);
            s = s.substring(0, slash);
            if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
                throw bad(spec, "protocol '" + proto + "' is not tcp, udp or sctp");
            }
        }
        String hostIp = "";
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw bad(spec, "an IPv6 host address is written [ADDR]:HOSTPORT:PORT");
            }
            hostIp = s.substring(1, close);
            s = s.substring(close + 2);
            if (s.indexOf(':') < 0) {
                throw bad(spec, "after [ADDR] comes :HOSTPORT:PORT, or ::PORT for an automatic host port");
            }
        }
        String[] parts = s.split(":", -1);
        if (parts.length == 3 && hostIp.isEmpty()) {
            hostIp = parts[0];
            parts = new String[] {parts[1], parts[2]};
        }
        if (parts.length > 2 || parts.length == 0) {
            throw bad(spec, "too many ':' (an IPv6 host address goes in brackets: [::1]:8080:80)");
        }
        if (!hostIp.isEmpty()) {
            try {
                hostIp = IpPrefix.text(IpPrefix.literal(hostIp));
            } catch (IllegalArgumentException e) {
                throw bad(spec, "'" + hostIp + "' is not an IP address");
            }
        }
        int[] container = range(parts[parts.length - 1], spec);
        int[] host = parts.length == 2 && !parts[0].isEmpty() ? range(parts[0], spec) : new int[] {0, 0};
        int hostLen = host[1] - host[0];
        int containerLen = container[1] - container[0];
        if (host[0] != 0 && containerLen > 0 && hostLen != containerLen) {
            throw bad(spec, "host ports " + host[0] + "-" + host[1] + " are " + (hostLen + 1) + ", container ports " + container[0] + "-"
                    + container[1] + " are " + (containerLen + 1) + " (give ranges of the same length, or one container port to have one"
                    + " host port picked from the range)");
        }
        return new PortSpec(spec, hostIp, host[0], host[1], container[0], container[1], proto);
    }

    /** {@code 80} or {@code 8000-8010} as [first, last]. */
    private static int[] range(String text, String spec) {
        int dash = text.indexOf('-');
        if (dash < 0) {
            int p = port(text, spec);
            return new int[] {p, p};
        }
        if (text.indexOf('-', dash + 1) >= 0 || dash == 0 || dash == text.length() - 1) {
            throw bad(spec, "'" + text + "' is not a port or a range such as 8000-8010");
        }
        int first = port(text.substring(0, dash), spec);
        int last = port(text.substring(dash + 1), spec);
        if (last < first) {
            throw bad(spec, "range " + text + " is reversed (write " + last + "-" + first + ")");
        }
        return new int[] {first, last};
    }

    private static int port(String text, String spec) {
        try {
            if (!text.isEmpty() && text.chars().allMatch(Character::isDigit) && text.length() <= 5) {
                int p = Integer.parseInt(text);
                if (p >= 1 && p <= 65535) {
                    return p;
                }
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw bad(spec, "'" + text + "' is not a port (1-65535)");
    }

    private static JnetException bad(String spec, String why) {
        return JnetException.usage("bad port spec '" + spec + "': " + why, HINT);
    }

    /** No host port given: each container port gets one from the automatic pool. */
    public boolean automatic() {
        return hostStart == 0;
    }

    /** A host range for one container port: one host port of the range is picked. */
    public boolean picksFromRange() {
        return hostStart != 0 && hostEnd > hostStart && containerStart == containerEnd;
    }

    public int containerCount() {
        return containerEnd - containerStart + 1;
    }

    /** The mapping of the {@code i}th container port to {@code hostPort}. */
    public PortMapping mapping(int i, int hostPort) {
        return new PortMapping(hostIp, hostPort, containerStart + i, protocol);
    }
}
