package io.jnet.graph.render;

import io.jnet.graph.Topology;

/**
 * The topology in Graphviz DOT, for people who lay it out with {@code dot -Tsvg}: one cluster per namespace holding
 * its interfaces, bold edges for veth cables, dashed edges from bridge ports to their bridge. What is not jnet's is
 * grey.
 */
public final class DotRenderer {
    private static final String GREY = "gray60";

    private DotRenderer() {}

    public static String render(Topology t) {
        StringBuilder s = new StringBuilder();
        s.append("graph jnet {\n");
        s.append("  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=11, compound=true];\n");
        s.append("  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n");
        s.append("  edge [fontname=\"Helvetica\", fontsize=9];\n");
        int c = 0;
        for (Topology.Namespace n : t.namespaces()) {
            s.append("  subgraph ").append(quote("cluster_" + c++)).append(" {\n");
            s.append("    label=").append(quote(Labels.title(n))).append(";\n");
            if (n.foreign()) {
                s.append("    color=").append(GREY).append("; fontcolor=").append(GREY).append(";\n");
            }
            for (Topology.Iface i : n.links()) {
                s.append("    ").append(id(n.id(), i.name())).append(" [label=").append(quote(ifaceLabel(i)));
                if (i.kind().equals("bridge")) {
                    s.append(", shape=box, style=\"filled,bold\", fillcolor=").append(i.foreign() ? "gray90" : "lightblue");
                }
                if (i.foreign()) {
                    s.append(", color=").append(GREY).append(", fontcolor=").append(GREY);
                }
                s.append("];\n");
            }
            if (!n.routes().isEmpty()) {
                s.append("    ").append(quote(n.id() + "/routes")).append(" [shape=note, label=")
                        .append(quote(String.join("\n", n.routes()))).append(n.foreign() ? ", color=" + GREY + ", fontcolor=" + GREY : "")
                        .append("];\n");
            }
            s.append("  }\n");
        }
        for (Topology.Cable cable : t.cables()) {
            s.append("  ").append(id(cable.a().ns(), cable.a().ifname())).append(" -- ").append(id(cable.b().ns(), cable.b().ifname()))
                    .append(" [penwidth=2, label=\"veth\"").append(cable.foreign() ? ", color=" + GREY + ", fontcolor=" + GREY : "").append("];\n");
        }
        for (Topology.Namespace n : t.namespaces()) {
            for (Topology.Iface i : n.links()) {
                if (!i.master().isEmpty()) {
                    s.append("  ").append(id(n.id(), i.name())).append(" -- ").append(id(n.id(), i.master()))
                            .append(" [style=dashed, label=\"port\"").append(i.foreign() ? ", color=" + GREY : "").append("];\n");
                }
            }
        }
        if (!t.networks().isEmpty() || !t.ports().isEmpty() || !t.foreign().isEmpty()) {
            StringBuilder rules = new StringBuilder();
            for (Topology.Network n : t.networks()) {
                rules.append(n.name()).append(" (").append(n.bridge()).append("): ").append(Labels.networkRules(n)).append("\\l");
            }
            for (Topology.Port p : t.ports()) {
                rules.append("published ").append(Labels.port(p)).append("\\l");
            }
            for (String f : t.foreign()) {
                rules.append("~ ").append(f).append("\\l");
            }
            s.append("  \"rules\" [shape=note, label=\"").append(escape(rules.toString()).replace("\\\\l", "\\l")).append("\"];\n");
        }
        s.append("}\n");
        return s.toString();
    }

    private static String ifaceLabel(Topology.Iface i) {
        StringBuilder s = new StringBuilder(i.name()).append(" (").append(i.kind()).append(')');
        for (String a : i.addresses()) {
            s.append('\n').append(a);
        }
        if (!i.mac().isEmpty() && !i.kind().equals("loopback")) {
            s.append('\n').append(i.mac());
        }
        if (!i.network().isEmpty()) {
            s.append("\nnetwork ").append(i.network());
        }
        if (!i.up()) {
            s.append("\ndown");
        }
        return s.toString();
    }

    private static String id(String ns, String ifname) {
        return quote(ns + "/" + ifname);
    }

    private static String quote(String s) {
        return "\"" + escape(s) + "\"";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
