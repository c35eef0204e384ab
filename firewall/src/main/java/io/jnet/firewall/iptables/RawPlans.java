package io.jnet.firewall.iptables;

import io.jnet.firewall.Family;
import io.jnet.firewall.ForwardSpec;
import io.jnet.firewall.Rule;
import io.jnet.firewall.Table;
import io.jnet.firewall.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The raw-table transaction of one family for the gateway modes' direct-access rules ({@link GatewayRules}). */
final class RawPlans {
    private RawPlans() {}

    /** What one attachment needs in {@code raw}; rules already there are left alone, so a second call changes nothing. */
    static Transaction add(Table raw, ForwardSpec conf, String containerId, String bridge, Family family, List<String> hostCidrs) {
        Transaction tx = new Transaction(GatewayRules.RAW);
        List<Rule> wanted = wanted(conf, containerId, bridge, family, hostCidrs);
        if (wanted.isEmpty()) {
            return tx;
        }
        if (!raw.hasChain(GatewayRules.RAW_CHAIN)) {
            tx.declareChain(GatewayRules.RAW_CHAIN);
        }
        if (!raw.contains(GatewayRules.PREROUTING, GatewayRules.jumpToRawChain())) {
            tx.insert(GatewayRules.PREROUTING, GatewayRules.jumpToRawChain());
        }
        Rule ret = GatewayRules.bridgeReturn(bridge, conf.network());
        for (Rule r : wanted) {
            if (!raw.contains(GatewayRules.RAW_CHAIN, r)) {
                if (r.equals(ret)) {
                    tx.insert(GatewayRules.RAW_CHAIN, r); // returns come before every drop
                } else {
                    tx.append(GatewayRules.RAW_CHAIN, r);
                }
            }
        }
        return tx;
    }

    /** The raw rules an attachment of {@code conf} has: its bridge's return, and with gateway mode nat its drops. */
    static List<Rule> wanted(ForwardSpec conf, String containerId, String bridge, Family family, List<String> hostCidrs) {
        List<Rule> out = new ArrayList<>();
        if (bridge == null || !conf.marksBridge()) {
            return out;
        }
        out.add(GatewayRules.bridgeReturn(bridge, conf.network()));
        if (conf.protectsContainers()) {
            String comment = ForwardRules.containerComment(conf.network(), containerId);
            for (String cidr : hostCidrs) {
                out.add(GatewayRules.noDirectAccess(cidr, bridge, comment));
            }
            out.addAll(GatewayRules.loopbackDrops(family, conf.published(), comment));
        }
        return out;
    }

    /**
     * Removes the rules of the containers {@code drop} selects, the network's return once none of its attachments
     * is left, and the chain with its jump once it is empty.
     */
    static Transaction remove(Table raw, String network, Predicate<String> drop, boolean networkStillUsed) {
        Transaction tx = new Transaction(GatewayRules.RAW);
        if (!raw.hasChain(GatewayRules.RAW_CHAIN)) {
            return tx;
        }
        List<Rule> left = new ArrayList<>(raw.rules(GatewayRules.RAW_CHAIN));
        String networkComment = ForwardRules.networkComment(network);
        for (Rule r : raw.rules(GatewayRules.RAW_CHAIN)) {
            String id = ForwardRules.containerIdOf(r, network);
            boolean gone = id != null ? drop.test(id) : !networkStillUsed && ForwardRules.hasComment(r, networkComment);
            if (gone) {
                tx.delete(GatewayRules.RAW_CHAIN, r);
                left.remove(r);
            }
        }
        if (left.isEmpty()) {
            for (Rule r : raw.rules(GatewayRules.PREROUTING)) {
                if (r.equals(GatewayRules.jumpToRawChain())) {
                    tx.delete(GatewayRules.PREROUTING, r);
                }
            }
            tx.flush(GatewayRules.RAW_CHAIN).deleteChain(GatewayRules.RAW_CHAIN);
        }
        return tx;
    }

    /** What CHECK misses in {@code raw}. */
    static List<String> problems(Table raw, ForwardSpec conf, String containerId, String bridge, Family family, List<String> hostCidrs) {
        List<String> out = new ArrayList<>();
        List<Rule> wanted = wanted(conf, containerId, bridge, family, hostCidrs);
        if (!wanted.isEmpty() && !raw.contains(GatewayRules.PREROUTING, GatewayRules.jumpToRawChain())) {
            out.add("jump to " + GatewayRules.RAW_CHAIN + " is missing from raw PREROUTING");
        }
        for (Rule r : wanted) {
            if (!raw.contains(GatewayRules.RAW_CHAIN, r)) {
                out.add("expected in raw chain " + GatewayRules.RAW_CHAIN + ": " + r.text());
            }
        }
        return out;
    }
}
