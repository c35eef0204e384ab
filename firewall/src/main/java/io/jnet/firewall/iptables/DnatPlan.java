package io.jnet.firewall.iptables;

import io.jnet.firewall.Family;
import io.jnet.firewall.PortMapping;
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
    /** multiport takes at most 15 ports per rule. */
    private static final int MULTIPORT_MAX = 15;

    public static DnatPlan build(PortPublication conf, Family family) {
        String containerId = conf.containerId();
        IpPrefix container = conf.address(family);
        String chain = Chains.dnatChain(conf.network(), containerId);
        String comment = Chains.dnatComment(conf.network(), containerId);
        boolean v6 = family == Family.IPV6;
        List<String> conditions = v6 ? conf.conditionsV6() : conf.conditionsV4();

        // Entry rules: per protocol (sorted), every host port of that protocol in mapping order, like the reference.
        Map<String, List<Integer>> byProto = new TreeMap<>();
        for (PortMapping m : conf.mappings()) {
            byProto.computeIfAbsent(m.protocol(), k -> new ArrayList<>()).add(m.hostPort());
        }
        List<Rule> entries = new ArrayList<>();
        byProto.forEach((proto, ports) -> {
            for (int i = 0; i < ports.size(); i += MULTIPORT_MAX) {
                List<String> r = new ArrayList<>(List.of("-p", proto, "-m", "comment", "--comment", comment,
                        "-m", "multiport", "--dports", join(ports.subList(i, Math.min(ports.size(), i + MULTIPORT_MAX)))));
                r.addAll(conditions);
                r.addAll(List.of("-j", chain));
                entries.add(new Rule(r));
            }
        });

        String markChain = conf.externalSetMarkChain() != null ? conf.externalSetMarkChain() : Chains.SETMARK;
        String hairpinSource = conf.masqAll() ? null : container.network().toString();
        List<Rule> rules = new ArrayList<>();
        for (PortMapping m : conf.mappings()) {
            if (!m.appliesTo(family)) {
                continue;
            }
            String dst = m.destination() == null ? null : m.destination() + (v6 ? "/128" : "/32");
            if (conf.snat()) {
                rules.add(rule(hairpinSource, dst, m, "-j", markChain));
                if (!v6 && !conf.masqAll()) {
                    rules.add(rule("127.0.0.1/32", dst, m, "-j", markChain));
                }
            }
            String to = v6 ? "[" + IpPrefix.text(container.address()) + "]:" + m.containerPort()
                    : IpPrefix.text(container.address()) + ":" + m.containerPort();
            rules.add(rule(null, dst, m, "-j", "DNAT", "--to-destination", to));
        }

        String mark = Chains.markDef(conf.markMasqBit());
        Rule setMark = Rule.of("-m", "comment", "--comment", "CNI portfwd masquerade mark", "-j", "MARK", "--set-xmark", mark);
        Rule masq = Rule.of("-m", "mark", "--mark", mark, "-j", "MASQUERADE");
        boolean shared = conf.snat() && conf.externalSetMarkChain() == null;
        return new DnatPlan(family, chain, entries, rules, shared, setMark, masq, conditions.isEmpty());
    }

    /** {@code -s S -d D -p P -m P --dport H <target...>}, the order iptables-save prints. */
    private static Rule rule(String source, String dst, PortMapping m, String... target) {
        List<String> r = new ArrayList<>();
        if (source != null) {
            r.addAll(List.of("-s", source));
        }
        if (dst != null) {
            r.addAll(List.of("-d", dst));
        }
        r.addAll(List.of("-p", m.protocol(), "-m", m.protocol(), "--dport", Integer.toString(m.hostPort())));
        r.addAll(List.of(target));
        return new Rule(r);
    }

    private static String join(List<Integer> ports) {
        StringBuilder sb = new StringBuilder();
        for (Integer p : ports) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(p);
        }
        return sb.toString();
    }
}
