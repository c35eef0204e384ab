package io.jnet.plugin.firewall;

import io.jnet.cni.config.NetworkConfig;
import io.jnet.cni.spec.CniException;

/**
 * The firewall plugin's config. Keys of the reference plugin: {@code backend} (only "iptables" here),
 * {@code iptablesAdminChainName} (default CNI-ADMIN), {@code ingressPolicy} ("open" or "same-bridge").
 * jnet's own key: {@code internal} (true: the bridge's containers reach only each other).
 */
record FirewallConfig(String network, String adminChain, boolean isolated, boolean internal) {
    static final String DEFAULT_ADMIN_CHAIN = "CNI-ADMIN";

    static FirewallConfig from(NetworkConfig config) throws CniException {
        String backend = config.getString("backend");
        if (backend != null && !backend.isEmpty() && !backend.equals("iptables")) {
            throw new CniException(CniException.INVALID_NETWORK_CONFIG, "unsupported firewall backend \"" + backend + "\"",
                    "jnet's firewall plugin has the iptables backend only; remove \"backend\" or set it to \"iptables\"");
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
        return new FirewallConfig(config.name(), admin, isolated, config.getBoolean("internal", false));
    }

    /** Whether the bridge gets rules of its own (isolation or internal), not just per-container ones. */
    boolean bridgeRules() {
        return isolated || internal;
    }
}
