package io.jnet.differential;

import io.jnet.netlink.Link;
import io.jnet.netlink.MacAddress;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.ns.NetNs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stable names for what is random on each side, so two sides' texts can be compared: a host veth is named after the
 * container interface it is peered with ({@code veth(c1/eth0)}), a MAC after the first link (in label order) that
 * has it, namespace names and paths after their role. Equal structure stays visible: a bridge that took its port's
 * MAC prints that port's label as its MAC.
 */
final class Labels {
    private static final Pattern MAC = Pattern.compile("(?<![0-9a-f:])((?:[0-9a-f]{1,2}:){5}[0-9a-f]{1,2})(?![0-9a-f:])");
    private static final Pattern HOST_VETH = Pattern.compile("\\bveth[0-9a-f]{8}\\b");

    private final Map<String, String> hostVeths = new HashMap<>();
    private final Map<String, String> macs = new HashMap<>();
    private final String namespacePrefix;
    private final Map<String, String> paths = new LinkedHashMap<>();

    private Labels(String namespacePrefix) {
        this.namespacePrefix = namespacePrefix;
    }

    /** Labels of the side's links as they are now. */
    static Labels of(Side side) {
        Labels l = new Labels(side.namespacePrefix());
        Map<String, MacAddress> macByLabel = new TreeMap<>();
        Map<Integer, String> peerOfHostIndex = new HashMap<>();
        for (String role : side.containerRoles()) {
            NetNs ns = side.container(role);
            l.paths.put(ns.path().toString(), "/run/netns/" + role);
            for (Link link : links(ns)) {
                if (link.isVeth() && link.parentIndex() > 0) {
                    peerOfHostIndex.put(link.parentIndex(), role + "/" + link.name());
                }
                if (link.mac() != null) {
                    macByLabel.put(role + ":" + link.name(), link.mac());
                }
            }
        }
        List<Link> hostLinks = links(side.host);
        for (Link link : hostLinks) {
            String name = link.name();
            String peer = peerOfHostIndex.get(link.index());
            if (link.isVeth() && peer != null) {
                name = "veth(" + peer + ")";
                l.hostVeths.put(link.name(), name);
            }
            if (link.mac() != null) {
                macByLabel.put("host:" + name, link.mac());
            }
        }
        // A bridge whose MAC was never pinned follows its lowest port MAC, and which port that is depends on random
        // MACs: its ports' MACs and its own are then one label. A pinned bridge keeps a MAC no port has.
        for (Link br : hostLinks) {
            if (!br.isBridge() || br.mac() == null) {
                continue;
            }
            List<MacAddress> ports = hostLinks.stream().filter(p -> p.masterIndex() == br.index() && p.mac() != null)
                    .map(Link::mac).toList();
            if (ports.contains(br.mac())) {
                for (MacAddress m : ports) {
                    l.macs.put(m.toString(), "mac(a port of " + br.name() + ")");
                }
            }
        }
        for (Map.Entry<String, MacAddress> e : macByLabel.entrySet()) {
            l.macs.putIfAbsent(e.getValue().toString(), "mac(" + e.getKey() + ")");
        }
        return l;
    }

    private static List<Link> links(NetNs ns) {
        try (Netlink nl = Netlink.open(ns)) {
            return nl.links();
        } catch (NetlinkException e) {
            throw new AssertionError("cannot list links in " + ns.name(), e);
        }
    }

    /** {@code text} with MACs, host veth names, namespace names and paths replaced by their labels. */
    String apply(String text) {
        String out = text;
        for (Map.Entry<String, String> p : paths.entrySet()) {
            out = out.replace(p.getKey(), p.getValue());
        }
        out = out.replace(namespacePrefix, "ns:");
        Matcher m = MAC.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String mac = canonical(m.group(1));
            String label = mac.equals("00:00:00:00:00:00") || mac.equals("ff:ff:ff:ff:ff:ff") || mac.startsWith("01:80:c2")
                    ? mac : macs.getOrDefault(mac, "mac(gone)");
            m.appendReplacement(sb, Matcher.quoteReplacement(label));
        }
        m.appendTail(sb);
        Matcher v = HOST_VETH.matcher(sb.toString());
        StringBuilder out2 = new StringBuilder();
        while (v.find()) {
            v.appendReplacement(out2, Matcher.quoteReplacement(hostVeths.getOrDefault(v.group(), "veth(gone)")));
        }
        v.appendTail(out2);
        return out2.toString();
    }

    /** A host link's label (its name unless it is a veth peered with a container). */
    String hostLink(String name) {
        return hostVeths.getOrDefault(name, name);
    }

    /** "6e:44:fd:f5:60:9" (how ip prints bridge ids) as "6e:44:fd:f5:60:09". */
    private static String canonical(String mac) {
        List<String> parts = new ArrayList<>();
        for (String p : mac.split(":")) {
            parts.add(p.length() == 1 ? "0" + p : p);
        }
        return String.join(":", parts);
    }
}
