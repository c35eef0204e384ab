package io.jnet.cni.result;

import java.util.ArrayList;
import java.util.List;

/**
 * A CNI result in the 1.1.0 model. Plugins build this; {@link ResultWriter} prints it in any version and
 * {@link ResultReader} reads any version into it.
 *
 * @param interfaces interfaces the plugin created or touched
 * @param ips        assigned addresses
 * @param routes     routes
 * @param dns        DNS settings, {@link Dns#EMPTY} when none
 */
public record Result(List<NetInterface> interfaces, List<IpConfig> ips, List<Route> routes, Dns dns) {
    /** A result with nothing in it. */
    public static final Result EMPTY = new Result(List.of(), List.of(), List.of(), Dns.EMPTY);

    public Result {
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
        ips = ips == null ? List.of() : List.copyOf(ips);
        routes = routes == null ? List.of() : List.copyOf(routes);
        dns = dns == null ? Dns.EMPTY : dns;
    }

    /** This result with {@code iface} appended; returns the new result. Use {@link #interfaces()}.size() - 1 as its index. */
    public Result withInterface(NetInterface iface) {
        List<NetInterface> l = new ArrayList<>(interfaces);
        l.add(iface);
        return new Result(l, ips, routes, dns);
    }

    /** This result with its IPs replaced. */
    public Result withIps(List<IpConfig> newIps) {
        return new Result(interfaces, newIps, routes, dns);
    }

    /** This result with its routes replaced. */
    public Result withRoutes(List<Route> newRoutes) {
        return new Result(interfaces, ips, newRoutes, dns);
    }

    /** This result with its DNS replaced. */
    public Result withDns(Dns newDns) {
        return new Result(interfaces, ips, routes, newDns);
    }
}
