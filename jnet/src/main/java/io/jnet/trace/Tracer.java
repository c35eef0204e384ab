package io.jnet.trace;

import io.jnet.firewall.Table;
import io.jnet.graph.Topology;
import io.jnet.inet.IpPrefix;
import io.jnet.netlink.Link;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.Route;
import io.jnet.netlink.RouteLookup;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows the first packet of a new connection through the live namespaces: in each one the kernel's own route
 * lookup for the packet's fields (RTM_GETROUTE, so policy rules, forwarding, martian and reverse-path checks are the
 * kernel's), netfilter's chains in hook order evaluated over the live iptables rules (nat OUTPUT/PREROUTING, filter
 * OUTPUT/INPUT/FORWARD, nat POSTROUTING), bridges by which port leads to the next hop (with hairpin and
 * br_netfilter), and veth cables to the namespace at the other end.
 */
public final class Tracer implements AutoCloseable {
    private static final int MAX_HOPS = 24;
    private static final int EHOSTUNREACH = 113;
    private static final int ENETUNREACH = 101;
    private static final int EINVAL = 22;
    private static final int EXDEV = 18;

    /** Where the packet starts: a namespace of the topology, with an optional fixed source address. */
    public record Source(String ns, InetAddress address) {}

    private final Topology topo;
    private final Map<String, NsView> views = new LinkedHashMap<>();
    private final List<Trace.Step> steps = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private int hops;
    /** The packet as it left its namespace, before any NAT. */
    private String asSent;

    public Tracer(Topology topo) {
        this.topo = topo;
    }

    /** The namespaces the last trace went through, for a probe to watch. */
    List<NsView> visited() {
        return List.copyOf(views.values());
    }

    NsView view(String id) throws NetlinkException {
        NsView v = views.get(id);
        if (v == null) {
            Topology.Namespace n = topo.namespace(id);
            Path path = n == null || n.kind().equals("host") ? null
                    : n.kind().equals("netns") ? Path.of("/run/netns", n.detail()) : Path.of(n.detail());
            v = NsView.open(id, path);
            views.put(id, v);
        }
        return v;
    }

    /**
     * Traces a packet from {@code from} (a namespace, or, with {@code outsideSource}, arriving at the host from that
     * address) to {@code dst} with protocol {@code proto} ("tcp", "udp", "sctp" or "icmp") and destination port.
     */
    public Trace trace(String fromText, String toText, Source from, InetAddress outsideSource, InetAddress dst, String proto, int port)
            throws NetlinkException {
        Packet p = new Packet(from == null ? outsideSource : from.address(), dst, proto, proto.equals("icmp") ? 0 : 40000, port);
        String sent;
        Trace.Verdict v;
        if (from == null) {
            NsView host = view("host");
            sent = p.describe();
            Route back;
            try {
                back = host.route(RouteLookup.to(outsideSource));
            } catch (NetlinkException e) {
                return finish(fromText, toText, sent, new Trace.Verdict(Trace.Kind.UNREACHABLE, "host",
                        "the host has no route back to " + IpPrefix.text(outsideSource) + ", so no interface it could arrive on", ""));
            }
            String in = host.snap.name(back.oif());
            step("host", "arrives", "from outside (" + IpPrefix.text(outsideSource) + ") on " + in + ", the interface the host routes it through");
            v = l3In(host, in, p, null);
        } else {
            NsView start = view(from.ns());
            v = send(start, p);
            sent = asSent == null ? p.describe() : asSent;
        }
        return finish(fromText, toText, sent, v);
    }

    private Trace finish(String from, String to, String sent, Trace.Verdict v) {
        for (String f : topo.foreign()) {
            if (f.startsWith("nft table ")) {
                notes.add("host: nftables " + f.substring(4) + " is not evaluated (its base chains may accept or drop the packet too)");
            }
        }
        Trace t = new Trace(from, to, sent, List.copyOf(steps), v, List.copyOf(notes));
        steps.clear();
        notes.clear();
        hops = 0;
        asSent = null;
        return t;
    }

    // ---- a packet made in a namespace

    private Trace.Verdict send(NsView ns, Packet p) throws NetlinkException {
        Route r;
        try {
            r = ns.route(lookup(p, 0));
        } catch (NetlinkException e) {
            return unroutable(ns, p, e, null);
        }
        if (p.src == null) {
            p.src = r.prefSrc();
        }
        asSent = p.describe();
        step(ns.id, "route", describe(ns, r, p));
        String out = r.type() == 2 ? "lo" : ns.snap.name(r.oif());
        Table nat = ns.table(p.ipv4(), "nat", notes);
        if (nat != null) {
            ChainWalk.Result res = walk(ns, nat, "OUTPUT", p, null, out);
            if (res != null && res.target().equals("DNAT") && dnat(ns, p, res)) {
                try {
                    r = ns.route(lookup(p, 0));
                } catch (NetlinkException e) {
                    return unroutable(ns, p, e, null);
                }
                step(ns.id, "route", "again, for the new destination: " + describe(ns, r, p));
                out = r.type() == 2 ? "lo" : ns.snap.name(r.oif());
            }
        }
        Trace.Verdict v = filter(ns, "OUTPUT", p, null, out);
        if (v != null) {
            return v;
        }
        if (r.type() == 2) {
            v = filter(ns, "INPUT", p, "lo", null);
            return v != null ? v : deliver(ns, p);
        }
        if (r.type() != Route.TYPE_UNICAST) {
            return routeType(ns, r, p);
        }
        postrouting(ns, p, null, out, r);
        return egress(ns, r, p, null);
    }

    // ---- a packet arriving on an interface

    private Trace.Verdict arrive(NsView ns, String ifname, Packet p, InetAddress nexthop) throws NetlinkException {
        if (++hops > MAX_HOPS) {
            return new Trace.Verdict(Trace.Kind.DROPPED, ns.id, "still travelling after " + MAX_HOPS + " hops: a loop?", "");
        }
        step(ns.id, "arrives", "on " + ifname + ", " + p.describe());
        Link in = ns.link(ifname);
        if (in != null && in.masterIndex() > 0) {
            return bridged(ns, ns.link(in.masterIndex()), in, p, nexthop);
        }
        return l3In(ns, ifname, p, null);
    }

    /** A frame entering a bridge port: for the bridge's own addresses it goes up to the IP stack, else out another port. */
    private Trace.Verdict bridged(NsView ns, Link bridge, Link port, Packet p, InetAddress nexthop) throws NetlinkException {
        if (nexthop == null || ns.addressType(nexthop).equals("LOCAL")) {
            step(ns.id, "bridge", bridge.name() + " takes it from port " + port.name() + " up to " + ns.id + "'s IP stack ("
                    + (nexthop == null ? "addressed to it" : IpPrefix.text(nexthop) + " is its own") + ")");
            return l3In(ns, bridge.name(), p, port);
        }
        Link outPort = portLeadingTo(ns, bridge, nexthop);
        if (outPort == null) {
            return new Trace.Verdict(Trace.Kind.UNREACHABLE, ns.id, "no port of bridge " + bridge.name() + " leads to "
                    + IpPrefix.text(nexthop) + ": its ARP request gets no answer", "");
        }
        boolean brNetfilter = "1".equals(ns.sysctl(p.ipv4() ? "net.bridge.bridge-nf-call-iptables" : "net.bridge.bridge-nf-call-ip6tables"));
        if (brNetfilter) {
            // br_netfilter: bridged IP traffic meets the iptables hooks too, with the bridge as in and out interface
            Table nat = ns.table(p.ipv4(), "nat", notes);
            if (nat != null) {
                ChainWalk.Result res = walk(ns, nat, "PREROUTING", p, bridge.name(), null);
                if (res != null && res.target().equals("DNAT") && dnat(ns, p, res)) {
                    return l3Routed(ns, bridge.name(), p, port);
                }
            }
            Trace.Verdict v = filter(ns, "FORWARD", p, bridge.name(), bridge.name());
            if (v != null) {
                return v;
            }
            postrouting(ns, p, bridge.name(), bridge.name(), null);
        }
        if (outPort.index() == port.index() && !hairpin(outPort)) {
            return new Trace.Verdict(Trace.Kind.DROPPED, ns.id, "bridge " + bridge.name() + " does not send a frame back out of the port it came in on ("
                    + port.name() + " has hairpin off)", "");
        }
        step(ns.id, "bridge", bridge.name() + " forwards it from port " + port.name() + " to port " + outPort.name()
                + (outPort.index() == port.index() ? " (the same port: hairpin is on)" : "") + ", which leads to " + IpPrefix.text(nexthop)
                + (brNetfilter ? "" : " (no br_netfilter: iptables does not see bridged traffic)"));
        return across(ns, outPort, p, nexthop);
    }

    private Trace.Verdict l3In(NsView ns, String iif, Packet p, Link ingressPort) throws NetlinkException {
        Table nat = ns.table(p.ipv4(), "nat", notes);
        if (nat != null) {
            ChainWalk.Result res = walk(ns, nat, "PREROUTING", p, iif, null);
            if (res != null && res.target().equals("DNAT")) {
                dnat(ns, p, res);
            }
        }
        return l3Routed(ns, iif, p, ingressPort);
    }

    private Trace.Verdict l3Routed(NsView ns, String iif, Packet p, Link ingressPort) throws NetlinkException {
        Link in = ns.link(iif);
        Route r;
        try {
            r = ns.route(lookup(p, in == null ? 0 : in.index()));
        } catch (NetlinkException e) {
            return unroutable(ns, p, e, iif);
        }
        step(ns.id, "route", describe(ns, r, p));
        if (r.type() == 2) {
            Trace.Verdict v = filter(ns, "INPUT", p, iif, null);
            return v != null ? v : deliver(ns, p);
        }
        if (r.type() != Route.TYPE_UNICAST) {
            return routeType(ns, r, p);
        }
        String out = ns.snap.name(r.oif());
        Trace.Verdict v = filter(ns, "FORWARD", p, iif, out);
        if (v != null) {
            return v;
        }
        postrouting(ns, p, iif, out, r);
        return egress(ns, r, p, ingressPort);
    }

    // ---- leaving a namespace

    private Trace.Verdict egress(NsView ns, Route r, Packet p, Link ingressPort) throws NetlinkException {
        Link oif = ns.link(r.oif());
        InetAddress nexthop = r.gateway() != null ? r.gateway() : p.dst;
        if (oif == null) {
            return new Trace.Verdict(Trace.Kind.LEFT, ns.id, "sent out of interface " + r.oif(), "");
        }
        if (oif.isBridge()) {
            Link outPort = portLeadingTo(ns, oif, nexthop);
            if (outPort == null) {
                return new Trace.Verdict(Trace.Kind.UNREACHABLE, ns.id, "no port of bridge " + oif.name() + " leads to " + IpPrefix.text(nexthop)
                        + ": its ARP request gets no answer", "");
            }
            if (ingressPort != null && outPort.index() == ingressPort.index() && !hairpin(outPort)) {
                return new Trace.Verdict(Trace.Kind.DROPPED, ns.id, "bridge " + oif.name() + " does not send a frame back out of the port it came in on ("
                        + outPort.name() + " has hairpin off)", "");
            }
            step(ns.id, "bridge", oif.name() + " sends it out of port " + outPort.name() + ", which leads to " + IpPrefix.text(nexthop)
                    + (ingressPort != null && outPort.index() == ingressPort.index() ? " (back out of the port it came in on: hairpin is on)" : ""));
            return across(ns, outPort, p, nexthop);
        }
        if (oif.isVeth()) {
            return across(ns, oif, p, nexthop);
        }
        return new Trace.Verdict(Trace.Kind.LEFT, ns.id, "leaves " + ns.id + " through " + oif.name() + " towards " + IpPrefix.text(nexthop)
                + ", beyond what jnet sees", "");
    }

    /** Over a veth to the interface at its other end. */
    private Trace.Verdict across(NsView ns, Link veth, Packet p, InetAddress nexthop) throws NetlinkException {
        Topology.Cable c = topo.cableAt(ns.id, veth.name());
        if (c == null) {
            return new Trace.Verdict(Trace.Kind.LEFT, ns.id, "leaves through " + veth.name() + " to a namespace jnet cannot see", "");
        }
        Topology.End other = c.a().is(ns.id, veth.name()) ? c.b() : c.a();
        Topology.Namespace on = topo.namespace(other.ns());
        if (on == null || on.kind().equals("unnamed")) {
            return new Trace.Verdict(Trace.Kind.LEFT, ns.id, "leaves through " + veth.name() + " into " + other.ns() + ", which jnet cannot enter", "");
        }
        step(ns.id, "leaves", "through " + veth.name() + ", a veth whose other end is " + other.ifname() + " in " + other.ns());
        return arrive(view(other.ns()), other.ifname(), p, nexthop);
    }

    /** The bridge port whose veth leads to the namespace holding {@code address}. */
    private Link portLeadingTo(NsView ns, Link bridge, InetAddress address) {
        for (Link l : ns.snap.links().values()) {
            if (l.masterIndex() != bridge.index()) {
                continue;
            }
            Topology.Cable c = topo.cableAt(ns.id, l.name());
            if (c == null) {
                continue;
            }
            Topology.End other = c.a().is(ns.id, l.name()) ? c.b() : c.a();
            Topology.Namespace on = topo.namespace(other.ns());
            if (on != null && on.link(other.ifname()) != null && holds(on.link(other.ifname()), address)) {
                return l;
            }
        }
        return null;
    }

    private static boolean holds(Topology.Iface i, InetAddress a) {
        String text = IpPrefix.text(a);
        return i.addresses().stream().anyMatch(cidr -> cidr.substring(0, cidr.indexOf('/')).equals(text));
    }

    private static boolean hairpin(Link port) {
        return port.bridgePort() != null && port.bridgePort().hairpin();
    }

    // ---- netfilter

    private ChainWalk.Result walk(NsView ns, Table table, String chain, Packet p, String in, String out) {
        if (table.rules(chain).isEmpty() && !"DROP".equals(table.policy(chain))) {
            return null; // nothing there: not worth a step
        }
        int markBefore = p.mark;
        ChainWalk.Result res = ChainWalk.run(table, chain, p, context(ns, in, out));
        for (ChainWalk.Hit h : res.unevaluated()) {
            notes.add(ns.id + ": " + table.name() + " " + h.describe() + " uses a match or target the trace cannot evaluate; taken as not matching");
        }
        StringBuilder s = new StringBuilder();
        if (res.byPolicy()) {
            s.append("no rule decides; ").append(chain).append(" policy ").append(res.target());
        } else {
            s.append(res.target()).append(targetDetail(res)).append(" by ").append(res.decider().describe());
        }
        List<ChainWalk.Hit> via = res.byPolicy() ? res.path() : res.path().subList(0, res.path().size() - 1);
        if (!via.isEmpty()) {
            s.append(" (via ").append(String.join(", ", via.stream().map(Tracer::brief).toList())).append(')');
        }
        if (p.mark != markBefore) {
            s.append("; packet mark now 0x").append(Integer.toHexString(p.mark));
        }
        step(ns.id, table.name() + " " + chain, s.toString());
        return res;
    }

    /** "FORWARD #1 -j CNI-FORWARD": where a rule on the way sent the packet (MARK with its value). */
    private static String brief(ChainWalk.Hit h) {
        RuleMatch.Parsed t = RuleMatch.target(h.rule());
        String opts = t.target().equals("MARK") ? " " + String.join(" ", t.targetOptions()) : "";
        return h.chain() + " #" + h.number() + (t.goTo() ? " -g " : " -j ") + t.target() + opts;
    }

    private static String targetDetail(ChainWalk.Result res) {
        List<String> o = res.options();
        for (int i = 0; i + 1 < o.size(); i++) {
            if (o.get(i).equals("--to-destination") || o.get(i).equals("--to-source")) {
                return " to " + o.get(i + 1);
            }
        }
        return "";
    }

    /** A filter chain; a verdict when it drops or rejects, null when the packet goes on. */
    private Trace.Verdict filter(NsView ns, String chain, Packet p, String in, String out) {
        Table t = ns.table(p.ipv4(), "filter", notes);
        if (t == null) {
            return null;
        }
        ChainWalk.Result res = walk(ns, t, chain, p, in, out);
        if (res == null || res.target().equals("ACCEPT")) {
            return null;
        }
        Trace.Kind kind = res.target().equals("REJECT") ? Trace.Kind.REJECTED : Trace.Kind.DROPPED;
        String by = res.byPolicy() ? "the policy " + res.target() + " of filter " + chain : "filter " + res.decider().describe();
        return new Trace.Verdict(kind, ns.id, kind.word() + " in " + ns.id + " by " + by, "");
    }

    private void postrouting(NsView ns, Packet p, String in, String out, Route r) throws NetlinkException {
        Table nat = ns.table(p.ipv4(), "nat", notes);
        if (nat == null) {
            return;
        }
        ChainWalk.Result res = walk(ns, nat, "POSTROUTING", p, in, out);
        if (res == null || res.byPolicy()) {
            return;
        }
        if (res.target().equals("MASQUERADE")) {
            Link oif = ns.link(out);
            InetAddress src = r != null && r.prefSrc() != null ? r.prefSrc() : oif == null ? null
                    : ns.route(RouteLookup.to(p.dst)).prefSrc();
            if (src != null) {
                p.src = src;
            }
        } else if (res.target().equals("SNAT")) {
            String to = targetDetail(res).replace(" to ", "");
            if (!to.isEmpty()) {
                p.src = IpPrefix.literal(to.contains(":") && p.ipv4() ? to.substring(0, to.indexOf(':')) : to.replace("[", "").replaceAll("\\].*", ""));
            }
        }
    }

    /** Applies a DNAT's --to-destination to the packet; false when it changed nothing. */
    private boolean dnat(NsView ns, Packet p, ChainWalk.Result res) {
        String to = targetDetail(res).replace(" to ", "");
        if (to.isEmpty()) {
            return false;
        }
        String host = to;
        int port = p.dport;
        if (to.startsWith("[")) {
            host = to.substring(1, to.indexOf(']'));
            int colon = to.indexOf("]:");
            port = colon < 0 ? port : Integer.parseInt(to.substring(colon + 2).split("-")[0]);
        } else if (p.ipv4() && to.contains(":")) {
            host = to.substring(0, to.indexOf(':'));
            port = Integer.parseInt(to.substring(to.indexOf(':') + 1).split("-")[0]);
        }
        p.dst = IpPrefix.literal(host.split("-")[0]);
        p.dport = port;
        p.dnat = true;
        return true;
    }

    private RuleMatch.Context context(NsView ns, String in, String out) {
        return new RuleMatch.Context() {
            @Override
            public String in() {
                return in;
            }

            @Override
            public String out() {
                return out;
            }

            @Override
            public String addressType(InetAddress a) {
                return ns.addressType(a);
            }
        };
    }

    // ---- endings

    private Trace.Verdict deliver(NsView ns, Packet p) {
        String at = p.endpoint(p.dst, p.dport);
        boolean listens = ns.listening(p.proto, p.dport, p.ipv4());
        String who = p.hasPorts() ? (listens ? "; a socket " + (p.proto.equals("tcp") ? "listens" : "is bound") + " there"
                : "; nothing listens there, so the kernel answers " + (p.proto.equals("tcp") ? "with a reset" : "port unreachable")) : "";
        return new Trace.Verdict(Trace.Kind.DELIVERED, ns.id, "delivered to " + ns.id + " " + at + " (from " + IpPrefix.text(p.src) + ")" + who, at);
    }

    private Trace.Verdict routeType(NsView ns, Route r, Packet p) {
        String what = switch (r.type()) {
            case 6 -> "a blackhole route drops it";
            case 7 -> "an unreachable route refuses it";
            case 8 -> "a prohibit route refuses it";
            case 3 -> "it is a broadcast";
            default -> "route type " + r.type();
        };
        return new Trace.Verdict(r.type() == 6 ? Trace.Kind.DROPPED : Trace.Kind.UNREACHABLE, ns.id, ns.id + ": " + what + " (" + IpPrefix.text(p.dst) + ")", "");
    }

    /** What the kernel's refusal to route means, with the sysctl that explains it where there is one. */
    private Trace.Verdict unroutable(NsView ns, Packet p, NetlinkException e, String iif) {
        String dst = IpPrefix.text(p.dst);
        return switch (e.errno()) {
            case ENETUNREACH -> new Trace.Verdict(Trace.Kind.UNREACHABLE, ns.id, ns.id + " has no route to " + dst
                    + (iif == null ? " (no default route: an internal network hands out none)" : ""), "");
            case EHOSTUNREACH -> {
                String fwd = ns.sysctl(p.ipv4() ? "net.ipv4.ip_forward" : "net.ipv6.conf.all.forwarding");
                yield new Trace.Verdict(Trace.Kind.DROPPED, ns.id, ns.id + " does not forward it" + ("0".equals(fwd)
                        ? " (" + (p.ipv4() ? "net.ipv4.ip_forward" : "net.ipv6.conf.all.forwarding") + " is 0)" : " (no route to host)"), "");
            }
            case EINVAL -> new Trace.Verdict(Trace.Kind.DROPPED, ns.id, "the kernel refuses to route " + p.describe() + " in " + ns.id
                    + (p.src != null && p.src.isLoopbackAddress() ? ": a 127.0.0.0/8 source may only leave through an interface with route_localnet=1"
                    : ": a martian source"), "");
            case EXDEV -> new Trace.Verdict(Trace.Kind.DROPPED, ns.id, "the reverse-path filter (rp_filter) of " + iif + " drops it in " + ns.id, "");
            default -> new Trace.Verdict(Trace.Kind.UNREACHABLE, ns.id, "the kernel cannot route it in " + ns.id + ": " + e.getMessage(), "");
        };
    }

    // ---- helpers

    private static RouteLookup lookup(Packet p, int iif) {
        RouteLookup q = RouteLookup.to(p.dst).withMark(p.mark).withPorts(p.protoNumber(), p.sport, p.dport);
        if (p.src != null) {
            q = q.from(p.src);
        }
        return iif > 0 ? q.arrivingOn(iif) : q;
    }

    private String describe(NsView ns, Route r, Packet p) {
        String dst = IpPrefix.text(p.dst);
        if (r.type() == 2) {
            return dst + " is local to " + ns.id;
        }
        StringBuilder s = new StringBuilder(dst);
        if (r.gateway() != null) {
            s.append(" via ").append(IpPrefix.text(r.gateway()));
        }
        s.append(" dev ").append(ns.snap.name(r.oif()));
        if (r.gateway() == null) {
            s.append(" (on-link)");
        }
        if (r.table() != Route.TABLE_MAIN && r.table() != 0) {
            s.append(" from table ").append(r.table());
        }
        if (p.src != null) {
            s.append(", source ").append(IpPrefix.text(p.src));
        }
        return s.toString();
    }

    private void step(String ns, String stage, String text) {
        steps.add(new Trace.Step(ns, stage, text));
    }

    @Override
    public void close() {
        views.values().forEach(NsView::close);
        views.clear();
    }
}
