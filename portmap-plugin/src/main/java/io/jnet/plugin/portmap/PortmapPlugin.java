package io.jnet.plugin.portmap;

import io.jnet.cni.result.Result;
import io.jnet.cni.skel.CniPlugin;
import io.jnet.cni.skel.CniRequest;
import io.jnet.cni.spec.Attachment;
import io.jnet.cni.spec.CniException;
import io.jnet.firewall.BackendUnavailableException;
import io.jnet.firewall.Backends;
import io.jnet.firewall.Family;
import io.jnet.firewall.FirewallBackend;
import io.jnet.firewall.FirewallException;
import io.jnet.firewall.PortForwarding;
import io.jnet.firewall.PortMapping;
import io.jnet.firewall.PortPublication;
import io.jnet.firewall.PortTakenException;
import io.jnet.inet.IpPrefix;
import io.jnet.proxy.Binding;
import io.jnet.proxy.ProxyClient;
import io.jnet.proxy.ProxyException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The portmap CNI plugin: publishes container ports on the host through the firewall backend its config picks
 * ({@code backend}, as the reference chooses it), each call's change applied atomically; then localhost routing
 * and stale UDP conntrack entries.
 */
public final class PortmapPlugin implements CniPlugin {
    /** A host port that another attachment already publishes. */
    public static final int PORT_ALREADY_PUBLISHED = CniException.PLUGIN_SPECIFIC;
    /** CHECK found the attachment's rules missing or changed. */
    public static final int RULES_MISMATCH = CniException.PLUGIN_SPECIFIC + 1;
    /** The userland proxy could not hold a host port (a host process has it) or could not be started. */
    public static final int PROXY_FAILED = CniException.PLUGIN_SPECIFIC + 2;

    private final Backends firewall;
    private final Conntrack conntrack;
    private final LocalnetRouting localnet;
    private final UserlandProxy proxy;

    public PortmapPlugin(Backends firewall, Conntrack conntrack, LocalnetRouting localnet) {
        this(firewall, conntrack, localnet, UserlandProxy.standard());
    }

    public PortmapPlugin(Backends firewall, Conntrack conntrack, LocalnetRouting localnet, UserlandProxy proxy) {
        this.firewall = firewall;
        this.conntrack = conntrack;
        this.localnet = localnet;
        this.proxy = proxy;
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
        PortPublication p = conf.publication(req.containerId(), addrs.v4(), addrs.v6());
        if (p.families().isEmpty()) {
            return prev;
        }
        for (Family f : p.families()) {
            refuseDuplicates(conf, f);
        }
        PortForwarding ports = backend(conf.chosenBackend()).portForwarding();
        String owner = UserlandProxy.owner(conf.network(), req.containerId());
        if (conf.userlandProxy()) {
            // First: a port a host process holds fails the ADD before any rule is written.
            try {
                proxy(req).publish(owner, UserlandProxy.bindings(conf.mappings(), addrs));
            } catch (ProxyException e) {
                throw new CniException(PROXY_FAILED, "cannot hold the published host ports", e.getMessage(), e);
            }
        }
        try {
            publishRules(ports, p, conf, req);
        } catch (CniException | RuntimeException e) {
            if (conf.userlandProxy()) {
                try {
                    proxy(req).unpublish(owner);
                } catch (ProxyException pe) {
                    e.addSuppressed(pe);
                }
            }
            throw e;
        }
        // After the rules are in, so that new packets meet them rather than a fresh stale entry.
        for (Family f : p.families()) {
            conntrack.deleteUdp(f, p.udpPorts(f), req.log());
        }
        return prev;
    }

    /** The backend's rules, then localhost routing; all undone when either fails. */
    private void publishRules(PortForwarding ports, PortPublication p, PortmapConfig conf, CniRequest req) throws CniException {
        try {
            ports.publish(p, req.log());
        } catch (PortTakenException e) {
            throw new CniException(PORT_ALREADY_PUBLISHED, "host port already published", e.getMessage());
        } catch (BackendUnavailableException e) {
            throw new CniException(CniException.INTERNAL, backendName(conf) + " not usable", e.getMessage());
        } catch (FirewallException e) {
            throw new CniException(CniException.INTERNAL, "cannot publish ports", e.getMessage(), e);
        }
        if (conf.snat() && p.v4() != null && !conf.userlandProxy()) {
            // After the rules, so that a refused change leaves the sysctl as it was too. With the proxy, loopback is
            // not NATed, so the bridge does not need to route 127.0.0.0/8 (moby#45610).
            try {
                enableLocalnet(p.v4(), req);
            } catch (CniException e) {
                try {
                    ports.unpublish(conf.network(), req.containerId(), req.log());
                } catch (FirewallException undo) {
                    e.addSuppressed(undo);
                }
                throw e;
            }
        }
    }

    @Override
    public void del(CniRequest req) throws CniException {
        // Found by identity alone: works without runtimeConfig, prevResult or a netns.
        List<String> failures = new ArrayList<>();
        if (req.config().getBoolean("userlandProxy", false)) {
            try {
                proxy(req).unpublish(UserlandProxy.owner(req.config().name(), req.containerId()));
            } catch (ProxyException e) {
                failures.add(e.getMessage());
            }
        }
        PortForwarding ports = backend(PortmapConfig.backendOf(req.config())).portForwarding();
        try {
            Map<Family, List<Integer>> udp = ports.unpublish(req.config().name(), req.containerId(), req.log());
            udp.forEach((f, list) -> conntrack.deleteUdp(f, list, req.log()));
        } catch (FirewallException e) {
            failures.add(e.getMessage());
        }
        if (!failures.isEmpty()) {
            throw new CniException(CniException.INTERNAL, "cannot remove published ports", String.join("; ", failures));
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
        PortPublication p = conf.publication(req.containerId(), addrs.v4(), addrs.v6());
        List<String> problems;
        try {
            problems = new ArrayList<>(backend(conf.chosenBackend()).portForwarding().problems(p));
        } catch (BackendUnavailableException e) {
            throw new CniException(CniException.INTERNAL, backendName(conf) + " not usable", e.getMessage());
        } catch (FirewallException e) {
            throw new CniException(CniException.INTERNAL, "cannot read the published ports", e.getMessage(), e);
        }
        if (conf.userlandProxy()) {
            List<Binding> want = UserlandProxy.bindings(conf.mappings(), addrs);
            try {
                List<Binding> held = proxy(req).published().getOrDefault(UserlandProxy.owner(conf.network(), req.containerId()), List.of());
                for (Binding b : want) {
                    if (!held.contains(b)) {
                        problems.add("the userland proxy does not hold " + b.describe());
                    }
                }
            } catch (ProxyException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new CniException(RULES_MISMATCH, "published port rules missing or changed", String.join("; ", problems));
        }
    }

    @Override
    public void gc(CniRequest req) throws CniException {
        Set<String> valid = new HashSet<>();
        for (Attachment a : req.validAttachments()) {
            valid.add(a.containerId());
        }
        List<String> failures = new ArrayList<>();
        PortForwarding ports = backend(PortmapConfig.backendOf(req.config())).portForwarding();
        try {
            Map<Family, List<Integer>> udp = ports.gc(req.config().name(), valid, req.log());
            udp.forEach((f, list) -> conntrack.deleteUdp(f, list, req.log()));
        } catch (FirewallException e) {
            failures.add(e.getMessage());
        }
        if (req.config().getBoolean("userlandProxy", false)) {
            gcProxy(proxy(req), req.config().name(), valid, failures);
        }
        if (!failures.isEmpty()) {
            throw new CniException(CniException.INTERNAL, "GC could not remove every stale attachment", String.join("; ", failures));
        }
    }

    @Override
    public void status(CniRequest req) throws CniException {
        FirewallBackend fw = backend(PortmapConfig.backendOf(req.config()));
        String reason = fw.unavailableReason(Family.IPV4);
        if (reason != null) {
            throw new CniException(CniException.NOT_AVAILABLE, "portmap cannot publish ports", reason);
        }
    }

    /**
     * The userland proxy of this call: the directory the network's config names ({@code proxyDir}, jnet's key, written
     * by {@code jnet net create}), so every runtime's DEL and GC reach the proxy the ADD started; else the default.
     */
    private UserlandProxy proxy(CniRequest req) throws CniException {
        String dir = req.config().getString("proxyDir");
        return dir == null || dir.isBlank() ? proxy : new UserlandProxy(new ProxyClient(Path.of(dir)));
    }

    /** Withdraws the proxy's ports of this network's attachments that are not valid any more. */
    private static void gcProxy(UserlandProxy proxy, String network, Set<String> valid, List<String> failures) {
        try {
            String prefix = UserlandProxy.owner(network, "");
            for (String owner : proxy.published().keySet()) {
                if (owner.startsWith(prefix) && !valid.contains(owner.substring(prefix.length()))) {
                    proxy.unpublish(owner);
                }
            }
        } catch (ProxyException e) {
            failures.add(e.getMessage());
        }
    }

    private FirewallBackend backend(String configured) throws CniException {
        try {
            return firewall.choose(configured);
        } catch (IllegalArgumentException e) {
            throw new CniException(CniException.UNSUPPORTED_FIELD, "unsupported backend", e.getMessage());
        }
    }

    private static String backendName(PortmapConfig conf) {
        return conf.chosenBackend() == null ? "iptables" : conf.chosenBackend();
    }

    /**
     * A request may not map one port twice on overlapping addresses (the reference lets the last one win silently).
     */
    static void refuseDuplicates(PortmapConfig conf, Family f) throws CniException {
        List<PortMapping> seen = new ArrayList<>();
        for (PortMapping m : conf.mappings()) {
            if (!m.appliesTo(f)) {
                continue;
            }
            for (PortMapping s : seen) {
                if (s.protocol().equals(m.protocol()) && s.hostPort() == m.hostPort()
                        && (s.destination() == null || m.destination() == null || s.destination().equals(m.destination()))) {
                    throw new CniException(CniException.INVALID_NETWORK_CONFIG, "duplicate port mapping",
                            "host port " + m.hostPort() + "/" + m.protocol() + " is mapped twice");
                }
            }
            seen.add(m);
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
}
