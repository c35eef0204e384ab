package io.jnet.firewall.iptables;

import io.jnet.firewall.BackendUnavailableException;
import io.jnet.firewall.Family;
import io.jnet.firewall.FirewallException;
import io.jnet.firewall.FirewallLock;
import io.jnet.firewall.ForwardFiltering;
import io.jnet.firewall.ForwardSpec;
import io.jnet.firewall.GatewayMode;
import io.jnet.firewall.Iptables;
import io.jnet.firewall.Rule;
import io.jnet.firewall.Table;
import io.jnet.firewall.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The firewall plugin's rules in the filter table with the reference firewall plugin's chains ({@code CNI-FORWARD},
 * {@code CNI-ADMIN}) and Docker's isolation stages, one iptables-restore transaction per family.
 */
@SuppressWarnings("try")
public final class IptablesForwarding implements ForwardFiltering {
    /** The tables read together (one iptables-save) and changed together (one iptables-restore). */
    private static final List<String> BOTH = List.of(ForwardRules.TABLE, GatewayRules.RAW);
    private static final List<String> FILTER_ONLY = List.of(ForwardRules.TABLE);

    private final Iptables iptables;

    public IptablesForwarding(Iptables iptables) {
        this.iptables = iptables;
    }

    @Override
    public void add(ForwardSpec spec, String containerId, String bridge, Map<Family, List<String>> hostCidrs)
            throws FirewallException {
        List<Family> applied = new ArrayList<>();
        try (FirewallLock lock = FirewallLock.acquire()) {
            for (Map.Entry<Family, List<String>> e : hostCidrs.entrySet()) {
                Family family = e.getKey();
                String reason = iptables.unavailableReason(family);
                if (reason != null) {
                    throw new BackendUnavailableException(reason);
                }
                boolean marks = spec.marksBridge() && bridge != null;
                Map<String, Table> read = iptables.readTables(family, marks ? BOTH : FILTER_ONLY);
                List<Transaction> txs = new ArrayList<>();
                txs.add(ForwardPlans.add(read.get(ForwardRules.TABLE), spec, containerId, bridge, e.getValue()));
                if (marks) {
                    txs.add(RawPlans.add(read.get(GatewayRules.RAW), spec, containerId, bridge, family, e.getValue()));
                }
                applied.add(family); // before the apply: undo of a half-done family is harmless, a missed one is a leak
                iptables.apply(family, txs);
            }
        } catch (FirewallException e) {
            for (Family family : applied) {
                try {
                    removeRules(family, spec, id -> id.equals(containerId));
                } catch (FirewallException undo) {
                    e.addSuppressed(undo);
                }
            }
            throw e;
        }
    }

    @Override
    public void remove(ForwardSpec spec, String containerId) throws FirewallException {
        remove(spec, id -> id.equals(containerId));
    }

    @Override
    public void gc(ForwardSpec spec, Set<String> validContainerIds) throws FirewallException {
        remove(spec, id -> !validContainerIds.contains(id));
    }

    private void remove(ForwardSpec spec, Predicate<String> drop) throws FirewallException {
        FirewallException failure = null;
        try (FirewallLock lock = FirewallLock.acquire()) {
            for (Family family : Family.values()) {
                if (iptables.unavailableReason(family) != null) {
                    continue; // nothing of ours can exist where the tool is missing
                }
                try {
                    removeRules(family, spec, drop);
                } catch (FirewallException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void removeRules(Family family, ForwardSpec spec, Predicate<String> drop) throws FirewallException {
        Map<String, Table> read = iptables.readTables(family, spec.gatewayMode() != null ? BOTH : FILTER_ONLY);
        Table t = read.get(ForwardRules.TABLE);
        boolean stillUsed = ForwardPlans.networkStillUsed(t, spec.network(), drop);
        List<Transaction> txs = new ArrayList<>();
        txs.add(ForwardPlans.remove(t, spec.network(), spec.adminChain(), drop));
        if (spec.gatewayMode() != null) {
            txs.add(RawPlans.remove(read.get(GatewayRules.RAW), spec.network(), drop, stillUsed));
        }
        iptables.apply(family, txs);
    }

    @Override
    public List<String> problems(ForwardSpec spec, String containerId, String bridge, Map<Family, List<String>> hostCidrs)
            throws FirewallException {
        List<String> out = new ArrayList<>();
        String comment = ForwardRules.containerComment(spec.network(), containerId);
        for (Map.Entry<Family, List<String>> e : hostCidrs.entrySet()) {
            boolean marks = spec.marksBridge() && bridge != null;
            Map<String, Table> read = iptables.readTables(e.getKey(), marks ? BOTH : FILTER_ONLY);
            Table t = read.get(ForwardRules.TABLE);
            expect(out, t, ForwardRules.FORWARD, ForwardRules.jumpToCniForward());
            expect(out, t, ForwardRules.CNI_FORWARD, ForwardRules.jumpToAdmin(spec.adminChain()));
            for (String cidr : e.getValue()) {
                for (Rule r : ForwardRules.container(cidr, comment)) {
                    expect(out, t, ForwardRules.CNI_FORWARD, r);
                }
            }
            if (bridge != null) {
                expect(out, t, ForwardRules.FORWARD, ForwardRules.jumpToStage1());
                for (ForwardRules.StageRule sr : ForwardRules.forBridge(spec, bridge)) {
                    expect(out, t, sr.chain(), sr.rule());
                }
                if (spec.gatewayMode() == GatewayMode.ROUTED) {
                    for (Rule r : ForwardPlans.routedRules(spec, containerId, bridge, e.getValue())) {
                        expect(out, t, ForwardRules.CNI_FORWARD, r);
                    }
                }
                if (marks) {
                    out.addAll(RawPlans.problems(read.get(GatewayRules.RAW), spec, containerId, bridge, e.getKey(), e.getValue()));
                }
            }
        }
        return out;
    }

    private static void expect(List<String> out, Table t, String chain, Rule rule) {
        if (!t.contains(chain, rule)) {
            out.add("expected in chain " + chain + ": " + rule.text());
        }
    }
}
