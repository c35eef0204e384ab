package io.jnet.graph.render;

import io.jnet.graph.Topology;
import java.util.List;

/**
 * The topology as indented text for a terminal: the host with its bridges and their ports (each port's cable to the
 * interface at the other end), the other namespaces with their interfaces and routes, then the rules per network, the
 * published ports, and other tools' state. What is not jnet's is marked with a leading "~".
 */
public final class TextRenderer {
    private TextRenderer() {}

    public static String render(Topology t) {
        StringBuilder s = new StringBuilder();
        for (Topology.Namespace n : t.namespaces()) {
            namespace(s, t, n);
            s.append('\n');
        }
        if (!t.networks().isEmpty()) {
            s.append("networks\n");
            for (Topology.Network n : t.networks()) {
                s.append("  ").append(n.name()).append(": bridge ").append(n.bridge()).append(", ").append(String.join(", ", n.subnets()))
                        .append(", ").append(Labels.networkRules(n)).append('\n');
            }
        }
        if (!t.ports().isEmpty()) {
            s.append("published ports\n");
            for (Topology.Port p : t.ports()) {
                s.append("  ").append(Labels.port(p)).append('\n');
            }
        }
        if (!t.foreign().isEmpty()) {
            s.append("other tools' firewall state\n");
            for (String f : t.foreign()) {
                s.append("  ~ ").append(f).append('\n');
            }
        }
        return s.toString();
    }

    private static void namespace(StringBuilder s, Topology t, Topology.Namespace n) {
        s.append(n.foreign() ? "~ " : "").append(Labels.title(n)).append('\n');
        for (Topology.Iface i : n.links()) {
            if (!i.master().isEmpty() && n.link(i.master()) != null) {
                continue; // listed under its bridge
            }
            iface(s, t, n, i, "  ");
            for (Topology.Iface port : n.links()) {
                if (port.master().equals(i.name())) {
                    iface(s, t, n, port, "    port ");
                }
            }
        }
        List<String> routes = n.routes();
        if (!routes.isEmpty()) {
            s.append("  routes\n");
            routes.forEach(r -> s.append("    ").append(r).append('\n'));
        }
        if (!n.names().isEmpty()) {
            s.append("  names ").append(String.join(", ", n.names())).append('\n');
        }
    }

    private static void iface(StringBuilder s, Topology t, Topology.Namespace n, Topology.Iface i, String indent) {
        s.append(indent).append(i.foreign() ? "~ " : "").append(Labels.iface(i));
        Topology.Cable c = t.cableAt(n.id(), i.name());
        if (c != null) {
            Topology.End other = c.a().is(n.id(), i.name()) ? c.b() : c.a();
            s.append("  <==> ").append(other.ns()).append(' ').append(other.ifname());
            Topology.Namespace on = t.namespace(other.ns());
            Topology.Iface oi = on == null ? null : on.link(other.ifname());
            if (oi != null && !oi.master().isEmpty()) {
                s.append(" (port of ").append(oi.master()).append(')');
            }
        }
        s.append('\n');
    }
}
