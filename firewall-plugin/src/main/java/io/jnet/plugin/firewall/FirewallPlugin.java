package io.jnet.plugin.firewall;

import io.jnet.cni.result.IpConfig;
import io.jnet.cni.result.NetInterface;
import io.jnet.cni.result.Result;
import io.jnet.cni.skel.CniPlugin;
import io.jnet.cni.skel.CniRequest;
import io.jnet.cni.spec.Attachment;
import io.jnet.cni.spec.CniException;
import io.jnet.firewall.Family;
import io.jnet.firewall.FirewallException;
import io.jnet.firewall.FirewallLock;
import io.jnet.firewall.Iptables;
import io.jnet.firewall.Rule;
import io.jnet.firewall.Table;
import io.jnet.firewall.Transaction;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The chained firewall plugin: lets each container's traffic through a FORWARD policy of DROP, and
 * with {@code ingressPolicy: same-bridge} or {@code internal} keeps bridges apart. Returns prevResult.
 */
public final class FirewallPlugin implements CniPlugin {
    private final Iptables iptables;

    public FirewallPlugin(Iptables iptables) {
        this.iptables = iptables;
    }

    @Override
    public String about() {
        return "CNI firewall plugin (jnet) v0.1.0";
    }

    @Override
    public Result add(CniRequest request) throws CniException {
        FirewallConfig conf = FirewallConfig.from(request.config());
        Result prev = requirePrevResult(request);
        String bridge = conf.bridgeRules() ? bridgeName(prev) : findBridge(prev);
        Map<Family, List<String>> cidrs = hostCidrs(prev);
        List<Family> applied = new ArrayList<>();
        try (FirewallLock lock = FirewallLock.acquire()) {
            for (Map.Entry<Family, List<String>> e : cidrs.entrySet()) {
                Family family = e.getKey();
                requireBackend(family);
                Table t = iptables.read(family, Rules.TABLE);
                iptables.apply(family, Plans.add(t, conf, request.containerId(), bridge, e.getValue()));
                applied.add(family);
            }
        } catch (FirewallException e) {
            undo(conf, request.containerId(), applied, e);
            throw new CniException(CniException.PLUGIN_SPECIFIC, "cannot add firewall rules", e.getMessage());
        }
        return prev;
    }

    private void undo(FirewallConfig conf, String containerId, List<Family> applied, FirewallException cause) {
        for (Family family : applied) {
            try {
                removeRules(family, conf, id -> id.equals(containerId));
            } catch (FirewallException e) {
                cause.addSuppressed(e);
            }
        }
    }

    @Override
    public void del(CniRequest request) throws CniException {
        FirewallConfig conf = FirewallConfig.from(request.config());
        String containerId = request.containerId();
        removeEverywhere(conf, id -> id.equals(containerId), "cannot remove firewall rules");
    }

    @Override
    public void gc(CniRequest request) throws CniException {
        FirewallConfig conf = FirewallConfig.from(request.config());
        Set<String> valid = new HashSet<>();
        for (Attachment a : request.validAttachments()) {
            valid.add(a.containerId());
        }
        removeEverywhere(conf, id -> !valid.contains(id), "cannot collect stale firewall rules");
    }

    private void removeEverywhere(FirewallConfig conf, Predicate<String> drop, String what) throws CniException {
        FirewallException failure = null;
        try (FirewallLock lock = FirewallLock.acquire()) {
            for (Family family : Family.values()) {
                if (iptables.unavailableReason(family) != null) {
                    continue; // nothing of ours can exist where the tool is missing
                }
                try {
                    removeRules(family, conf, drop);
                } catch (FirewallException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        } catch (FirewallException e) {
            failure = e;
        }
        if (failure != null) {
            throw new CniException(CniException.PLUGIN_SPECIFIC, what, failure.getMessage());
        }
    }

    private void removeRules(Family family, FirewallConfig conf, Predicate<String> drop) throws FirewallException {
        Table t = iptables.read(family, Rules.TABLE);
        Transaction tx = Plans.remove(t, conf.network(), conf.adminChain(), drop);
        iptables.apply(family, tx);
    }

    @Override
    public void check(CniRequest request) throws CniException {
        FirewallConfig conf = FirewallConfig.from(request.config());
        Result prev = requirePrevResult(request);
        String bridge = conf.bridgeRules() ? bridgeName(prev) : findBridge(prev);
        String comment = Rules.containerComment(conf.network(), request.containerId());
        try {
            for (Map.Entry<Family, List<String>> e : hostCidrs(prev).entrySet()) {
                Table t = iptables.read(e.getKey(), Rules.TABLE);
                expect(t, Rules.FORWARD, Rules.jumpToCniForward());
                expect(t, Rules.CNI_FORWARD, Rules.jumpToAdmin(conf.adminChain()));
                for (String cidr : e.getValue()) {
                    for (Rule r : Rules.container(cidr, comment)) {
                        expect(t, Rules.CNI_FORWARD, r);
                    }
                }
                if (bridge != null) {
                    expect(t, Rules.FORWARD, Rules.jumpToStage1());
                    for (Rules.StageRule sr : Rules.forBridge(conf, bridge)) {
                        expect(t, sr.chain(), sr.rule());
                    }
                }
            }
        } catch (FirewallException e) {
            throw new CniException(CniException.PLUGIN_SPECIFIC, "cannot read firewall rules", e.getMessage());
        }
    }

    private static void expect(Table t, String chain, Rule rule) throws CniException {
        if (!t.contains(chain, rule)) {
            throw new CniException(CniException.PLUGIN_SPECIFIC, "firewall rule missing",
                    "expected in chain " + chain + ": " + rule.text());
        }
    }

    @Override
    public void status(CniRequest request) throws CniException {
        FirewallConfig.from(request.config());
        String reason = iptables.unavailableReason(Family.IPV4);
        if (reason != null) {
            throw new CniException(CniException.NOT_AVAILABLE, "firewall backend not available", reason);
        }
    }

    private static Result requirePrevResult(CniRequest request) throws CniException {
        Result prev = request.config().prevResult();
        if (prev == null) {
            throw new CniException(CniException.INVALID_NETWORK_CONFIG, "missing prevResult",
                    "the firewall plugin must be chained after a plugin that creates the interface, such as bridge");
        }
        return prev;
    }

    /** The bridge is the first interface the bridge plugin reports (no sandbox); null when there is none. */
    private static String findBridge(Result prev) {
        for (NetInterface i : prev.interfaces()) {
            if (i.sandbox() == null || i.sandbox().isEmpty()) {
                return i.name();
            }
        }
        return null;
    }

    private static String bridgeName(Result prev) throws CniException {
        String bridge = findBridge(prev);
        if (bridge != null) {
            return bridge;
        }
        throw new CniException(CniException.INVALID_NETWORK_CONFIG, "no bridge in prevResult",
                "ingressPolicy same-bridge and internal need the firewall plugin chained after the bridge plugin");
    }

    /** The container's addresses as host routes, by family. */
    private static Map<Family, List<String>> hostCidrs(Result prev) {
        Map<Family, List<String>> out = new EnumMap<>(Family.class);
        for (IpConfig ip : prev.ips()) {
            String addr = ip.address();
            int slash = addr.indexOf('/');
            String host = slash < 0 ? addr : addr.substring(0, slash);
            Family f = Family.of(host);
            out.computeIfAbsent(f, k -> new ArrayList<>()).add(host + (f == Family.IPV4 ? "/32" : "/128"));
        }
        return out;
    }

    private void requireBackend(Family family) throws FirewallException {
        String reason = iptables.unavailableReason(family);
        if (reason != null) {
            throw new FirewallException(reason);
        }
    }
}
