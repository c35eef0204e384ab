package io.jnet.firewall.iptables;

import io.jnet.firewall.BackendUnavailableException;
import io.jnet.firewall.Family;
import io.jnet.firewall.FirewallException;
import io.jnet.firewall.FirewallLock;
import io.jnet.firewall.Iptables;
import io.jnet.firewall.PortForwarding;
import io.jnet.firewall.PortPublication;
import io.jnet.firewall.Table;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Published ports in the reference portmap's nat-table layout ({@code CNI-HOSTPORT-DNAT}, {@code CNI-DN-<hash>}
 * per attachment, the SETMARK and MASQ chains), each family's change one atomic iptables-restore transaction.
 */
@SuppressWarnings("try") // try (FirewallLock lock = ...) holds the lock for the block without naming it
public final class IptablesPorts implements PortForwarding {
    /** Tries of a read-modify-write that failed because the table changed between the read and the apply. */
    private static final int ATTEMPTS = 3;

    private final Iptables iptables;

    public IptablesPorts(Iptables iptables) {
        this.iptables = iptables;
    }

    @Override
    public void publish(PortPublication p, PrintStream log) throws FirewallException {
        List<Family> families = p.families();
        for (Family f : families) {
            requireUsable(f);
        }
        try (FirewallLock lock = FirewallLock.acquire()) {
            for (int attempt = 1; ; attempt++) {
                Map<Family, Table> tables = new EnumMap<>(Family.class);
                Map<Family, DnatPlan> plans = new EnumMap<>(Family.class);
                for (Family f : families) {
                    Table nat = read(f);
                    PortClaims.refuseTaken(p, f, nat);
                    tables.put(f, nat);
                    plans.put(f, DnatPlan.build(p, f));
                }
                List<Family> applied = new ArrayList<>();
                try {
                    for (Family f : families) {
                        try {
                            iptables.apply(f, NatChanges.add(tables.get(f), plans.get(f)));
                        } catch (FirewallException e) {
                            throw new FirewallException(name(f) + ": " + e.getMessage(), e);
                        }
                        applied.add(f);
                    }
                    return;
                } catch (FirewallException e) {
                    rollBack(applied, p.network(), p.containerId(), log);
                    if (attempt == ATTEMPTS) {
                        throw e;
                    }
                    // The reference plugin (which does not take our lock) may have changed a shared chain
                    // between our read and our apply: read again.
                    log.println("portmap: retrying after a failed transaction: " + e.getMessage());
                }
            }
        }
    }

    @Override
    public Map<Family, List<Integer>> unpublish(String network, String containerId, PrintStream log) throws FirewallException {
        // Found by identity alone: works without runtimeConfig, prevResult or a netns.
        List<String> chains = ownChains(network, containerId);
        List<String> failures = new ArrayList<>();
        Map<Family, List<Integer>> udp = new EnumMap<>(Family.class);
        for (Family f : Family.values()) {
            if (iptables.unavailableReason(f) != null) {
                continue;
            }
            try (FirewallLock lock = FirewallLock.acquire()) {
                udp.put(f, remove(f, chains, log));
            } catch (FirewallException e) {
                failures.add(name(f) + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new FirewallException(String.join("; ", failures));
        }
        return udp;
    }

    /**
     * Removes {@code chains} and the jumps into them from {@code f}'s nat table, reading again and retrying
     * when the table changed under us; returns the UDP ports they published.
     */
    private List<Integer> remove(Family f, List<String> chains, PrintStream log) throws FirewallException {
        for (int attempt = 1; ; attempt++) {
            Table nat;
            try {
                nat = iptables.read(f, NatChanges.TABLE);
            } catch (FirewallException e) {
                // A family whose nat table cannot be read holds no rules of ours (like the reference's soft check).
                log.println("portmap: " + name(f) + " nat table not readable, nothing to remove there: " + e.getMessage());
                return List.of();
            }
            List<Integer> udp = NatChanges.udpPorts(nat, chains.get(0));
            try {
                iptables.apply(f, NatChanges.remove(nat, chains));
                return udp;
            } catch (FirewallException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                log.println("portmap: retrying after a failed transaction: " + e.getMessage());
            }
        }
    }

    @Override
    public List<String> problems(PortPublication p) throws FirewallException {
        List<String> problems = new ArrayList<>();
        for (Family f : p.families()) {
            requireUsable(f);
            DnatPlan plan = DnatPlan.build(p, f);
            NatChanges.problems(read(f), plan).forEach(x -> problems.add(name(f) + ": " + x));
        }
        return problems;
    }

    @Override
    public Map<Family, List<Integer>> gc(String network, Set<String> valid, PrintStream log) throws FirewallException {
        List<String> failures = new ArrayList<>();
        Map<Family, List<Integer>> udp = new EnumMap<>(Family.class);
        for (Family f : Family.values()) {
            if (iptables.unavailableReason(f) != null) {
                continue;
            }
            Table nat;
            try {
                nat = iptables.read(f, NatChanges.TABLE);
            } catch (FirewallException e) {
                log.println("portmap: GC cannot read " + name(f) + " nat table: " + e.getMessage());
                continue;
            }
            for (String containerId : staleContainers(nat, network, valid)) {
                // One transaction per attachment: one broken attachment does not keep the others.
                try (FirewallLock lock = FirewallLock.acquire()) {
                    udp.computeIfAbsent(f, k -> new ArrayList<>()).addAll(remove(f, ownChains(network, containerId), log));
                } catch (FirewallException e) {
                    failures.add(name(f) + " container " + containerId + ": " + e.getMessage());
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new FirewallException(String.join("; ", failures));
        }
        return udp;
    }

    /** The container IDs of this network whose DNAT jumps are in {@code nat} but which are not valid any more. */
    static Set<String> staleContainers(Table nat, String network, Set<String> valid) {
        Set<String> out = new HashSet<>();
        for (var r : nat.rules(Chains.TOP_DNAT)) {
            String comment = PublishedPorts.value(r, "--comment");
            String[] id = comment == null ? null : Chains.parseDnatComment(comment);
            // Only chains whose name we derive from the comment: never touch what the comment does not prove ours.
            if (id != null && id[0].equals(network) && !valid.contains(id[1])
                    && Chains.dnatChain(id[0], id[1]).equals(PublishedPorts.value(r, "-j"))) {
                out.add(id[1]);
            }
        }
        return out;
    }

    static String name(Family f) {
        return f == Family.IPV4 ? "IPv4" : "IPv6";
    }

    private static List<String> ownChains(String network, String containerId) {
        return List.of(Chains.dnatChain(network, containerId), Chains.oldSnatChain(network, containerId));
    }

    private void requireUsable(Family f) throws BackendUnavailableException {
        String reason = iptables.unavailableReason(f);
        if (reason != null) {
            throw new BackendUnavailableException(name(f) + ": " + reason);
        }
    }

    private Table read(Family f) throws FirewallException {
        try {
            return iptables.read(f, NatChanges.TABLE);
        } catch (FirewallException e) {
            throw new FirewallException("cannot read the nat table: " + name(f) + ": " + e.getMessage(), e);
        }
    }

    private void rollBack(List<Family> applied, String network, String containerId, PrintStream log) {
        for (Family f : applied) {
            try {
                List<String> chains = ownChains(network, containerId);
                iptables.apply(f, NatChanges.remove(iptables.read(f, NatChanges.TABLE), chains));
            } catch (FirewallException e) {
                log.println("portmap: rollback of " + name(f) + " failed: " + e.getMessage());
            }
        }
    }
}
