package io.jnet.firewall.iptables;

import io.jnet.firewall.Family;
import io.jnet.firewall.PortMapping;
import io.jnet.firewall.PortRun;
import io.jnet.firewall.PortPublication;
import io.jnet.firewall.Rule;
import io.jnet.inet.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The nat-table rules that publish one attachment's ports in one family, built like the reference builds
 * them and spelt the way iptables-save prints them, so rules read back compare equal token by token.
 *
 * @param family       the address family
 * @param chain        the attachment's chain ({@code CNI-DN-...})
 * @param entryRules   the jumps from {@code CNI-HOSTPORT-DNAT} into {@link #chain}, one per protocol and 15 ports
 * @param chainRules   the rules of {@link #chain}: per mapping the hairpin mark, the localhost mark (IPv4) and the DNAT
 * @param sharedMarks  whether the shared SETMARK/MASQ chains are ours to ensure (snat without an external chain)
 * @param setMarkRule  the rule of {@code CNI-HOSTPORT-SETMARK}
 * @param masqRule     the rule of {@code CNI-HOSTPORT-MASQ}
 * @param exactEntries whether {@link #entryRules} are spelt as iptables-save prints them (not so with conditions)
 */
public record DnatPlan(Family family, String chain, List<Rule> entryRules, List<Rule> chainRules, boolean sharedMarks,
        Rule setMarkRule, Rule masqRule, boolean exactEntries) {

    /** Jump from PREROUTING and OUTPUT into the shared DNAT chain. */
    public static final Rule TOP_DNAT_JUMP = Rule.of("-m", "addrtype", "--dst-type", "LOCAL", "-j", Chains.TOP_DNAT);
    /** Jump from POSTROUTING (first) into the shared MASQ chain. */
    public static final Rule MASQ_JUMP = Rule.of("-m", "comment", "--comment", "CNI portfwd requiring masquerade",
            "-j", Chains.MASQ);
    /** The loopback destinations the userland proxy serves instead of NAT. */
    static final String LOOPBACK_V4 = "127.0.0.0/8";
    static final String LOOPBACK_V6 = "::1/128";
    /** multiport takes at most 15 ports per rule. */
    private static final int MULTIPORT_MAX = 15;

    public static DnatPlan build(PortPublication conf, Family family) {
        String containerId = conf.containerId();
        IpPrefix container = conf.address(family);
        String chain = Chains.dnatChain(conf.network(), containerId);
        String comment = Chains.dnatComment(conf.network(), containerId);
        boolean v6 = family == Family.IPV6;
        List<String> conditions = v6 ? conf.conditionsV6() : conf.conditionsV4();

        // Entry rules: per protocol (sorted), every host port (or run of them) of that protocol in mapping order,
        // like the reference; multiport counts a range as two of its fifteen ports.
        List<PortRun> runs = PortRun.of(conf.mappings());
        Map<String, List<PortRun>> byProto = new TreeMap<>();
        for (PortRun r : runs) {
            byProto.computeIfAbsent(r.protocol(), k -> new ArrayList<>()).add(r);
        }
        List<Rule> entries = new ArrayList<>();
        byProto.forEach((proto, ofProto) -> {
            for (List<String> ports : multiportGroups(ofProto)) {
                List<String> r = new ArrayList<>(List.of("-p", proto, "-m", "comment", "--comment", comment,
                        "-m", "multiport", "--dports", String.join(",", ports)));
                r.addAll(conditions);
                r.addAll(List.of("-j", chain));
                entries.add(new Rule(r));
            }
        });

        String markChain = conf.externalSetMarkChain() != null ? conf.externalSetMarkChain() : Chains.SETMARK;
        String hairpinSource = conf.masqAll() ? null : container.network().toString();
        List<Rule> rules = new ArrayList<>();
        if (conf.userlandProxy()) {
            // Loopback is the proxy's (as Docker's OUTPUT rule skips 127.0.0.0/8): IPv6 cannot NAT ::1 at all, and
            // for IPv4 it spares the bridge route_localnet, which is what exposed 127.0.0.1 ports to the LAN (moby#45610).
            rules.add(Rule.of("-d", v6 ? LOOPBACK_V6 : LOOPBACK_V4, "-j", "RETURN"));
        }
        String containerIp = IpPrefix.text(container.address());
        for (PortRun run : runs) {
            PortMapping m = run.first();
            if (!m.appliesTo(family) || conf.userlandProxy() && m.isLoopback()) {
                continue;
            }
            String dst = m.destination() == null ? null : m.destination() + (v6 ? "/128" : "/32");
            if (conf.snat()) {
                rules.add(rule(hairpinSource, dst, run, "-j", markChain));
                if (!v6 && !conf.masqAll() && !conf.userlandProxy()) {
                    rules.add(rule("127.0.0.1/32", dst, run, "-j", markChain));
                }
            }
            rules.add(rule(null, dst, run, "-j", "DNAT", "--to-destination", run.target(containerIp, v6)));
        }

        String mark = Chains.markDef(conf.markMasqBit());
        Rule setMark = Rule.of("-m", "comment", "--comment", "CNI portfwd masquerade mark", "-j", "MARK", "--set-xmark", mark);
        Rule masq = Rule.of("-m", "mark", "--mark", mark, "-j", "MASQUERADE");
        boolean shared = conf.snat() && conf.externalSetMarkChain() == null;
        return new DnatPlan(family, chain, entries, rules, shared, setMark, masq, conditions.isEmpty());
    }

    /**
     * The host ports of {@code runs} as multiport {@code --dports} lists: at most fifteen ports per list, a range
     * counting as two.
     */
    static List<List<String>> multiportGroups(List<PortRun> runs) {
        List<List<String>> out = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        int slots = 0;
        for (PortRun r : runs) {
            int need = r.isSingle() ? 1 : 2;
            if (slots + need > MULTIPORT_MAX) {
                out.add(cur);
                cur = new ArrayList<>();
                slots = 0;
            }
            cur.add(r.hostPorts());
            slots += need;
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

    /** {@code -s S -d D -p P -m P --dport H[:E] <target...>}, the order iptables-save prints. */
    private static Rule rule(String source, String dst, PortRun m, String... target) {
        List<String> r = new ArrayList<>();
        if (source != null) {
            r.addAll(List.of("-s", source));
        }
        if (dst != null) {
            r.addAll(List.of("-d", dst));
        }
        r.addAll(List.of("-p", m.protocol(), "-m", m.protocol(), "--dport", m.hostPorts()));
        r.addAll(List.of(target));
        return new Rule(r);
    }
}
