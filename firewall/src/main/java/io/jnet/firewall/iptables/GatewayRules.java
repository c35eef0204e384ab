package io.jnet.firewall.iptables;

import io.jnet.firewall.Family;
import io.jnet.firewall.PortMapping;
import io.jnet.firewall.Rule;
import io.jnet.inet.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The rules of the gateway modes, spelt as iptables-save prints them. Direct access (raw table, before NAT, where
 * Docker 28 puts them: moby#48724, #49325): a chain reached first from PREROUTING where every jnet bridge's own
 * traffic returns (isolation between networks stays the filter table's business), then per container of a
 * {@code nat} network a DROP of what arrives for its address from anywhere else, and per port published on a
 * loopback address a DROP of what arrives for it from anywhere but {@code lo} (moby#45610). Routed networks
 * (filter table, CNI-FORWARD): the published container ports and ICMP are accepted, every other new connection
 * into the bridge from outside it is dropped.
 */
final class GatewayRules {
    static final String RAW = "raw";
    static final String PREROUTING = "PREROUTING";
    static final String RAW_CHAIN = "JNET-RAW-PREROUTING";

    private GatewayRules() {}

    static Rule jumpToRawChain() {
        return Rule.of("-m", "comment", "--comment", "jnet: no direct access to containers", "-j", RAW_CHAIN);
    }

    /** Traffic from this network's bridge: left to the filter table (isolation, or --no-isolation's open doors). */
    static Rule bridgeReturn(String bridge, String network) {
        return Rule.of("-i", bridge, "-m", "comment", "--comment", ForwardRules.networkComment(network), "-j", "RETURN");
    }

    /** Anything for the container's address that did not come in from its bridge (a LAN host routing to it). */
    static Rule noDirectAccess(String hostCidr, String bridge, String comment) {
        return Rule.of("-d", hostCidr, "!", "-i", bridge, "-m", "comment", "--comment", comment, "-j", "DROP");
    }

    /** Ports published on a loopback address of {@code family}: dropped unless they come from the host itself. */
    static List<Rule> loopbackDrops(Family family, List<PortMapping> ports, String comment) {
        List<Rule> out = new ArrayList<>();
        for (List<PortMapping> run : runs(ports, p -> p.isLoopback() && p.appliesTo(family), PortMapping::hostPort)) {
            PortMapping p = run.get(0);
            String dst = IpPrefix.text(IpPrefix.literal(p.hostIp())) + (family == Family.IPV4 ? "/32" : "/128");
            out.add(Rule.of("-d", dst, "!", "-i", "lo", "-p", p.protocol(), "-m", p.protocol(), "--dport",
                    ports(run, PortMapping::hostPort), "-m", "comment", "--comment", comment, "-j", "DROP"));
        }
        return out;
    }

    /** Routed: the container ports published in {@code family}, open on the container's address from outside the bridge. */
    static List<Rule> openPorts(Family family, String hostCidr, String bridge, List<PortMapping> ports, String comment) {
        List<Rule> out = new ArrayList<>();
        for (List<PortMapping> run : runs(ports, p -> p.appliesTo(family), PortMapping::containerPort)) {
            PortMapping p = run.get(0);
            Rule r = Rule.of("-d", hostCidr, "!", "-i", bridge, "-o", bridge, "-p", p.protocol(), "-m", p.protocol(), "--dport",
                    ports(run, PortMapping::containerPort), "-m", "comment", "--comment", comment, "-j", "ACCEPT");
            if (!out.contains(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Routed: ICMP into the bridge (path MTU, IPv6 neighbours), as Docker allows it. */
    static Rule routedIcmp(Family family, String bridge, String network) {
        return Rule.of("!", "-i", bridge, "-o", bridge, "-p", family == Family.IPV4 ? "icmp" : "ipv6-icmp",
                "-m", "comment", "--comment", ForwardRules.networkComment(network), "-j", "ACCEPT");
    }

    /** Routed: every other new connection into the bridge from outside it; kept the last rule of CNI-FORWARD. */
    static Rule routedDrop(String bridge, String network) {
        return Rule.of("!", "-i", bridge, "-o", bridge, "-m", "conntrack", "!", "--ctstate", "RELATED,ESTABLISHED,DNAT",
                "-m", "comment", "--comment", ForwardRules.networkComment(network), "-j", "DROP");
    }

    /**
     * The ports {@code keep} selects, in order, cut into runs of one protocol and host address whose {@code port}
     * goes up by one: a published range becomes one rule.
     */
    private static List<List<PortMapping>> runs(List<PortMapping> ports, java.util.function.Predicate<PortMapping> keep,
            ToIntFunction<PortMapping> port) {
        List<List<PortMapping>> out = new ArrayList<>();
        for (PortMapping p : ports) {
            if (!keep.test(p)) {
                continue;
            }
            List<PortMapping> last = out.isEmpty() ? null : out.get(out.size() - 1);
            PortMapping tail = last == null ? null : last.get(last.size() - 1);
            if (tail != null && tail.protocol().equals(p.protocol()) && java.util.Objects.equals(tail.hostIp(), p.hostIp())
                    && port.applyAsInt(p) == port.applyAsInt(tail) + 1) {
                last.add(p);
            } else {
                out.add(new ArrayList<>(List.of(p)));
            }
        }
        return out;
    }

    private static String ports(List<PortMapping> run, ToIntFunction<PortMapping> port) {
        int first = port.applyAsInt(run.get(0));
        int last = port.applyAsInt(run.get(run.size() - 1));
        return first == last ? Integer.toString(first) : first + ":" + last;
    }
}
