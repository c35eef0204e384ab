package io.jnet.firewall;

/**
 * What the firewall plugin's config asks of the forwarding rules of one network.
 *
 * @param network    the network name
 * @param adminChain the chain administrators put their own rules in (jumped to before the containers' accepts)
 * @param isolated   {@code ingressPolicy: same-bridge}: no new connection from another network's bridge
 * @param internal   nothing forwarded into or out of the network's bridge
 */
public record ForwardSpec(String network, String adminChain, boolean isolated, boolean internal) {

    /** Whether the bridge gets rules of its own (isolation stages), not just per-container ones. */
    public boolean bridgeRules() {
        return isolated || internal;
    }
}
