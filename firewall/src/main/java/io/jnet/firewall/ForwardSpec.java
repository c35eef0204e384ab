package io.jnet.firewall;

import java.util.List;

/**
 * What the firewall plugin's config asks of the forwarding rules of one network.
 *
 * @param network     the network name
 * @param adminChain  the chain administrators put their own rules in (jumped to before the containers' accepts)
 * @param isolated    {@code ingressPolicy: same-bridge}: no new connection from another network's bridge
 * @param internal    nothing forwarded into or out of the network's bridge
 * @param gatewayMode the network's gateway mode, or null for none (the reference plugin's rules only)
 * @param published   the attachment's published ports ({@code portMappings} capability), which routed networks open
 *                    and nat networks keep to the host when bound to loopback
 */
public record ForwardSpec(String network, String adminChain, boolean isolated, boolean internal, GatewayMode gatewayMode,
        List<PortMapping> published) {

    public ForwardSpec {
        published = List.copyOf(published);
    }

    /** Without a gateway mode. */
    public ForwardSpec(String network, String adminChain, boolean isolated, boolean internal) {
        this(network, adminChain, isolated, internal, null, List.of());
    }

    /** Whether the bridge gets rules of its own (isolation stages), not just per-container ones. */
    public boolean bridgeRules() {
        return isolated || internal;
    }

    /** Whether packets from outside to this network's containers are dropped before NAT (gateway mode nat). */
    public boolean protectsContainers() {
        return gatewayMode == GatewayMode.NAT;
    }

    /** Whether the bridge's traffic is exempt from other networks' direct-access drops (a network that names a mode). */
    public boolean marksBridge() {
        return gatewayMode != null && gatewayMode != GatewayMode.ISOLATED;
    }
}
