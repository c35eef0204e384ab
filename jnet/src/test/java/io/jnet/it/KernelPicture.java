package io.jnet.it;

import io.jnet.netlink.Addr;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.Route;
import io.jnet.netlink.ns.NetNs;
import io.jnet.inet.IpPrefix;
import io.jnet.testing.Sandbox;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a namespace holds, as sorted lines to compare: links (kind, state, MTU, master; a bridge's MAC), addresses
 * other than link-local ones (derived from random MACs), routes of the main table, and the iptables rules of the nat
 * and filter tables in both families. Namespace names inside are written relative, so two setups compare equal.
 */
final class KernelPicture {
    private KernelPicture() {}

    static List<String> of(Sandbox sb, NetNs ns, Map<String, String> renames) throws Exception {
        TreeSet<String> out = new TreeSet<>();
        try (Netlink nl = Netlink.open(ns)) {
            Map<Integer, String> names = new HashMap<>();
            List<Link> links = nl.links();
            links.forEach(l -> names.put(l.index(), l.name()));
            for (Link l : links) {
                out.add("link " + l.name() + " kind=" + l.kind() + " up=" + l.isUp() + " mtu=" + l.mtu()
                        + " master=" + names.getOrDefault(l.masterIndex(), "-") + (l.isBridge() ? " mac=" + l.mac() : "")
                        + (l.bridgePort() == null ? "" : " hairpin=" + l.bridgePort().hairpin()));
            }
            for (Addr a : nl.addresses(0, 0)) {
                if (a.scope() != Addr.SCOPE_LINK) {
                    out.add("addr " + names.get(a.linkIndex()) + " " + a.prefix());
                }
            }
            for (int family : new int[] {2, 10}) {
                for (Route r : nl.routes(family)) {
                    out.add("route " + (r.isDefault() ? "default" : r.dst()) + (r.gateway() == null ? "" : " via " + IpPrefix.text(r.gateway()))
                            + " dev " + names.getOrDefault(r.oif(), "-") + " scope " + r.scope() + " proto " + r.protocol()
                            + " metric " + r.metric() + " type " + r.type());
                }
            }
        }
        for (String tool : List.of("iptables-save", "ip6tables-save")) {
            for (String table : List.of("nat", "filter")) {
                for (String line : sb.exec(ns, tool, "-t", table).assertOk().stdout().split("\n")) {
                    if (line.startsWith("#") || line.isBlank()) {
                        continue;
                    }
                    // counters differ between the two setups
                    out.add(tool + " " + table + " " + line.replaceAll(" \\[\\d+:\\d+\\]$", ""));
                }
            }
        }
        List<String> lines = new ArrayList<>();
        for (String l : out) {
            for (Map.Entry<String, String> e : renames.entrySet()) {
                l = l.replace(e.getKey(), e.getValue());
            }
            lines.add(l);
        }
        return lines;
    }
}
