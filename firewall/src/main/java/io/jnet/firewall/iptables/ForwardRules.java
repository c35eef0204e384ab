package io.jnet.firewall.iptables;

import io.jnet.firewall.ForwardSpec;
import io.jnet.firewall.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * The filter-table rules, written the way iptables-save prints them so that rules read back compare
 * equal. Chain names and the shared rules are the reference firewall plugin's; per-container and
 * per-bridge rules carry a comment naming their network (and container) so DEL and GC find them
 * without prevResult.
 */
final class ForwardRules {
    static final String TABLE = "filter";
    static final String FORWARD = "FORWARD";
    static final String CNI_FORWARD = "CNI-FORWARD";
    static final String STAGE1 = "CNI-ISOLATION-STAGE-1";
    static final String STAGE2 = "CNI-ISOLATION-STAGE-2";
    private static final String ISOLATION_COMMENT = "CNI firewall plugin rules (ingressPolicy: same-bridge)";

    private ForwardRules() {}

    static Rule jumpToCniForward() {
        return Rule.of("-m", "comment", "--comment", "CNI firewall plugin rules", "-j", CNI_FORWARD);
    }

    static Rule jumpToAdmin(String adminChain) {
        return Rule.of("-m", "comment", "--comment", "CNI firewall plugin admin overrides", "-j", adminChain);
    }

    static Rule jumpToStage1() {
        return Rule.of("-m", "comment", "--comment", ISOLATION_COMMENT, "-j", STAGE1);
    }

    static Rule stageReturn() {
        return Rule.of("-m", "comment", "--comment", ISOLATION_COMMENT, "-j", "RETURN");
    }

    static String containerComment(String network, String containerId) {
        return "jnet name: \"" + network + "\" id: \"" + containerId + "\"";
    }

    static String networkComment(String network) {
        return "jnet name: \"" + network + "\"";
    }

    /**
     * What lets one container's traffic through a FORWARD chain whose policy is DROP: replies to it, what
     * it sends, and connections to its published ports (DNAT made by portmap).
     */
    static List<Rule> container(String cidr, String comment) {
        return List.of(
                Rule.of("-d", cidr, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-m", "comment", "--comment", comment, "-j", "ACCEPT"),
                Rule.of("-s", cidr, "-m", "comment", "--comment", comment, "-j", "ACCEPT"),
                Rule.of("-d", cidr, "-m", "conntrack", "--ctstate", "DNAT", "-m", "comment", "--comment", comment, "-j", "ACCEPT"));
    }

    /**
     * Isolation of a bridge, Docker's two stages: new connections from another bridge into this one are
     * dropped, except to published ports (DNAT), which stay reachable through the host address. Replies
     * pass, so this bridge's containers may still open connections to networks that opted out.
     */
    static List<StageRule> isolation(String bridge, String network) {
        String c = networkComment(network);
        return List.of(
                new StageRule(STAGE1, Rule.of("-i", bridge, "!", "-o", bridge, "-m", "comment", "--comment", c, "-j", STAGE2)),
                new StageRule(STAGE2, Rule.of("-o", bridge, "-m", "conntrack", "!", "--ctstate", "RELATED,ESTABLISHED,DNAT", "-m", "comment", "--comment", c, "-j", "DROP")));
    }

    /** An internal network: nothing is forwarded into or out of its bridge. */
    static List<StageRule> internal(String bridge, String network) {
        String c = networkComment(network);
        return List.of(
                new StageRule(STAGE1, Rule.of("-i", bridge, "!", "-o", bridge, "-m", "comment", "--comment", c, "-j", "DROP")),
                new StageRule(STAGE1, Rule.of("-o", bridge, "!", "-i", bridge, "-m", "comment", "--comment", c, "-j", "DROP")));
    }

    /**
     * The stage rules of one bridge. Every bridge sends what leaves it to stage 2 (an open network's
     * containers must not slip into isolated ones); only isolated bridges add the DROP there.
     */
    static List<StageRule> forBridge(ForwardSpec conf, String bridge) {
        List<StageRule> out = new ArrayList<>();
        if (conf.internal()) {
            out.addAll(internal(bridge, conf.network()));
        }
        if (conf.isolated()) {
            out.addAll(isolation(bridge, conf.network()));
        } else {
            out.add(isolation(bridge, conf.network()).get(0));
        }
        return out;
    }

    /** Whether {@code rule} carries exactly this comment. */
    static boolean hasComment(Rule rule, String comment) {
        List<String> a = rule.args();
        for (int i = 0; i + 1 < a.size(); i++) {
            if (a.get(i).equals("--comment") && a.get(i + 1).equals(comment)) {
                return true;
            }
        }
        return false;
    }

    /** The container ID in a per-container comment of {@code network}, or null. */
    static String containerIdOf(Rule rule, String network) {
        String prefix = "jnet name: \"" + network + "\" id: \"";
        List<String> a = rule.args();
        for (int i = 0; i + 1 < a.size(); i++) {
            String v = a.get(i + 1);
            if (a.get(i).equals("--comment") && v.startsWith(prefix) && v.endsWith("\"")) {
                return v.substring(prefix.length(), v.length() - 1);
            }
        }
        return null;
    }

    /** A rule in one of the isolation stage chains. */
    record StageRule(String chain, Rule rule) {}
}
