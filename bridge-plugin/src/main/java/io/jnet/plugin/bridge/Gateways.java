package io.jnet.plugin.bridge;

import io.jnet.cni.result.IpConfig;
import io.jnet.cni.result.Result;
import io.jnet.cni.result.Route;
import io.jnet.inet.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference's calcGateways: every IP points at the container interface (index 2); with isGateway an IP without
 * a gateway gets network+1; with isDefaultGateway each family gets a default route via its gateway unless IPAM
 * already gave one; the bridge's gateway addresses are collected per family (IPv4 first).
 */
final class Gateways {
    private Gateways() {}

    static final int CONTAINER_INTERFACE = 2;

    /** The result completed as above, and the gateway addresses (with the IP's prefix length) for the bridge. */
    record Computed(Result result, List<IpPrefix> v4, List<IpPrefix> v6) {}

    static Computed compute(Result ipam, BridgeConfig cfg) {
        List<IpConfig> ips = new ArrayList<>();
        List<Route> routes = new ArrayList<>(ipam.routes());
        List<IpPrefix> v4 = new ArrayList<>();
        List<IpPrefix> v6 = new ArrayList<>();
        for (IpConfig ip : ipam.ips()) {
            IpPrefix addr = IpPrefix.parse(ip.address());
            String gateway = ip.gateway();
            if (gateway == null && cfg.isGateway()) {
                gateway = IpPrefix.text(next(addr.network().address()));
            }
            ips.add(new IpConfig(ip.address(), gateway, CONTAINER_INTERFACE));
            String defaultDst = addr.isIpv4() ? "0.0.0.0/0" : "::/0";
            if (cfg.isDefaultGateway() && routes.stream().noneMatch(r -> r.gw() != null && isDefault(r.dst(), defaultDst))) {
                routes.add(new Route(defaultDst, gateway, null, null, null, null, null));
            }
            if (cfg.isGateway() && gateway != null) {
                (addr.isIpv4() ? v4 : v6).add(new IpPrefix(IpPrefix.literal(gateway), addr.length()));
            }
        }
        Result r = new Result(ipam.interfaces(), ips, routes, ipam.dns());
        return new Computed(r, v4, v6);
    }

    /** Same destination as Go's IPNet.String() comparison: the default route of that family. */
    private static boolean isDefault(String dst, String defaultDst) {
        try {
            return IpPrefix.parse(dst).network().equals(IpPrefix.parse(defaultDst));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** ip.NextIP: the address plus one. */
    static InetAddress next(InetAddress a) {
        byte[] b = a.getAddress();
        for (int i = b.length - 1; i >= 0; i--) {
            if (++b[i] != 0) {
                break;
            }
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
