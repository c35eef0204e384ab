package io.jnet.trace;

import io.jnet.firewall.Rule;
import io.jnet.inet.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether one iptables rule (as iptables-save prints it) matches a packet, for the matches jnet's and the usual
 * tools' rules use: addresses, interfaces (with the {@code +} wildcard), protocol and ports (tcp, udp, multiport),
 * addrtype, conntrack/state, mark, icmp type, comment. A rule using anything else cannot be evaluated: it is reported
 * as such and taken as not matching.
 */
final class RuleMatch {
    /** The outcome for one rule. */
    enum Result { MATCH, NO_MATCH, UNKNOWN }

    /** Where the packet is: its interfaces and what the namespace considers its own addresses. */
    interface Context {
        /** The input interface, null for a locally generated packet. */
        String in();

        /** The output interface, null before routing (PREROUTING, INPUT). */
        String out();

        /** An addrtype of {@code address} in this namespace: LOCAL, UNICAST, BROADCAST, MULTICAST... */
        String addressType(InetAddress address);
    }

    /** A parsed rule: its target and the target's options, and whether any match went unevaluated. */
    record Parsed(String target, boolean goTo, List<String> targetOptions) {}

    private static final Set<String> IGNORED_MODULE_OPTIONS = Set.of("--comment");

    private RuleMatch() {}

    /** The rule's target (after -j or -g) and its options. */
    static Parsed target(Rule rule) {
        List<String> a = rule.args();
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).equals("-j") || a.get(i).equals("--jump") || a.get(i).equals("-g") || a.get(i).equals("--goto")) {
                return new Parsed(i + 1 < a.size() ? a.get(i + 1) : "", a.get(i).startsWith("-g") || a.get(i).equals("--goto"),
                        new ArrayList<>(a.subList(Math.min(i + 2, a.size()), a.size())));
            }
        }
        return new Parsed("", false, List.of());
    }

    static Result matches(Rule rule, Packet p, Context ctx) {
        List<String> a = rule.args();
        boolean negate = false;
        boolean unknown = false;
        for (int i = 0; i < a.size(); i++) {
            String opt = a.get(i);
            if (opt.equals("-j") || opt.equals("--jump") || opt.equals("-g") || opt.equals("--goto")) {
                break; // the rest are the target's options
            }
            if (opt.equals("!")) {
                negate = true;
                continue;
            }
            String val = i + 1 < a.size() ? a.get(i + 1) : "";
            Boolean m;
            switch (opt) {
                case "-m", "--match" -> {
                    i++;
                    negate = false;
                    continue;
                }
                case "-s", "--source" -> m = inPrefix(p.src, val);
                case "-d", "--destination" -> m = inPrefix(p.dst, val);
                case "-i", "--in-interface" -> m = ctx.in() != null && iface(ctx.in(), val);
                case "-o", "--out-interface" -> m = ctx.out() != null && iface(ctx.out(), val);
                case "-p", "--protocol" -> m = protocol(p, val);
                case "--dport", "--destination-port" -> m = p.hasPorts() && inRange(p.dport, val);
                case "--sport", "--source-port" -> m = p.hasPorts() && inRange(p.sport, val);
                case "--dports", "--destination-ports" -> m = p.hasPorts() && inList(p.dport, val);
                case "--sports", "--source-ports" -> m = p.hasPorts() && inList(p.sport, val);
                case "--ports" -> m = p.hasPorts() && (inList(p.dport, val) || inList(p.sport, val));
                case "--dst-type" -> m = types(val).contains(ctx.addressType(p.dst));
                case "--src-type" -> m = types(val).contains(ctx.addressType(p.src));
                case "--ctstate", "--state" -> m = ctState(p, val);
                case "--mark" -> m = mark(p.mark, val);
                case "--icmp-type", "--icmpv6-type" -> m = !p.hasPorts() && (val.contains("echo-request") || val.equals("8") || val.equals("128")
                        || val.equals("any"));
                default -> {
                    if (IGNORED_MODULE_OPTIONS.contains(opt)) {
                        i++;
                        negate = false;
                        continue;
                    }
                    unknown = true;
                    negate = false;
                    continue;
                }
            }
            i++;
            if (m == negate) { // matched xor negated: a failed test, or a negated one that holds
                return Result.NO_MATCH;
            }
            negate = false;
        }
        return unknown ? Result.UNKNOWN : Result.MATCH;
    }

    private static boolean inPrefix(InetAddress a, String cidr) {
        if (a == null) {
            return false;
        }
        IpPrefix prefix = IpPrefix.parse(cidr.contains("/") ? cidr : cidr + (cidr.contains(":") ? "/128" : "/32"));
        return prefix.family() == (a.getAddress().length == 4 ? 2 : 10) && prefix.contains(a);
    }

    /** iptables interface names: a trailing '+' matches any name with that prefix. */
    static boolean iface(String name, String pattern) {
        return pattern.endsWith("+") ? name.startsWith(pattern.substring(0, pattern.length() - 1)) : name.equals(pattern);
    }

    private static boolean protocol(Packet p, String val) {
        String v = val.toLowerCase(Locale.ROOT);
        return switch (v) {
            case "all", "0" -> true;
            case "tcp", "6" -> p.proto.equals("tcp");
            case "udp", "17" -> p.proto.equals("udp");
            case "sctp", "132" -> p.proto.equals("sctp");
            case "icmp", "1" -> p.proto.equals("icmp") && p.ipv4();
            case "ipv6-icmp", "icmpv6", "58" -> p.proto.equals("icmp") && !p.ipv4();
            default -> false;
        };
    }

    private static boolean inRange(int port, String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            return port == Integer.parseInt(spec);
        }
        int lo = colon == 0 ? 0 : Integer.parseInt(spec.substring(0, colon));
        int hi = colon == spec.length() - 1 ? 65535 : Integer.parseInt(spec.substring(colon + 1));
        return port >= lo && port <= hi;
    }

    private static boolean inList(int port, String list) {
        for (String part : list.split(",")) {
            if (inRange(port, part)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> types(String val) {
        return List.of(val.toUpperCase(Locale.ROOT).split(","));
    }

    /** The first packet of a connection is NEW; with its destination rewritten, conntrack also says DNAT. */
    private static boolean ctState(Packet p, String val) {
        for (String s : val.toUpperCase(Locale.ROOT).split(",")) {
            if (s.equals("NEW") || s.equals("DNAT") && p.dnat) {
                return true;
            }
        }
        return false;
    }

    private static boolean mark(int mark, String val) {
        int slash = val.indexOf('/');
        long value = Long.decode(slash < 0 ? val : val.substring(0, slash));
        long mask = slash < 0 ? 0xffffffffL : Long.decode(val.substring(slash + 1));
        return (Integer.toUnsignedLong(mark) & mask) == value;
    }
}
