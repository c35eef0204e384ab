package io.jnet.netlink;

import io.jnet.explain.Commands;
import io.jnet.inet.IpPrefix;

/**
 * The {@code ip} arguments that make the same change as a netlink request, for {@link io.jnet.explain.Explain}: what
 * {@link Netlink} sends, spelt with names rather than ifindexes, so that the commands also work in another namespace.
 */
final class IpEquivalents {
    private IpEquivalents() {}

    /**
     * {@code ip link add ... type veth peer ...}. When the peer goes to the caller's own namespace (where a plugin
     * runs, the host) the pair is spelt from there, the way people write it: {@code ip link add vethX type veth peer
     * name eth0 netns red}.
     */
    static String vethAdd(String where, Veth v, String peerWhere) {
        String local = endOptions(v.name(), v.mac(), v.mtu());
        String peer = endOptions(v.peerName(), v.peerMac(), v.mtu());
        if (v.peerNetns() != null && peerWhere == null && where != null) {
            return Commands.ip(null, "link add " + peer + " type veth peer name " + local + " netns " + Commands.netnsArgument(where));
        }
        String target = v.peerNetns() == null || peerWhere == null ? "" : " netns " + Commands.netnsArgument(peerWhere);
        return Commands.ip(where, "link add " + local + " type veth peer name " + peer + target);
    }

    private static String endOptions(String name, MacAddress mac, int mtu) {
        return Commands.quote(name) + (mac == null ? "" : " address " + mac) + (mtu > 0 ? " mtu " + mtu : "");
    }

    static String bridgeAdd(Bridge b) {
        return "link add " + endOptions(b.name(), b.mac(), b.mtu()) + " type bridge" + (b.vlanFiltering() ? " vlan_filtering 1" : "");
    }

    /** {@code addr add|del CIDR [brd +] dev NAME [scope S] [nodad] [label L]}. */
    static String addr(String verb, Addr a, String dev) {
        IpPrefix p = a.prefix();
        StringBuilder s = new StringBuilder("addr ").append(verb).append(' ').append(p);
        if (verb.equals("add") && p.isIpv4() && p.length() < 31) {
            s.append(" brd +"); // the request carries the broadcast address
        }
        s.append(" dev ").append(Commands.quote(dev));
        if (a.scope() != Addr.SCOPE_GLOBAL) {
            s.append(" scope ").append(scope(a.scope()));
        }
        if ((a.flags() & Addr.NODAD) != 0) {
            s.append(" nodad");
        }
        if (a.label() != null && p.isIpv4()) {
            s.append(" label ").append(Commands.quote(a.label()));
        }
        return s.toString();
    }

    /**
     * {@code route add|replace|del ...} with what the request carries; scope and protocol only where they differ from
     * what {@code ip route add} would pick by itself.
     */
    static String route(String verb, Route r, String dev) {
        StringBuilder s = new StringBuilder();
        if (r.family() == 10 && r.isDefault()) {
            s.append("-6 ");
        }
        s.append("route ").append(verb).append(' ');
        if (r.type() != Route.TYPE_UNICAST) {
            s.append(type(r.type())).append(' ');
        }
        s.append(r.isDefault() ? "default" : r.dst().toString());
        if (r.gateway() != null) {
            s.append(" via ").append(IpPrefix.text(r.gateway()));
        }
        if (dev != null) {
            s.append(" dev ").append(Commands.quote(dev));
        }
        if (r.prefSrc() != null) {
            s.append(" src ").append(IpPrefix.text(r.prefSrc()));
        }
        if (r.metric() > 0) {
            s.append(" metric ").append(r.metric());
        }
        if (r.table() != Route.TABLE_MAIN) {
            s.append(" table ").append(r.table());
        }
        if (verb.equals("del")) {
            return s.toString(); // a delete matches whatever protocol and scope the route has
        }
        if (r.protocol() != Route.PROTO_BOOT) {
            s.append(" proto ").append(r.protocol() == Route.PROTO_KERNEL ? "kernel" : r.protocol() == 4 ? "static" : String.valueOf(r.protocol()));
        }
        int ipDefault = r.type() == 2 ? Route.SCOPE_HOST
                : r.gateway() == null && r.type() == Route.TYPE_UNICAST ? Route.SCOPE_LINK : Route.SCOPE_UNIVERSE;
        if (r.scope() != ipDefault) {
            s.append(" scope ").append(scope(r.scope()));
        }
        if (r.mtu() > 0) {
            s.append(" mtu ").append(r.mtu());
        }
        if (r.advmss() > 0) {
            s.append(" advmss ").append(r.advmss());
        }
        return s.toString();
    }

    static String scope(int scope) {
        return switch (scope) {
            case 0 -> "global";
            case 200 -> "site";
            case 253 -> "link";
            case 254 -> "host";
            default -> String.valueOf(scope);
        };
    }

    private static String type(int type) {
        return switch (type) {
            case 2 -> "local";
            case 3 -> "broadcast";
            case 4 -> "anycast";
            case 5 -> "multicast";
            case 6 -> "blackhole";
            case 7 -> "unreachable";
            case 8 -> "prohibit";
            case 9 -> "throw";
            default -> String.valueOf(type);
        };
    }
}
