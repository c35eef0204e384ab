package io.jnet.plugin.portmap;

import io.jnet.cni.result.Result;
import io.jnet.cni.skel.CniPlugin;
import io.jnet.cni.skel.CniRequest;
import io.jnet.cni.spec.Attachment;
import io.jnet.cni.spec.CniException;
import io.jnet.firewall.Family;
import io.jnet.firewall.FirewallException;
import io.jnet.firewall.FirewallLock;
import io.jnet.firewall.Iptables;
import io.jnet.firewall.Table;
import io.jnet.inet.IpPrefix;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The portmap CNI plugin: publishes container ports on the host with the reference's nat-table layout,
 * applying each call's changes per family as one atomic iptables-restore transaction.
 */
@SuppressWarnings("try") // try (FirewallLock lock = lock()) holds the lock for the block without naming it
public final class PortmapPlugin implements CniPlugin {
    /** CHECK found the attachment's rules missing or changed. */
    public static final int RULES_MISMATCH = CniException.PLUGIN_SPECIFIC + 1;

    /** Tries of a read-modify-write that failed because the table changed between the read and the apply. */
    private static final int ATTEMPTS = 3;

    private final Iptables iptables;
    private final Conntrack conntrack;
    private final LocalnetRouting localnet;

    public PortmapPlugin(Iptables iptables, Conntrack conntrack, LocalnetRouting localnet) {
        this.iptables = iptables;
        this.conntrack = conntrack;
        this.localnet = localnet;
    }

    @Override
    public String about() {
        return "CNI portmap plugin (jnet)";
    }

    @Override
    public Result add(CniRequest req) throws CniException {
        PortmapConfig conf = PortmapConfig.parse(req.config());
        Result prev = req.config().prevResult();
        if (prev == null) {
            throw new CniException(CniException.INVALID_NETWORK_CONFIG, "must be called as chained plugin",
                    "portmap needs prevResult (the result of the plugin before it in the list)");
        }
        if (conf.mappings().isEmpty()) {
            return prev;
        }
        ContainerAddresses addrs = ContainerAddresses.from(prev, req.ifname());
        List<Family> families = new ArrayList<>();
        for (Family f : Family.values()) {
            if (addrs.of(f) != null) {
                PortClaims.refuseDuplicates(conf, f);
                requireUsable(f);
                families.add(f);
            }
        }
        if (families.isEmpty()) {
            return prev;
        }
        try (FirewallLock lock = lock()) {
            for (int attempt = 1; ; attempt++) {
                Map<Family, Table> tables = new EnumMap<>(Family.class);
                Map<Family, DnatPlan> plans = new EnumMap<>(Family.class);
                for (Family f : families) {
                    Table nat = read(f);
                    PortClaims.refuseTaken(conf, req.containerId(), f, nat);
                    tables.put(f, nat);
                    plans.put(f, DnatPlan.build(conf, req.containerId(), f, addrs.of(f)));
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
                } catch (FirewallException e) {
                    rollBack(applied, conf.network(), req);
                    if (attempt == ATTEMPTS) {
                        throw new CniException(CniException.INTERNAL, "cannot publish ports", e.getMessage(), e);
                    }
                    // The reference plugin (which does not take our lock) may have changed a shared chain
                    // between our read and our apply: read again.
                    req.log().println("portmap: retrying after a failed transaction: " + e.getMessage());
                    continue;
                }
                if (conf.snat() && addrs.v4() != null) {
                    // After the rules, so that a refused transaction leaves the sysctl as it was too.
                    try {
                        enableLocalnet(addrs.v4(), req);
                    } catch (CniException e) {
                        rollBack(applied, conf.network(), req);
                        throw e;
                    }
                }
                break;
            }
        }
        // After the rules are in, so that new packets meet them rather than a fresh stale entry.
        for (Family f : families) {
            conntrack.deleteUdp(f, udpPorts(conf, f), req.log());
        }
        return prev;
    }

    @Override
    public void del(CniRequest req) throws CniException {
        // Found by identity alone: works without runtimeConfig, prevResult or a netns.
        List<String> chains = ownChains(req.config().name(), req.containerId());
        List<String> failures = new ArrayList<>();
        for (Family f : Family.values()) {
            if (iptables.unavailableReason(f) != null) {
                continue;
            }
            List<Integer> udp;
            try (FirewallLock lock = lock()) {
                udp = remove(f, chains, req);
            } catch (FirewallException e) {
                failures.add(name(f) + ": " + e.getMessage());
                continue;
            }
            conntrack.deleteUdp(f, udp, req.log());
        }
        if (!failures.isEmpty()) {
            throw new CniException(CniException.INTERNAL, "cannot remove published ports", String.join("; ", failures));
        }
    }

    /**
     * Removes {@code chains} and the jumps into them from {@code f}'s nat table, reading again and retrying
     * when the table changed under us; returns the UDP ports they published.
     */
    private List<Integer> remove(Family f, List<String> chains, CniRequest req) throws FirewallException {
        for (int attempt = 1; ; attempt++) {
            Table nat;
            try {
                nat = iptables.read(f, NatChanges.TABLE);
            } catch (FirewallException e) {
                // A family whose nat table cannot be read holds no rules of ours (like the reference's soft check).
                req.log().println("portmap: " + name(f) + " nat table not readable, nothing to remove there: " + e.getMessage());
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
                req.log().println("portmap: retrying after a failed transaction: " + e.getMessage());
            }
        }
    }

    @Override
    public void check(CniRequest req) throws CniException {
        PortmapConfig conf = PortmapConfig.parse(req.config());
        Result prev = req.config().prevResult();
        if (prev == null) {
            throw new CniException(CniException.INVALID_NETWORK_CONFIG, "required prevResult missing");
        }
        if (conf.mappings().isEmpty()) {
            return;
        }
        ContainerAddresses addrs = ContainerAddresses.from(prev, req.ifname());
        List<String> problems = new ArrayList<>();
        for (Family f : Family.values()) {
            IpPrefix ip = addrs.of(f);
            if (ip == null) {
                continue;
            }
            requireUsable(f);
            DnatPlan plan = DnatPlan.build(conf, req.containerId(), f, ip);
            NatChanges.problems(read(f), plan).forEach(p -> problems.add(name(f) + ": " + p));
        }
        if (!problems.isEmpty()) {
            throw new CniException(RULES_MISMATCH, "published port rules missing or changed", String.join("; ", problems));
        }
    }

    @Override
    public void gc(CniRequest req) throws CniException {
        String network = req.config().name();
        Set<String> valid = new HashSet<>();
        for (Attachment a : req.validAttachments()) {
            valid.add(a.containerId());
        }
        List<String> failures = new ArrayList<>();
        for (Family f : Family.values()) {
            if (iptables.unavailableReason(f) != null) {
                continue;
            }
            Table nat;
            try {
                nat = iptables.read(f, NatChanges.TABLE);
            } catch (FirewallException e) {
                req.log().println("portmap: GC cannot read " + name(f) + " nat table: " + e.getMessage());
                continue;
            }
            for (String containerId : staleContainers(nat, network, valid)) {
                // One transaction per attachment: one broken attachment does not keep the others.
                List<Integer> udp;
                try (FirewallLock lock = lock()) {
                    udp = remove(f, ownChains(network, containerId), req);
                } catch (FirewallException e) {
                    failures.add(name(f) + " container " + containerId + ": " + e.getMessage());
                    continue;
                }
                conntrack.deleteUdp(f, udp, req.log());
            }
        }
        if (!failures.isEmpty()) {
            throw new CniException(CniException.INTERNAL, "GC could not remove every stale attachment",
                    String.join("; ", failures));
        }
    }

    @Override
    public void status(CniRequest req) throws CniException {
        String reason = iptables.unavailableReason(Family.IPV4);
        if (reason != null) {
            throw new CniException(CniException.NOT_AVAILABLE, "portmap cannot publish ports", reason);
        }
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

    private void requireUsable(Family f) throws CniException {
        String reason = iptables.unavailableReason(f);
        if (reason != null) {
            throw new CniException(CniException.INTERNAL, "iptables not usable", name(f) + ": " + reason);
        }
    }

    private Table read(Family f) throws CniException {
        try {
            return iptables.read(f, NatChanges.TABLE);
        } catch (FirewallException e) {
            throw new CniException(CniException.INTERNAL, "cannot read the nat table", name(f) + ": " + e.getMessage(), e);
        }
    }

    private void enableLocalnet(IpPrefix container, CniRequest req) throws CniException {
        try {
            String ifname = localnet.enableFor(container.address());
            if (ifname == null) {
                req.log().println("portmap: no route to " + container + ", route_localnet not set");
            }
        } catch (IOException e) {
            throw new CniException(CniException.INTERNAL, "unable to enable route_localnet", e.getMessage(), e);
        }
    }

    /**
     * jnet's machine-wide firewall lock: our own plugin processes never interleave a read and an apply
     * (the reference does not take it; the retries cover that case).
     */
    private static FirewallLock lock() throws CniException {
        try {
            return FirewallLock.acquire();
        } catch (FirewallException e) {
            throw new CniException(CniException.INTERNAL, "cannot take the firewall lock", e.getMessage(), e);
        }
    }

    private void rollBack(List<Family> applied, String network, CniRequest req) {
        for (Family f : applied) {
            try {
                List<String> chains = ownChains(network, req.containerId());
                iptables.apply(f, NatChanges.remove(iptables.read(f, NatChanges.TABLE), chains));
            } catch (FirewallException e) {
                req.log().println("portmap: rollback of " + name(f) + " failed: " + e.getMessage());
            }
        }
    }

    private static List<Integer> udpPorts(PortmapConfig conf, Family f) {
        List<Integer> out = new ArrayList<>();
        for (PortMapping m : conf.mappings()) {
            if (m.protocol().equals("udp") && m.appliesTo(f) && !out.contains(m.hostPort())) {
                out.add(m.hostPort());
            }
        }
        return out;
    }
}
