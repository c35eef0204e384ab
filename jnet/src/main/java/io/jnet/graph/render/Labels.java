package io.jnet.graph.render;

import io.jnet.graph.Topology;
import java.util.ArrayList;
import java.util.List;

/** The words every renderer uses for the same things, so text, DOT and SVG say the same. */
public final class Labels {
    private Labels() {}

    /** "host (the namespace jnet runs in)", "red (netns jt-red)", "nsid 3 (a namespace jnet cannot name)". */
    public static String title(Topology.Namespace n) {
        return switch (n.kind()) {
            case "host" -> "host (the namespace jnet runs in)";
            case "netns" -> n.id() + (n.detail().equals(n.id()) ? "" : " (netns " + n.detail() + ")");
            case "unnamed" -> n.id() + " (" + n.detail() + ")";
            default -> n.id();
        };
    }

    /** "eth0 veth 172.17.0.2/16 5e:63:bf:3e:9a:b0", with "down" when it is, and the network it serves. */
    public static String iface(Topology.Iface i) {
        List<String> parts = new ArrayList<>();
        parts.add(i.name());
        parts.add(i.kind());
        parts.addAll(i.addresses());
        if (!i.mac().isEmpty() && !i.kind().equals("loopback")) {
            parts.add(i.mac());
        }
        if (!i.up()) {
            parts.add("down");
        }
        if (!i.network().isEmpty()) {
            parts.add("[" + i.network() + "]");
        }
        return String.join(" ", parts);
    }

    /** What the rules do for a network: "nat: masquerades 2, forwards 2, isolated". */
    public static String networkRules(Topology.Network n) {
        StringBuilder s = new StringBuilder(n.mode());
        s.append(": masquerades ").append(n.masqueraded()).append(", forwards ").append(n.accepted());
        if (!n.isolation().isEmpty()) {
            s.append(", ").append(n.isolation());
        }
        return s.toString();
    }

    /** "0.0.0.0:8080/tcp -> blue 172.17.0.3:80 (jnet)". */
    public static String port(Topology.Port p) {
        String host = p.hostIp().isEmpty() ? "*" : p.hostIp().contains(":") ? "[" + p.hostIp() + "]" : p.hostIp();
        String to = p.toIp().contains(":") ? "[" + p.toIp() + "]" : p.toIp();
        return host + ":" + p.hostPort() + "/" + p.protocol() + " -> " + (p.ns().isEmpty() ? "" : p.ns() + " ") + to + ":" + p.toPort()
                + (p.network().isEmpty() ? "" : " (" + p.network() + ")");
    }
}
