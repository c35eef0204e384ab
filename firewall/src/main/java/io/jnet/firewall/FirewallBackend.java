package io.jnet.firewall;

/**
 * One way of programming the host's firewall, handed to the plugins (they never pick one themselves): the
 * iptables backend (one atomic iptables-restore per call, the reference plugins' rule layout) or the nftables
 * backend (one netlink batch per call, no process). Each serves the three jobs the plugins have: the bridge's
 * masquerade, portmap's published ports and the firewall plugin's forwarding rules. Implementations act on the
 * network namespace of the calling thread.
 */
public interface FirewallBackend {

    /** {@code iptables} or {@code nftables}: the value of the plugins' {@code backend} / {@code ipMasqBackend} keys. */
    String name();

    /** Why this backend cannot work here for {@code family}, or null when it can. Cheap: starts no process. */
    String unavailableReason(Family family);

    /** The bridge plugin's {@code ipMasq}. */
    Masquerading masquerading();

    /** The portmap plugin's published ports. */
    PortForwarding portForwarding();

    /** The firewall plugin's forwarding, isolation and internal-network rules. */
    ForwardFiltering forwardFiltering();
}
