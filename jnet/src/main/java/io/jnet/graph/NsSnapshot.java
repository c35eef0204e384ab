package io.jnet.graph;

import io.jnet.inet.IpPrefix;
import io.jnet.netlink.Addr;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One namespace as the kernel reports it at one moment, over netlink ({@code ip link}, {@code ip addr},
 * {@code ip route}): its links by ifindex, their addresses, and the routes of the main table.
 */
public record NsSnapshot(Map<Integer, Link> links, Map<Integer, List<Addr>> addresses, List<Route> routes) {

    public static NsSnapshot read(Netlink nl) throws NetlinkException {
        Map<Integer, Link> links = new LinkedHashMap<>();
        for (Link l : nl.links()) {
            links.put(l.index(), l);
        }
        Map<Integer, List<Addr>> addrs = new LinkedHashMap<>();
        for (Addr a : nl.addresses(0, 0)) {
            addrs.computeIfAbsent(a.linkIndex(), i -> new ArrayList<>()).add(a);
        }
        List<Route> routes = new ArrayList<>(nl.routes(2));
        routes.addAll(nl.routes(10));
        return new NsSnapshot(links, addrs, routes);
    }

    public Link link(String name) {
        return links.values().stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
    }

    public String name(int index) {
        Link l = links.get(index);
        return l == null ? "if" + index : l.name();
    }

    public List<Addr> addresses(int index) {
        return addresses.getOrDefault(index, List.of());
    }

    /** The link holding {@code address}, or null. */
    public Link holder(java.net.InetAddress address) {
        for (Map.Entry<Integer, List<Addr>> e : addresses.entrySet()) {
            for (Addr a : e.getValue()) {
                if (a.prefix().address().equals(address)) {
                    return links.get(e.getKey());
                }
            }
        }
        return null;
    }

    /** The routes as {@code ip route} prints them, without the kernel's fe80::/64 and multicast entries. */
    public List<String> routeLines() {
        List<String> out = new ArrayList<>();
        for (Route r : routes) {
            if (r.family() == 10 && r.dst() != null && (r.dst().toString().startsWith("fe80::") || r.dst().toString().startsWith("ff00::"))) {
                continue;
            }
            out.add(text(r));
        }
        return out;
    }

    /** {@code DST [via GW] dev IF [proto P] [scope link] [src S] [metric M]}. */
    public String text(Route r) {
        StringBuilder s = new StringBuilder(r.isDefault() ? "default" : r.dst().toString());
        if (r.type() == 6) {
            s.insert(0, "blackhole ");
        } else if (r.type() == 7) {
            s.insert(0, "unreachable ");
        } else if (r.type() == 8) {
            s.insert(0, "prohibit ");
        }
        if (r.gateway() != null) {
            s.append(" via ").append(IpPrefix.text(r.gateway()));
        }
        if (r.oif() > 0) {
            s.append(" dev ").append(name(r.oif()));
        }
        if (r.protocol() == Route.PROTO_KERNEL) {
            s.append(" proto kernel");
        }
        if (r.scope() == Route.SCOPE_LINK) {
            s.append(" scope link");
        }
        if (r.prefSrc() != null) {
            s.append(" src ").append(IpPrefix.text(r.prefSrc()));
        }
        if (r.metric() > 0) {
            s.append(" metric ").append(r.metric());
        }
        return s.toString();
    }
}
