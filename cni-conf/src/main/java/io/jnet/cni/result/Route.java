package io.jnet.cni.result;

/**
 * One entry of a result's {@code routes}. Every field but {@code dst} may be null.
 *
 * @param dst      destination CIDR
 * @param gw       next hop
 * @param mtu      route MTU (1.1.0)
 * @param advmss   advertised MSS (1.1.0)
 * @param priority metric (1.1.0)
 * @param table    routing table (1.1.0)
 * @param scope    route scope (1.1.0)
 */
public record Route(String dst, String gw, Integer mtu, Integer advmss, Integer priority, Integer table, Integer scope) {
    public Route {
        if (dst == null || dst.isEmpty()) {
            throw new IllegalArgumentException("route dst must not be empty");
        }
    }

    /** A plain route: destination and optional gateway. */
    public static Route of(String dst, String gw) {
        return new Route(dst, gw, null, null, null, null, null);
    }

    /** 4 or 6, from the destination. */
    public int family() {
        return IpFamily.of(dst);
    }
}
