package io.jnet.graph.render;

import io.jnet.graph.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The topology as an SVG picture, laid out by jnet itself (no Graphviz). The host is a frame at the top: its own
 * interfaces, routes and rules as text, and each bridge as a bar along its bottom edge (a veth of the host linked
 * straight to a namespace gets a thin bar of its own). The other namespaces are boxes in a grid below, grouped under
 * the bar they hang on; each veth is a cable from the interface's line in its box, through the gutter left of the
 * box's column, up to its bar. Each cable has its own lane in the gutter, so cables never run over boxes or over
 * each other, which keeps ~50 namespaces readable. What is not jnet's is grey.
 */
public final class SvgRenderer {
    private static final int MARGIN = 20;
    private static final int BOX_W = 320;
    private static final int LINE = 14;
    private static final int CHARS = 44; // that fit in a box at 11px monospace
    private static final int BAR_GAP = 34;
    private static final int ROW_GAP = 26;
    private static final int LANE = 5;
    private static final int MAX_LIST = 12;
    private static final String GREY = "#a8a8a8";
    private static final String[] COLORS = {"#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"};

    private final Topology t;

    private SvgRenderer(Topology t) {
        this.t = t;
    }

    public static String render(Topology t) {
        return new SvgRenderer(t).draw();
    }

    /** A bar in the host frame: a bridge, or a host veth linked straight to a namespace. */
    private record Bar(String ifname, String label, String color, boolean foreign, int width) {}

    /** One line of text in a box; {@code ifname} marks the line a cable leaves from. */
    private record Line(String text, String css, String ifname) {}

    /** A namespace box, placed. */
    private static final class Box {
        final Topology.Namespace ns;
        final List<Line> lines = new ArrayList<>();
        Bar bar;
        int col;
        int row;
        int x;
        int y;

        Box(Topology.Namespace ns) {
            this.ns = ns;
        }

        int height() {
            return 10 + (lines.size() + 1) * LINE;
        }

        int lineY(String ifname) {
            for (int i = 0; i < lines.size(); i++) {
                if (ifname.equals(lines.get(i).ifname())) {
                    return y + 10 + (i + 1) * LINE + LINE - 4;
                }
            }
            return y + 12;
        }
    }

    private String draw() {
        Topology.Namespace host = t.namespace("host");
        Map<String, Bar> bars = bars(host);
        List<String> hostLines = new ArrayList<>();
        List<String> hostCss = new ArrayList<>();
        hostText(host, bars, hostLines, hostCss);

        // boxes, grouped under the bar of their first cable to the host
        Map<Bar, List<Box>> groups = new LinkedHashMap<>();
        bars.values().forEach(b -> groups.put(b, new ArrayList<>()));
        List<Box> loose = new ArrayList<>();
        Map<String, Box> boxes = new LinkedHashMap<>();
        for (Topology.Namespace n : t.namespaces()) {
            if (n == host) {
                continue;
            }
            Box b = new Box(n);
            boxes.put(n.id(), b);
            boxLines(b);
            for (Topology.Cable c : t.cables()) {
                Topology.End mine = c.a().ns().equals(n.id()) ? c.a() : c.b().ns().equals(n.id()) ? c.b() : null;
                Topology.End other = mine == c.a() ? c.b() : c.a();
                if (mine != null && other.ns().equals("host") && bars.containsKey(barOf(host, other.ifname()))) {
                    b.bar = bars.get(barOf(host, other.ifname()));
                    break;
                }
            }
            (b.bar == null ? loose : groups.get(b.bar)).add(b);
        }
        int n = boxes.size();
        int cols = Math.max(1, Math.min(Math.min(6, n), (int) Math.ceil(Math.sqrt(n * 0.8))));

        // rows: each group starts a row of its own
        List<List<Box>> ordered = new ArrayList<>(groups.values());
        ordered.add(loose);
        int row = 0;
        List<String> rowHeads = new ArrayList<>();
        for (int g = 0; g < ordered.size(); g++) {
            List<Box> group = ordered.get(g);
            for (int i = 0; i < group.size(); i++) {
                Box b = group.get(i);
                b.col = i % cols;
                b.row = row + i / cols;
                if (i == 0) {
                    while (rowHeads.size() < b.row) {
                        rowHeads.add(null);
                    }
                    rowHeads.add(g < groups.size() ? heading(new ArrayList<>(groups.keySet()).get(g)) : "not linked to the host");
                }
            }
            if (!group.isEmpty()) {
                row += (group.size() + cols - 1) / cols;
            }
        }
        int rows = row;

        // lanes: one per cable end in a column's gutter
        int[] lanes = new int[cols];
        Map<String, Integer> laneOf = new HashMap<>();
        for (Topology.Cable c : t.cables()) {
            for (Topology.End e : List.of(c.a(), c.b())) {
                Box b = boxes.get(e.ns());
                if (b != null) {
                    laneOf.put(e.ns() + "|" + e.ifname(), lanes[b.col]++);
                }
            }
        }
        int[] colX = new int[cols];
        int x = MARGIN;
        for (int c = 0; c < cols; c++) {
            x += 14 + lanes[c] * LANE;
            colX[c] = x;
            x += BOX_W;
        }
        int longest = hostLines.stream().mapToInt(String::length).max().orElse(0);
        for (Bar b : bars.values()) {
            longest = Math.max(longest, b.label().length());
        }
        int width = Math.max(Math.max(x + MARGIN, 760), 2 * MARGIN + 16 + longest * 67 / 10);

        // the host frame: text, then the bars along its bottom
        int frameTop = MARGIN;
        int textBottom = frameTop + 22 + hostLines.size() * LINE;
        Map<Bar, Integer> barY = new HashMap<>();
        int y = textBottom + 12;
        for (Bar b : bars.values()) {
            y += BAR_GAP;
            barY.put(b, y);
        }
        int frameBottom = y + 16;

        // rows of boxes
        int[] rowY = new int[rows + 1];
        y = frameBottom + 24;
        for (int r = 0; r < rows; r++) {
            if (r < rowHeads.size() && rowHeads.get(r) != null) {
                y += 18;
            }
            rowY[r] = y;
            int tallest = 0;
            for (Box b : boxes.values()) {
                if (b.row == r) {
                    tallest = Math.max(tallest, b.height());
                }
            }
            y += tallest + ROW_GAP;
        }
        for (Box b : boxes.values()) {
            b.x = colX[b.col];
            b.y = rowY[b.row];
        }
        int height = y + 28;

        Svg svg = new Svg().open(width, height, "jnet topology");
        svg.rect(0, 0, width, height, 0, "#ffffff", "none", "");
        svg.group(hostTooltip(host));
        svg.rect(MARGIN - 8, frameTop, width - 2 * MARGIN + 16, frameBottom - frameTop, 10, "#f4f7fb", "#7a8aa0", "");
        svg.end();
        svg.text(MARGIN, frameTop + 18, "title", Labels.title(host));
        for (int i = 0; i < hostLines.size(); i++) {
            svg.text(MARGIN + 4, frameTop + 22 + (i + 1) * LINE - 2, hostCss.get(i), hostLines.get(i));
        }
        for (Bar b : bars.values()) {
            int by = barY.get(b);
            svg.group(Labels.iface(host.link(b.ifname())));
            svg.line(MARGIN, by, width - MARGIN, by, b.color(), b.width(), b.foreign() ? "stroke-dasharray=\"8 4\"" : "stroke-linecap=\"round\"");
            svg.end();
        }
        for (Box b : boxes.values()) {
            drawBox(svg, b);
        }
        for (Topology.Cable c : t.cables()) {
            drawCable(svg, c, host, bars, barY, boxes, laneOf, rowY);
        }
        // labels last, on a patch of background, so the cables rising past them never make them unreadable
        for (Bar b : bars.values()) {
            label(svg, MARGIN + 4, barY.get(b) - 6, b.foreign() ? "foreign" : "", b.label(), "#f4f7fb");
        }
        for (int r = 0; r < rows; r++) {
            if (r < rowHeads.size() && rowHeads.get(r) != null) {
                label(svg, colX[0], rowY[r] - 8, "head", rowHeads.get(r), "#ffffff");
            }
        }
        svg.text(MARGIN, height - 10, "dim", "veth cables run from an interface to its bridge (bar); grey: not jnet's (other tools, or made by hand)");
        return svg.close();
    }

    private static void label(Svg svg, int x, int y, String css, String text, String background) {
        svg.rect(x - 2, y - 11, text.length() * 67 / 10 + 4, 14, 2, background, "none", "");
        svg.text(x, y, css, text);
    }

    /** "on jnet0 (network jnet)" above the boxes hanging on a bar. */
    private String heading(Bar b) {
        Topology.Network net = t.networkOfBridge(b.ifname());
        return "on " + b.ifname() + (net == null ? "" : " (network " + net.name() + ")");
    }

    /** The host's bridges (jnet's first), then its veths that link straight to a namespace. */
    private Map<String, Bar> bars(Topology.Namespace host) {
        Map<String, Bar> out = new LinkedHashMap<>();
        if (host == null) {
            return out;
        }
        List<Topology.Iface> bridges = new ArrayList<>(host.links().stream().filter(i -> i.kind().equals("bridge")).toList());
        bridges.sort((p, q) -> Boolean.compare(p.foreign(), q.foreign()));
        for (Topology.Iface br : bridges) {
            Topology.Network net = t.networkOfBridge(br.name());
            String rules = net == null ? "" : " - network " + net.name() + ": " + Labels.networkRules(net);
            String color = br.foreign() ? GREY : COLORS[net == null ? 0 : t.networks().indexOf(net) % COLORS.length];
            out.put(br.name(), new Bar(br.name(), br.name() + " bridge " + global(br) + " " + br.mac() + rules, color, br.foreign(), 6));
        }
        for (Topology.Iface i : host.links()) {
            if (i.kind().equals("veth") && i.master().isEmpty() && t.cableAt("host", i.name()) != null) {
                out.put(i.name(), new Bar(i.name(), i.name() + " veth " + global(i) + " " + i.mac() + " (linked straight to a namespace)",
                        i.foreign() ? GREY : "#555555", i.foreign(), 2));
            }
        }
        return out;
    }

    /** The addresses that are not link-local, space separated. */
    private static String global(Topology.Iface i) {
        return String.join(" ", i.addresses().stream().filter(a -> !a.startsWith("fe80:")).toList());
    }

    /** The bar a host interface hangs on: its bridge when it is a port, else itself. */
    private static String barOf(Topology.Namespace host, String ifname) {
        Topology.Iface i = host == null ? null : host.link(ifname);
        return i == null ? "" : i.master().isEmpty() ? i.name() : i.master();
    }

    private void hostText(Topology.Namespace host, Map<String, Bar> bars, List<String> lines, List<String> css) {
        if (host == null) {
            return;
        }
        for (Topology.Iface i : host.links()) {
            if (!bars.containsKey(i.name()) && !bars.containsKey(i.master())) {
                add(lines, css, "  " + Labels.iface(i), i.foreign() ? "foreign" : "");
            }
        }
        if (!host.routes().isEmpty()) {
            add(lines, css, "routes", "head");
            capped(host.routes(), r -> add(lines, css, "  " + r, "dim"), lines, css);
        }
        if (!t.ports().isEmpty()) {
            add(lines, css, "published ports (DNAT)", "head");
            capped(t.ports(), p -> add(lines, css, "  " + Labels.port(p), p.network().isEmpty() ? "foreign" : ""), lines, css);
        }
        if (!t.foreign().isEmpty()) {
            add(lines, css, "other tools' firewall state", "head");
            capped(t.foreign(), f -> add(lines, css, "  " + f, "foreign"), lines, css);
        }
    }

    private static <T> void capped(List<T> items, java.util.function.Consumer<T> each, List<String> lines, List<String> css) {
        items.stream().limit(MAX_LIST).forEach(each);
        if (items.size() > MAX_LIST) {
            add(lines, css, "  ... " + (items.size() - MAX_LIST) + " more", "dim");
        }
    }

    private static void add(List<String> lines, List<String> css, String text, String cls) {
        lines.add(text);
        css.add(cls);
    }

    /** Everything about the host, uncapped, for the frame's tooltip. */
    private String hostTooltip(Topology.Namespace host) {
        List<String> all = new ArrayList<>();
        all.add(Labels.title(host));
        host.links().forEach(i -> all.add(Labels.iface(i) + (i.master().isEmpty() ? "" : " (port of " + i.master() + ")")));
        host.routes().forEach(r -> all.add("route " + r));
        t.ports().forEach(p -> all.add("published " + Labels.port(p)));
        t.foreign().forEach(f -> all.add("~ " + f));
        return String.join("\n", all);
    }

    private void boxLines(Box b) {
        Topology.Namespace n = b.ns;
        for (Topology.Iface i : n.links()) {
            String css = i.foreign() ? "foreign" : "";
            List<String> addrs = i.addresses().stream().filter(a -> !a.startsWith("fe80:")).toList();
            b.lines.add(new Line(cut(i.name() + " " + (addrs.isEmpty() ? (i.kind().equals("loopback") ? "" : i.kind()) : String.join(" ", addrs))
                    + (i.up() ? "" : " DOWN")), css, i.name()));
            i.addresses().stream().filter(a -> a.startsWith("fe80:")).forEach(a -> b.lines.add(new Line(cut("  " + a), "dim", null)));
            Topology.Cable c = t.cableAt(n.id(), i.name());
            if (c != null) {
                Topology.End other = c.a().is(n.id(), i.name()) ? c.b() : c.a();
                String peer = other.ns().equals("host") ? other.ifname() : other.ns() + " " + other.ifname();
                b.lines.add(new Line(cut("  " + i.mac() + " <-> " + peer), "dim", null));
            }
        }
        // routes, short: what ip adds by itself is implied by the address
        n.routes().stream().limit(6).forEach(r -> b.lines.add(new Line(cut("route " + r.replace(" proto kernel", "")
                .replace(" scope link", "")), "dim", null)));
        if (!n.names().isEmpty()) {
            b.lines.add(new Line(cut("names " + String.join(", ", n.names())), "", null));
        }
        for (Topology.Port p : t.ports()) {
            if (p.ns().equals(n.id())) {
                String host = p.hostIp().isEmpty() ? "" : p.hostIp().contains(":") ? "[" + p.hostIp() + "]" : p.hostIp();
                b.lines.add(new Line(cut("published " + host + ":" + p.hostPort() + "/" + p.protocol() + " -> port " + p.toPort()), "", null));
            }
        }
    }

    private static String cut(String s) {
        return s.length() <= CHARS ? s : s.substring(0, CHARS - 3) + "...";
    }

    private void drawBox(Svg svg, Box b) {
        boolean grey = b.ns.foreign();
        List<String> all = new ArrayList<>();
        all.add(Labels.title(b.ns));
        b.ns.links().forEach(i -> all.add(Labels.iface(i)));
        b.ns.routes().forEach(r -> all.add("route " + r));
        svg.group(String.join("\n", all));
        svg.rect(b.x, b.y, BOX_W - 12, b.height(), 8, grey ? "#f7f7f7" : "#fffdf5", grey ? GREY : "#b08d3c", "");
        svg.text(b.x + 8, b.y + 16, grey ? "title foreign" : "title", cut(Labels.title(b.ns)));
        for (int i = 0; i < b.lines.size(); i++) {
            Line l = b.lines.get(i);
            svg.text(b.x + 8, b.y + 10 + (i + 2) * LINE - 4, grey && l.css().isEmpty() ? "foreign" : l.css(), l.text());
        }
        svg.end();
    }

    private void drawCable(Svg svg, Topology.Cable c, Topology.Namespace host, Map<String, Bar> bars, Map<Bar, Integer> barY,
            Map<String, Box> boxes, Map<String, Integer> laneOf, int[] rowY) {
        Box a = boxes.get(c.a().ns());
        Box b = boxes.get(c.b().ns());
        if (a == null && b != null && c.a().ns().equals("host")) {
            Bar bar = bars.get(barOf(host, c.a().ifname()));
            if (bar == null) {
                return;
            }
            int jx = b.x - 8 - laneOf.get(c.b().ns() + "|" + c.b().ifname()) * LANE;
            int ly = b.lineY(c.b().ifname());
            int by = barY.get(bar);
            String color = c.foreign() ? GREY : bar.color();
            Topology.Iface hostEnd = host.link(c.a().ifname());
            svg.group("veth " + (hostEnd == null ? c.a().ifname() : Labels.iface(hostEnd)) + " (host"
                    + (hostEnd == null || hostEnd.master().isEmpty() ? "" : ", port of " + hostEnd.master()) + ") <-> " + c.b().ns() + " " + c.b().ifname());
            svg.path("M" + b.x + "," + ly + " H" + jx + " V" + by, color, 2, "");
            svg.circle(jx, by, 4, color);
            svg.circle(b.x, ly, 3, color);
            svg.end();
        } else if (a != null && b != null) {
            int ja = a.x - 8 - laneOf.get(c.a().ns() + "|" + c.a().ifname()) * LANE;
            int jb = b.x - 8 - laneOf.get(c.b().ns() + "|" + c.b().ifname()) * LANE;
            int top = Math.min(rowY[a.row], rowY[b.row]) - 6 - laneOf.get(c.a().ns() + "|" + c.a().ifname()) % 4 * 3;
            svg.group("veth " + c.a().ns() + " " + c.a().ifname() + " <-> " + c.b().ns() + " " + c.b().ifname());
            svg.path("M" + a.x + "," + a.lineY(c.a().ifname()) + " H" + ja + " V" + top + " H" + jb + " V" + b.lineY(c.b().ifname()) + " H" + b.x,
                    c.foreign() ? GREY : "#555555", 2, "stroke-dasharray=\"6 3\"");
            svg.end();
        }
    }
}
