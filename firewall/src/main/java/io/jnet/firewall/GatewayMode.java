package io.jnet.firewall;

/**
 * How a network meets the world, Docker's {@code gateway_mode_ipv4/ipv6} (the firewall plugin's jnet key
 * {@code gatewayMode}; absent, none of these rules are added, as with the reference plugin). Masquerade itself is the
 * bridge plugin's {@code ipMasq}: the network's conflist sets both.
 */
public enum GatewayMode {
    /** NAT, and no direct access from outside: packets to a container address that do not come in from a
     *  container bridge are dropped before NAT, and loopback-published ports only answer the host. */
    NAT("nat"),
    /** NAT without that protection (the behaviour before Docker 28). */
    NAT_UNPROTECTED("nat-unprotected"),
    /** No NAT: the published container ports (and ICMP) are open on the container address, nothing else. */
    ROUTED("routed"),
    /** An internal network whose bridge has no address: not even the host reaches it. */
    ISOLATED("isolated");

    private final String key;

    GatewayMode(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The mode {@code text} names, null for null or empty; IllegalArgumentException for an unknown one. */
    public static GatewayMode parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        for (GatewayMode m : values()) {
            if (m.key.equals(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown gatewayMode \"" + text + "\" (nat, nat-unprotected, routed or isolated)");
    }
}
