package io.jnet.plugin.firewall;

import io.jnet.firewall.Rule;
import io.jnet.firewall.Table;
import io.jnet.firewall.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Turns the filter table as it is into the one transaction an ADD, DEL or GC needs for one family. */
final class Plans {
    private Plans() {}

    /** Everything one attachment needs; rules already present are left alone. */
    static Transaction add(Table t, FirewallConfig conf, String containerId, String bridge, List<String> hostCidrs) {
        Transaction tx = new Transaction(Rules.TABLE);
        boolean insertForwardJump = !t.contains(Rules.FORWARD, Rules.jumpToCniForward());
        if (!t.hasChain(Rules.CNI_FORWARD)) {
            tx.declareChain(Rules.CNI_FORWARD);
        }
        if (!t.hasChain(conf.adminChain())) {
            tx.declareChain(conf.adminChain());
        }
        List<Rules.StageRule> stageRules = bridge == null ? List.of() : Rules.forBridge(conf, bridge);
        boolean needStages = !stageRules.isEmpty();
        if (needStages) {
            for (String chain : List.of(Rules.STAGE1, Rules.STAGE2)) {
                if (!t.hasChain(chain)) {
                    tx.declareChain(chain);
                }
            }
        }
        if (insertForwardJump) {
            tx.insert(Rules.FORWARD, Rules.jumpToCniForward());
        }
        if (!t.contains(Rules.CNI_FORWARD, Rules.jumpToAdmin(conf.adminChain()))) {
            tx.insert(Rules.CNI_FORWARD, Rules.jumpToAdmin(conf.adminChain()));
        }
        String comment = Rules.containerComment(conf.network(), containerId);
        for (String cidr : hostCidrs) {
            for (Rule r : Rules.container(cidr, comment)) {
                if (!t.contains(Rules.CNI_FORWARD, r)) {
                    tx.append(Rules.CNI_FORWARD, r);
                }
            }
        }
        for (Rules.StageRule sr : stageRules) {
            if (!t.contains(sr.chain(), sr.rule())) {
                tx.insert(sr.chain(), sr.rule());
            }
        }
        if (needStages) {
            for (String chain : List.of(Rules.STAGE1, Rules.STAGE2)) {
                if (!t.contains(chain, Rules.stageReturn())) {
                    tx.append(chain, Rules.stageReturn());
                }
            }
        }
        keepIsolationFirst(t, tx, needStages, insertForwardJump);
        return tx;
    }

    /**
     * Isolation must be decided before CNI-FORWARD accepts a container's traffic, so the jump to stage 1
     * stays the first rule of FORWARD whenever it exists, also after a CNI-FORWARD jump was inserted.
     */
    private static void keepIsolationFirst(Table t, Transaction tx, boolean needStages, boolean forwardJumpInserted) {
        List<Rule> forward = t.rules(Rules.FORWARD);
        boolean present = forward.contains(Rules.jumpToStage1());
        boolean first = present && forward.get(0).equals(Rules.jumpToStage1());
        if (!present && !needStages) {
            return;
        }
        if (present && first && !forwardJumpInserted) {
            return;
        }
        if (present) {
            tx.delete(Rules.FORWARD, Rules.jumpToStage1());
        }
        tx.insert(Rules.FORWARD, Rules.jumpToStage1());
    }

    /**
     * Removes the per-container rules of {@code network} whose container ID {@code drop} selects, then
     * what no remaining attachment of the network needs, then the shared chains once nothing uses them.
     */
    static Transaction remove(Table t, String network, String adminChain, Predicate<String> drop) {
        Transaction tx = new Transaction(Rules.TABLE);
        List<Rule> cniForward = new ArrayList<>(t.rules(Rules.CNI_FORWARD));
        boolean networkStillUsed = false;
        for (Rule r : t.rules(Rules.CNI_FORWARD)) {
            String id = Rules.containerIdOf(r, network);
            if (id == null) {
                continue;
            }
            if (drop.test(id)) {
                tx.delete(Rules.CNI_FORWARD, r);
                cniForward.remove(r);
            } else {
                networkStillUsed = true;
            }
        }
        List<Rule> stage1 = new ArrayList<>(t.rules(Rules.STAGE1));
        List<Rule> stage2 = new ArrayList<>(t.rules(Rules.STAGE2));
        if (!networkStillUsed) {
            String c = Rules.networkComment(network);
            removeCommented(tx, Rules.STAGE1, stage1, c);
            removeCommented(tx, Rules.STAGE2, stage2, c);
        }
        Predicate<Rule> isReturn = r -> r.equals(Rules.stageReturn());
        if (t.hasChain(Rules.STAGE1) && stage1.stream().allMatch(isReturn) && stage2.stream().allMatch(isReturn)
                && onlyJumpsFromForward(t, Rules.STAGE1) && !referencedElsewhere(t, Rules.STAGE2, Rules.STAGE1)) {
            if (t.contains(Rules.FORWARD, Rules.jumpToStage1())) {
                tx.delete(Rules.FORWARD, Rules.jumpToStage1());
            }
            tx.flush(Rules.STAGE1).flush(Rules.STAGE2).deleteChain(Rules.STAGE1).deleteChain(Rules.STAGE2);
        }
        boolean onlyAdminJump = cniForward.stream().allMatch(r -> r.equals(Rules.jumpToAdmin(adminChain)));
        if (t.hasChain(Rules.CNI_FORWARD) && onlyAdminJump && t.rules(adminChain).isEmpty()
                && onlyJumpsFromForward(t, Rules.CNI_FORWARD)) {
            if (t.contains(Rules.FORWARD, Rules.jumpToCniForward())) {
                tx.delete(Rules.FORWARD, Rules.jumpToCniForward());
            }
            tx.flush(Rules.CNI_FORWARD).deleteChain(Rules.CNI_FORWARD);
            if (t.hasChain(adminChain)) {
                tx.deleteChain(adminChain);
            }
        }
        return tx;
    }

    private static void removeCommented(Transaction tx, String chain, List<Rule> rules, String comment) {
        for (Rule r : List.copyOf(rules)) {
            if (Rules.hasComment(r, comment)) {
                tx.delete(chain, r);
                rules.remove(r);
            }
        }
    }

    /** Whether every jump to {@code chain} comes from FORWARD through our own jump rule. */
    private static boolean onlyJumpsFromForward(Table t, String chain) {
        Rule ours = chain.equals(Rules.STAGE1) ? Rules.jumpToStage1() : Rules.jumpToCniForward();
        for (String c : t.chains()) {
            for (Rule r : t.rules(c)) {
                if (jumpsTo(r, chain) && !(c.equals(Rules.FORWARD) && r.equals(ours))) {
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
