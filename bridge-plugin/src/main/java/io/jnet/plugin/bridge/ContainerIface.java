package io.jnet.plugin.bridge;

import io.jnet.cni.result.IpConfig;
import io.jnet.cni.result.Result;
import io.jnet.cni.spec.CniException;
import io.jnet.netlink.Addr;
import io.jnet.inet.IpPrefix;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.Route;
import io.jnet.netlink.ns.NetNs;
import io.jnet.netlink.ns.Sysctl;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;

/**
 * The container side of an attachment (the reference's ConfigureIface): sysctls first, then the addresses, then
 * the link up (so arp_notify announces the addresses), then the routes.
 */
final class ContainerIface {
    private ContainerIface() {}

    /**
     * Sysctls the reference sets before addressing: IPv6 enabled on {@code lo} and the interface when there is an IPv6
     * address (a namespace made with IPv6 disabled would otherwise keep loopback without ::1), arp_notify, and IPv6
     * DAD on or off. Failures are ignored like there.
     */
    static void sysctls(NetNs ns, String ifname, boolean enableDad, boolean hasV6) {
        if (hasV6) {
            for (String iface : new String[] {"lo", ifname}) {
                String key = Sysctl.interfaceKey("ipv6", iface, "disable_ipv6");
                try {
                    if (!"0".equals(Sysctl.get(ns, key))) {
                        Sysctl.set(ns, key, "0");
                    }
                } catch (Exception ignored) {
                    // no IPv6 in this kernel: the addresses below fail with a clear error
                }
            }
        }
        if (enableDad) {
            quietly(ns, Sysctl.interfaceKey("ipv6", ifname, "enhanced_dad"), "1");
            quietly(ns, Sysctl.interfaceKey("ipv6", ifname, "accept_dad"), "1");
        } else {
            quietly(ns, Sysctl.interfaceKey("ipv6", ifname, "accept_dad"), "0");
        }
        quietly(ns, Sysctl.interfaceKey("ipv4", ifname, "arp_notify"), "1");
    }

    private static void quietly(NetNs ns, String key, String value) {
        try {
            Sysctl.set(ns, key, value);
        } catch (Exception ignored) {
            // e.g. IPv6 disabled in the container: the reference ignores these too
        }
    }

    /** Adds the result's addresses to {@code link}, sets it up, then adds the routes (gateway defaulting to the family's). */
    static void configure(Netlink nl, Link link, Result result) throws CniException {
        InetAddress v4gw = null;
        InetAddress v6gw = null;
        for (IpConfig ip : result.ips()) {
            IpPrefix p = IpPrefix.parse(ip.address());
            try {
                nl.addAddress(Addr.of(link.index(), p));
            } catch (NetlinkException e) {
                throw Errors.failed("failed to add IP addr " + ip.address() + " to \"" + link.name() + "\"", e);
            }
            if (ip.gateway() != null) {
                if (p.isIpv4() && v4gw == null) {
                    v4gw = IpPrefix.literal(ip.gateway());
                } else if (!p.isIpv4() && v6gw == null) {
                    v6gw = IpPrefix.literal(ip.gateway());
                }
            }
        }
        try {
            nl.setUp(link.index());
        } catch (NetlinkException e) {
            throw Errors.failed("failed to set \"" + link.name() + "\" UP", e);
        }
        for (io.jnet.cni.result.Route r : result.routes()) {
            IpPrefix dst = IpPrefix.parse(r.dst());
            InetAddress gw = r.gw() != null ? IpPrefix.literal(r.gw()) : (dst.isIpv4() ? v4gw : v6gw);
            Route.Builder b = Route.builder().dst(dst).oif(link.index()).scope(r.scope() == null ? Route.SCOPE_UNIVERSE : r.scope());
            if (gw != null) {
                b.gateway(gw);
            }
            if (r.mtu() != null) {
                b.mtu(r.mtu());
            }
            if (r.advmss() != null) {
                b.advmss(r.advmss());
            }
            if (r.priority() != null) {
                b.metric(r.priority());
            }
            if (r.table() != null && r.table() != 0) {
                b.table(r.table());
            }
            try {
                // prepend, not add: a second interface of the container may hold the same route (ECMP, like the reference)
                nl.prependRoute(b.build());
            } catch (NetlinkException e) {
                throw Errors.failed("failed to add route '" + r.dst() + " via " + (gw == null ? "<nil>" : IpPrefix.text(gw))
                        + " dev " + link.name() + "'", e);
            }
        }
    }

    /**
     * The addresses of every interface in the container but {@code exceptIndex} (0: every interface): those the
     * container's other interfaces hold, whose masquerade must stay when this one goes.
     */
    static Set<InetAddress> addressesBesides(Netlink nl, int exceptIndex) throws NetlinkException {
        Set<InetAddress> out = new HashSet<>();
        for (Addr a : nl.addresses(0, 0)) {
            if (a.linkIndex() != exceptIndex) {
                out.add(a.prefix().address());
            }
        }
        return out;
    }
}
