package io.jnet.graph;

import io.jnet.firewall.Family;
import io.jnet.firewall.Rule;
import io.jnet.firewall.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the host's live iptables rules do, in the layouts of jnet's plugins (cni-compat.md): per network, the
 * attachments masqueraded (bridge) and accepted by CNI-FORWARD (firewall), whether its bridge is isolated, the
 * published ports (portmap's DNAT chains); and, summarised, every rule and chain of other tools.
 */
public final class FirewallSummary {
    private static final Pattern MASQ_COMMENT = Pattern.compile("name: \"([^\"]+)\" id: \"([^\"]+)\"");
    private static final Pattern DNAT_COMMENT = Pattern.compile("dnat name: \"([^\"]+)\" id: \"([^\"]+)\"");
    private static final Pattern JNET_COMMENT = Pattern.compile("jnet name: \"([^\"]+)\"(?: id: \"([^\"]+)\")?");
    private static final Set<String> BUILT_IN = Set.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING");

    /** Per network: containers masqueraded, containers accepted, isolation ("isolated", "internal", "open"). */
    public record NetworkRules(Set<String> masqueraded, Set<String> accepted, String isolation) {}

    /** A published port with the attachment it belongs to. */
    public record Published(String network, String containerId, String hostIp, int hostPort, String protocol, String toIp, int toPort) {}

    private final Map<String, NetworkRules> networks = new LinkedHashMap<>();
    private final List<Published> ports = new ArrayList<>();
    private final List<String> foreign = new ArrayList<>();

    /** Reads the summary out of the nat and filter tables of each family ({@code tables.get(family).get("nat")}). */
    public static FirewallSummary of(Map<Family, Map<String, Table>> tables) {
        FirewallSummary s = new FirewallSummary();
        for (Map.Entry<Family, Map<String, Table>> f : tables.entrySet()) {
            Table nat = f.getValue().get("nat");
            Table filter = f.getValue().get("filter");
            if (nat != null) {
                s.readNat(f.getKey(), nat);
            }
            if (filter != null) {
                s.readFilter(f.getKey(), filter);
            }
        }
        return s;
    }

    public Map<String, NetworkRules> networks() {
        return networks;
    }

    public List<Published> ports() {
        return ports;
    }

    /** Other tools' rules, one line per chain or built-in chain they add to, e.g. "nat DOCKER: 3 rules". */
    public List<String> foreign() {
        return foreign;
    }

    private NetworkRules rules(String network) {
        return networks.computeIfAbsent(network, n -> new NetworkRules(new HashSet<>(), new HashSet<>(), ""));
    }

    private void readNat(Family family, Table nat) {
        for (Rule r : nat.rules("POSTROUTING")) {
            Matcher m = MASQ_COMMENT.matcher(comment(r));
            if (m.matches() && jumpsToCni(r)) {
                rules(m.group(1)).masqueraded().add(m.group(2));
            }
        }
        Map<String, String[]> dnatChains = new HashMap<>();
        for (Rule r : nat.rules("CNI-HOSTPORT-DNAT")) {
            Matcher m = DNAT_COMMENT.matcher(comment(r));
            String target = arg(r, "-j");
            if (m.matches() && target != null) {
                dnatChains.put(target, new String[] {m.group(1), m.group(2)});
            }
        }
        for (Map.Entry<String, String[]> e : dnatChains.entrySet()) {
            for (Rule r : nat.rules(e.getKey())) {
                Published p = published(r, e.getValue()[0], e.getValue()[1]);
                if (p != null) {
                    ports.add(p);
                }
            }
        }
        foreignRules(family, nat);
    }

    /** {@code [-d HOSTIP/32] -p P -m P --dport H -j DNAT --to-destination A:C} (IPv6: {@code [A]:C}). */
    static Published published(Rule r, String network, String containerId) {
        String to = arg(r, "--to-destination");
        String dport = arg(r, "--dport");
        if (!"DNAT".equals(arg(r, "-j")) || to == null || dport == null) {
            return null;
        }
        int colon = to.lastIndexOf(':');
        String ip = to.substring(0, colon).replace("[", "").replace("]", "");
        String hostIp = arg(r, "-d");
        if (hostIp != null && hostIp.contains("/")) {
            hostIp = hostIp.substring(0, hostIp.indexOf('/'));
        }
        String proto = arg(r, "-p");
        return new Published(network, containerId, hostIp == null ? "" : hostIp, Integer.parseInt(dport),
                proto == null ? "tcp" : proto, ip, Integer.parseInt(to.substring(colon + 1)));
    }

    private void readFilter(Family family, Table filter) {
        for (Rule r : filter.rules("CNI-FORWARD")) {
            Matcher m = JNET_COMMENT.matcher(comment(r));
            if (m.matches() && m.group(2) != null) {
                rules(m.group(1)).accepted().add(m.group(2));
            }
        }
        for (String stage : List.of("CNI-ISOLATION-STAGE-1", "CNI-ISOLATION-STAGE-2")) {
            for (Rule r : filter.rules(stage)) {
                Matcher m = JNET_COMMENT.matcher(comment(r));
                if (!m.matches()) {
                    continue;
                }
                NetworkRules now = rules(m.group(1));
                String level = now.isolation();
                boolean drop = "DROP".equals(arg(r, "-j"));
                if (stage.endsWith("1") && drop) {
                    level = "internal";
                } else if (stage.endsWith("2") && drop && !level.equals("internal")) {
                    level = "isolated";
                } else if (level.isEmpty()) {
                    level = "open";
                }
                networks.put(m.group(1), new NetworkRules(now.masqueraded(), now.accepted(), level));
            }
        }
        String policy = filter.policy("FORWARD");
        if ("DROP".equals(policy)) {
            foreign.add(family.command() + " filter FORWARD policy DROP (set by another tool or by hand)");
        }
        foreignRules(family, filter);
    }

    /** Chains not named CNI-*, and rules of built-in chains that neither jump to CNI-* nor carry a CNI comment. */
    private void foreignRules(Family family, Table t) {
        for (String chain : t.chains().stream().sorted().toList()) {
            if (BUILT_IN.contains(chain)) {
                long theirs = t.rules(chain).stream().filter(r -> !isCni(r)).count();
                if (theirs > 0) {
                    foreign.add(family.command() + " " + t.name() + " " + chain + ": " + theirs + " rule" + (theirs == 1 ? "" : "s") + " of other tools");
                }
            } else if (!chain.startsWith("CNI-")) {
                int n = t.rules(chain).size();
                foreign.add(family.command() + " " + t.name() + " chain " + chain + ": " + n + " rule" + (n == 1 ? "" : "s"));
            }
        }
    }

    static boolean isCni(Rule r) {
        String target = arg(r, "-j");
        String c = comment(r);
        return target != null && target.startsWith("CNI-") || c.startsWith("CNI ") || c.contains("name: \"");
    }

    private static boolean jumpsToCni(Rule r) {
        String target = arg(r, "-j");
        return target != null && target.startsWith("CNI-");
    }

    static String comment(Rule r) {
        String c = arg(r, "--comment");
        return c == null ? "" : c;
    }

    /** The value after the first {@code option} in the rule, or null. */
    static String arg(Rule r, String option) {
        List<String> a = r.args();
        for (int i = 0; i + 1 < a.size(); i++) {
            if (a.get(i).equals(option)) {
                return a.get(i + 1);
            }
        }
        return null;
    }
}
