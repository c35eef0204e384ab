package io.jnet.plugin.firewall;

import io.jnet.cni.config.NetworkConfig;
import io.jnet.cni.spec.CniException;
import io.jnet.firewall.ForwardSpec;
import io.jnet.firewall.GatewayMode;
import io.jnet.firewall.PortMapping;
import java.util.List;

/**
 * The firewall plugin's config. Keys of the reference plugin: {@code backend} ("iptables", and jnet's "nftables";
 * absent: iptables unless only nftables is usable), {@code iptablesAdminChainName} (default CNI-ADMIN),
 * {@code ingressPolicy} ("open" or "same-bridge"). jnet's own keys: {@code internal} (true: the bridge's containers
 * reach only each other), {@code gatewayMode} (see {@link GatewayMode}), and the {@code portMappings} capability the
 * gateway modes read.
 */
record FirewallConfig(String network, String adminChain, boolean isolated, boolean internal, String backend,
        GatewayMode gatewayMode, List<PortMapping> published) {
    static final String DEFAULT_ADMIN_CHAIN = "CNI-ADMIN";

    FirewallConfig {
        published = List.copyOf(published);
    }

    static FirewallConfig from(NetworkConfig config) throws CniException {
        String backend = config.getString("backend");
        if (backend != null && backend.isEmpty()) {
            backend = null;
        }
        if (backend != null && !backend.equals("iptables") && !backend.equals("nftables")) {
            throw new CniException(CniException.INVALID_NETWORK_CONFIG, "unsupported firewall backend \"" + backend + "\"",
                    "jnet's firewall plugin has the iptables and nftables backends; remove \"backend\" or set one of them");
        }
        String admin = config.getString("iptablesAdminChainName");
        if (admin == null || admin.isEmpty()) {
            admin = DEFAULT_ADMIN_CHAIN;
        } else if (!admin.matches("[A-Za-z0-9_.-]{1,28}")) {
            throw new CniException(CniException.INVALID_NETWORK_CONFIG, "invalid iptablesAdminChainName \"" + admin + "\"",
                    "a chain name is 1 to 28 letters, digits, '_', '.' or '-'");
        }
        String policy = config.getString("ingressPolicy");
        boolean isolated;
        if (policy == null || policy.isEmpty() || policy.equals("open")) {
            isolated = false;
        } else if (policy.equals("same-bridge")) {
            isolated = true;
        } else {
            throw new CniException(CniException.INVALID_NETWORK_CONFIG, "unknown ingress policy \"" + policy + "\"",
                    "ingressPolicy is \"open\" or \"same-bridge\"");
        }
        boolean internal = config.getBoolean("internal", false);
        GatewayMode mode;
        try {
            mode = GatewayMode.parse(config.getString("gatewayMode"));
        } catch (IllegalArgumentException e) {
            throw new CniException(CniException.INVALID_NETWORK_CONFIG, "unknown gatewayMode \"" + config.getString("gatewayMode")
                    + "\"", "gatewayMode is nat, nat-unprotected, routed or isolated");
        }
        if (mode == GatewayMode.ISOLATED && !internal) {
            throw new CniException(CniException.INVALID_NETWORK_CONFIG, "gatewayMode isolated needs an internal network",
                    "set \"internal\": true as well (Docker: --internal)");
        }
        return new FirewallConfig(config.name(), admin, isolated, internal, backend, mode,
                PublishedPorts.from(config.runtimeConfig()));
    }

    /** What the backend needs to know of this config. */
    ForwardSpec spec() {
        return new ForwardSpec(network, adminChain, isolated, internal, gatewayMode, published);
    }

    /** Whether the bridge gets rules of its own (isolation or internal), not just per-container ones. */
    boolean bridgeRules() {
        return isolated || internal;
    }
}
