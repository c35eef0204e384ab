package io.jnet.plugin.firewall;

import io.jnet.cni.result.IpConfig;
import io.jnet.cni.result.NetInterface;
import io.jnet.cni.result.Result;
import io.jnet.cni.skel.CniPlugin;
import io.jnet.cni.skel.CniRequest;
import io.jnet.cni.spec.Attachment;
import io.jnet.cni.spec.CniException;
import io.jnet.firewall.Backends;
import io.jnet.firewall.Family;
import io.jnet.firewall.FirewallBackend;
import io.jnet.firewall.FirewallException;
import io.jnet.firewall.ForwardFiltering;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chained firewall plugin: lets each container's traffic through a FORWARD policy of DROP, and
 * with {@code ingressPolicy: same-bridge} or {@code internal} keeps bridges apart, through the firewall backend
 * its config picks. Returns prevResult.
 */
public final class FirewallPlugin implements CniPlugin {
    private final Backends firewall;

    public FirewallPlugin(Backends firewall) {
        this.firewall = firewall;
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
        try {
            rules(conf).add(conf.spec(), request.containerId(), bridge, hostCidrs(prev));
        } catch (FirewallException e) {
            throw new CniException(CniException.PLUGIN_SPECIFIC, "cannot add firewall rules", e.getMessage());
        }
        return prev;
    }

    @Override
    public void del(CniRequest request) throws CniException {
        FirewallConfig conf = FirewallConfig.from(request.config());
        try {
            rules(conf).remove(conf.spec(), request.containerId());
        } catch (FirewallException e) {
            throw new CniException(CniException.PLUGIN_SPECIFIC, "cannot remove firewall rules", e.getMessage());
        }
    }

    @Override
    public void gc(CniRequest request) throws CniException {
        FirewallConfig conf = FirewallConfig.from(request.config());
        Set<String> valid = new HashSet<>();
        for (Attachment a : request.validAttachments()) {
            valid.add(a.containerId());
        }
        try {
            rules(conf).gc(conf.spec(), valid);
        } catch (FirewallException e) {
            throw new CniException(CniException.PLUGIN_SPECIFIC, "cannot collect stale firewall rules", e.getMessage());
        }
    }

    @Override
    public void check(CniRequest request) throws CniException {
        FirewallConfig conf = FirewallConfig.from(request.config());
        Result prev = requirePrevResult(request);
        String bridge = conf.bridgeRules() ? bridgeName(prev) : findBridge(prev);
        List<String> problems;
        try {
            problems = rules(conf).problems(conf.spec(), request.containerId(), bridge, hostCidrs(prev));
        } catch (FirewallException e) {
            throw new CniException(CniException.PLUGIN_SPECIFIC, "cannot read firewall rules", e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new CniException(CniException.PLUGIN_SPECIFIC, "firewall rule missing", problems.get(0));
        }
    }

    @Override
    public void status(CniRequest request) throws CniException {
        FirewallConfig conf = FirewallConfig.from(request.config());
        String reason = backend(conf).unavailableReason(Family.IPV4);
        if (reason != null) {
            throw new CniException(CniException.NOT_AVAILABLE, "firewall backend not available", reason);
        }
    }

    private ForwardFiltering rules(FirewallConfig conf) {
        return backend(conf).forwardFiltering();
    }

    private FirewallBackend backend(FirewallConfig conf) {
        return firewall.choose(conf.backend());
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
}
