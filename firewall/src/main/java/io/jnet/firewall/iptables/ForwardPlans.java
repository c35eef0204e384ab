package io.jnet.firewall.iptables;

import io.jnet.firewall.Family;
import io.jnet.firewall.ForwardSpec;
import io.jnet.firewall.GatewayMode;
import io.jnet.firewall.Rule;
import io.jnet.firewall.Table;
import io.jnet.firewall.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Turns the filter table as it is into the one transaction an ADD, DEL or GC needs for one family. */
final class ForwardPlans {
    private ForwardPlans() {}

    /** Everything one attachment needs; rules already present are left alone. */
    static Transaction add(Table t, ForwardSpec conf, String containerId, String bridge, List<String> hostCidrs) {
        Transaction tx = new Transaction(ForwardRules.TABLE);
        boolean insertForwardJump = !t.contains(ForwardRules.FORWARD, ForwardRules.jumpToCniForward());
        if (!t.hasChain(ForwardRules.CNI_FORWARD)) {
            tx.declareChain(ForwardRules.CNI_FORWARD);
        }
        if (!t.hasChain(conf.adminChain())) {
            tx.declareChain(conf.adminChain());
        }
        List<ForwardRules.StageRule> stageRules = bridge == null ? List.of() : ForwardRules.forBridge(conf, bridge);
        boolean needStages = !stageRules.isEmpty();
        if (needStages) {
            for (String chain : List.of(ForwardRules.STAGE1, ForwardRules.STAGE2)) {
                if (!t.hasChain(chain)) {
                    tx.declareChain(chain);
                }
            }
        }
        if (insertForwardJump) {
            tx.insert(ForwardRules.FORWARD, ForwardRules.jumpToCniForward());
        }
        if (!t.contains(ForwardRules.CNI_FORWARD, ForwardRules.jumpToAdmin(conf.adminChain()))) {
            tx.insert(ForwardRules.CNI_FORWARD, ForwardRules.jumpToAdmin(conf.adminChain()));
        }
        String comment = ForwardRules.containerComment(conf.network(), containerId);
        for (String cidr : hostCidrs) {
            for (Rule r : ForwardRules.container(cidr, comment)) {
                if (!t.contains(ForwardRules.CNI_FORWARD, r)) {
                    tx.append(ForwardRules.CNI_FORWARD, r);
                }
            }
        }
        if (conf.gatewayMode() == GatewayMode.ROUTED && bridge != null && !hostCidrs.isEmpty()) {
            routed(t, tx, conf, containerId, bridge, hostCidrs);
        }
        for (ForwardRules.StageRule sr : stageRules) {
            if (!t.contains(sr.chain(), sr.rule())) {
                tx.insert(sr.chain(), sr.rule());
            }
        }
        if (needStages) {
            for (String chain : List.of(ForwardRules.STAGE1, ForwardRules.STAGE2)) {
                if (!t.contains(chain, ForwardRules.stageReturn())) {
                    tx.append(chain, ForwardRules.stageReturn());
                }
            }
        }
        keepIsolationFirst(t, tx, needStages, insertForwardJump);
        return tx;
    }

    /** A routed network's rules for one attachment in the family of {@code hostCidrs}: the DROP last, after every ACCEPT. */
    static List<Rule> routedRules(ForwardSpec conf, String containerId, String bridge, List<String> hostCidrs) {
        Family family = Family.of(hostCidrs.get(0));
        String comment = ForwardRules.containerComment(conf.network(), containerId);
        List<Rule> out = new ArrayList<>();
        for (String cidr : hostCidrs) {
            out.addAll(GatewayRules.openPorts(family, cidr, bridge, conf.published(), comment));
        }
        out.add(GatewayRules.routedIcmp(family, bridge, conf.network()));
        out.add(GatewayRules.routedDrop(bridge, conf.network()));
        return out;
    }

    private static void routed(Table t, Transaction tx, ForwardSpec conf, String containerId, String bridge, List<String> hostCidrs) {
        List<Rule> wanted = routedRules(conf, containerId, bridge, hostCidrs);
        Rule drop = wanted.get(wanted.size() - 1);
        List<Rule> forward = t.rules(ForwardRules.CNI_FORWARD);
        boolean appended = false;
        for (Rule r : wanted.subList(0, wanted.size() - 1)) {
            if (!forward.contains(r)) {
                tx.append(ForwardRules.CNI_FORWARD, r);
                appended = true;
            }
        }
        boolean dropLast = !forward.isEmpty() && forward.get(forward.size() - 1).equals(drop);
        if (forward.contains(drop) && (appended || !dropLast)) {
            tx.delete(ForwardRules.CNI_FORWARD, drop); // moved behind what was just appended
        }
        if (!forward.contains(drop) || appended || !dropLast) {
            tx.append(ForwardRules.CNI_FORWARD, drop);
        }
    }

    /**
     * Isolation must be decided before CNI-FORWARD accepts a container's traffic, so the jump to stage 1
     * stays the first rule of FORWARD whenever it exists, also after a CNI-FORWARD jump was inserted.
     */
    private static void keepIsolationFirst(Table t, Transaction tx, boolean needStages, boolean forwardJumpInserted) {
        List<Rule> forward = t.rules(ForwardRules.FORWARD);
        boolean present = forward.contains(ForwardRules.jumpToStage1());
        boolean first = present && forward.get(0).equals(ForwardRules.jumpToStage1());
        if (!present && !needStages) {
            return;
        }
        if (present && first && !forwardJumpInserted) {
            return;
        }
        if (present) {
            tx.delete(ForwardRules.FORWARD, ForwardRules.jumpToStage1());
        }
        tx.insert(ForwardRules.FORWARD, ForwardRules.jumpToStage1());
    }

    /**
     * Removes the per-container rules of {@code network} whose container ID {@code drop} selects, then
     * what no remaining attachment of the network needs, then the shared chains once nothing uses them.
     */
    static Transaction remove(Table t, String network, String adminChain, Predicate<String> drop) {
        Transaction tx = new Transaction(ForwardRules.TABLE);
        List<Rule> cniForward = new ArrayList<>(t.rules(ForwardRules.CNI_FORWARD));
        boolean networkStillUsed = false;
        for (Rule r : t.rules(ForwardRules.CNI_FORWARD)) {
            String id = ForwardRules.containerIdOf(r, network);
            if (id == null) {
                continue;
            }
            if (drop.test(id)) {
                tx.delete(ForwardRules.CNI_FORWARD, r);
                cniForward.remove(r);
            } else {
                networkStillUsed = true;
            }
        }
        List<Rule> stage1 = new ArrayList<>(t.rules(ForwardRules.STAGE1));
        List<Rule> stage2 = new ArrayList<>(t.rules(ForwardRules.STAGE2));
        if (!networkStillUsed) {
            String c = ForwardRules.networkComment(network);
            removeCommented(tx, ForwardRules.STAGE1, stage1, c);
            removeCommented(tx, ForwardRules.STAGE2, stage2, c);
            removeCommented(tx, ForwardRules.CNI_FORWARD, cniForward, c); // a routed network's ICMP accept and drop
        }
        Predicate<Rule> isReturn = r -> r.equals(ForwardRules.stageReturn());
        if (t.hasChain(ForwardRules.STAGE1) && stage1.stream().allMatch(isReturn) && stage2.stream().allMatch(isReturn)
                && onlyJumpsFromForward(t, ForwardRules.STAGE1) && !referencedElsewhere(t, ForwardRules.STAGE2, ForwardRules.STAGE1)) {
            if (t.contains(ForwardRules.FORWARD, ForwardRules.jumpToStage1())) {
                tx.delete(ForwardRules.FORWARD, ForwardRules.jumpToStage1());
            }
            tx.flush(ForwardRules.STAGE1).flush(ForwardRules.STAGE2).deleteChain(ForwardRules.STAGE1).deleteChain(ForwardRules.STAGE2);
        }
        boolean onlyAdminJump = cniForward.stream().allMatch(r -> r.equals(ForwardRules.jumpToAdmin(adminChain)));
        if (t.hasChain(ForwardRules.CNI_FORWARD) && onlyAdminJump && t.rules(adminChain).isEmpty()
                && onlyJumpsFromForward(t, ForwardRules.CNI_FORWARD)) {
            if (t.contains(ForwardRules.FORWARD, ForwardRules.jumpToCniForward())) {
                tx.delete(ForwardRules.FORWARD, ForwardRules.jumpToCniForward());
            }
            tx.flush(ForwardRules.CNI_FORWARD).deleteChain(ForwardRules.CNI_FORWARD);
            if (t.hasChain(adminChain)) {
                tx.deleteChain(adminChain);
            }
        }
        return tx;
    }

    /** Whether an attachment of {@code network} that {@code drop} does not select keeps rules in CNI-FORWARD. */
    static boolean networkStillUsed(Table t, String network, Predicate<String> drop) {
        for (Rule r : t.rules(ForwardRules.CNI_FORWARD)) {
            String id = ForwardRules.containerIdOf(r, network);
            if (id != null && !drop.test(id)) {
                return true;
            }
        }
        return false;
    }

    private static void removeCommented(Transaction tx, String chain, List<Rule> rules, String comment) {
        for (Rule r : List.copyOf(rules)) {
            if (ForwardRules.hasComment(r, comment)) {
                tx.delete(chain, r);
                rules.remove(r);
            }
        }
    }

    /** Whether every jump to {@code chain} comes from FORWARD through our own jump rule. */
    private static boolean onlyJumpsFromForward(Table t, String chain) {
        Rule ours = chain.equals(ForwardRules.STAGE1) ? ForwardRules.jumpToStage1() : ForwardRules.jumpToCniForward();
        for (String c : t.chains()) {
            for (Rule r : t.rules(c)) {
                if (jumpsTo(r, chain) && !(c.equals(ForwardRules.FORWARD) && r.equals(ours))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean referencedElsewhere(Table t, String chain, String allowedFrom) {
        for (String c : t.chains()) {
            if (c.equals(allowedFrom)) {
                continue;
            }
            for (Rule r : t.rules(c)) {
                if (jumpsTo(r, chain)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean jumpsTo(Rule r, String chain) {
        List<String> a = r.args();
        for (int i = 0; i + 1 < a.size(); i++) {
            if ((a.get(i).equals("-j") || a.get(i).equals("-g")) && a.get(i + 1).equals(chain)) {
                return true;
            }
        }
        return false;
    }
}
