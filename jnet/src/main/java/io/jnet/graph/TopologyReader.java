package io.jnet.graph;

import io.jnet.dns.NetworkRecords;
import io.jnet.dns.RecordsFiles;
import io.jnet.firewall.Family;
import io.jnet.firewall.FirewallException;
import io.jnet.firewall.Iptables;
import io.jnet.firewall.Table;
import io.jnet.netlink.Addr;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.ns.NetNs;
import io.jnet.runtime.AttachmentView;
import io.jnet.runtime.Errors;
import io.jnet.runtime.Jnet;
import io.jnet.runtime.JnetException;
import io.jnet.runtime.NetworkInfo;
import io.jnet.runtime.Networks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the live topology: every namespace jnet can name (the host it runs in, those under /run/netns with its
 * prefix, those of attachments given by path), each one's links, addresses and routes over netlink, veth pairs
 * matched across namespaces by ifindex and namespace ID, and the host's iptables rules. jnet's own state (networks,
 * attachments) only labels what the kernel shows; nothing is drawn because jnet thinks it made it.
 */
public final class TopologyReader {
    private final Jnet jnet;
    private final Iptables iptables;

    public TopologyReader(Jnet jnet, Iptables iptables) {
        this.jnet = jnet;
        this.iptables = iptables;
    }

    /** A namespace to read: how the graph names it, and where it is (null path: the host, our own). */
    private record Place(String id, String kind, String detail, Path path) {}

    /** An open place: its handles and what was read. */
    private record Open(Place place, NetNs ns, Netlink nl, NsSnapshot snap) {}

    /** The topology, limited to one network's namespaces when {@code network} is not null. */
    public Topology read(String network) {
        List<NetworkInfo> nets = new ArrayList<>();
        for (Networks.Loaded l : jnet.networks().all()) {
            nets.add(l.info());
        }
        if (network != null && nets.stream().noneMatch(n -> n.name().equals(network))) {
            throw JnetException.notFound("network " + network + " does not exist", "jnet net ls lists the networks");
        }
        List<AttachmentView> attachments = jnet.attachments().list();
        List<Open> open = new ArrayList<>();
        try {
            open(places(attachments), open);
            openProcessPeers(open);
            if (network != null) {
                Set<String> keep = new HashSet<>();
                attachments.stream().filter(a -> a.network().equals(network)).forEach(a -> keep.add(a.netnsPath()));
                open.removeIf(o -> o.place.path() != null && !keep.contains(o.place.path().toString()) && close(o));
                nets.removeIf(n -> !n.name().equals(network));
            }
            return assemble(open, nets, attachments, network);
        } catch (NetlinkException e) {
            throw Errors.kernel("cannot read the topology", e);
        } finally {
            open.forEach(this::close);
        }
    }

    private List<Place> places(List<AttachmentView> attachments) {
        List<Place> out = new ArrayList<>();
        out.add(new Place("host", "host", "", null));
        for (String name : jnet.namespaces().list()) {
            Path p = jnet.namespaces().path(name);
            out.add(new Place(name, "netns", p.getFileName().toString(), p));
        }
        for (AttachmentView a : attachments) {
            Path p = Path.of(a.netnsPath());
            if (!a.netnsPath().isEmpty() && !p.startsWith(NetNs.RUN_DIR) && Files.exists(p)
                    && out.stream().noneMatch(x -> p.equals(x.path()))) {
                out.add(new Place(a.netnsPath(), "process", a.netnsPath(), p));
            }
        }
        return out;
    }

    /** Opens each place once; a second path to a namespace already open (same inode) is dropped. */
    private void open(List<Place> places, List<Open> out) throws NetlinkException {
        Set<Long> seen = new HashSet<>();
        for (Place p : places) {
            NetNs ns;
            try {
                ns = p.path() == null ? NetNs.current() : NetNs.open(p.path());
            } catch (NetlinkException e) {
                continue; // deleted while we looked
            }
            boolean fresh;
            try {
                fresh = seen.add(ns.inode());
            } catch (IOException e) {
                fresh = false; // gone while we looked
            }
            if (!fresh) {
                ns.close();
                continue;
            }
            try {
                Netlink nl = p.path() == null ? Netlink.open() : Netlink.open(ns);
                try {
                    out.add(new Open(p, ns, nl, NsSnapshot.read(nl)));
                } catch (NetlinkException | RuntimeException e) {
                    nl.close();
                    throw e;
                }
            } catch (NetlinkException | RuntimeException e) {
                ns.close();
                throw e;
            }
        }
    }

    /**
     * The namespaces of the host's veth peers that no place covers (a Docker container's, say), found through a process
     * living in them, so their side is drawn too.
     */
    private void openProcessPeers(List<Open> open) throws NetlinkException {
        Open host = open.get(0);
        Set<Integer> wanted = new HashSet<>();
        for (Link l : host.snap().links().values()) {
            if (l.isVeth() && l.linkNetnsId() >= 0) {
                wanted.add(l.linkNetnsId());
            }
        }
        wanted.removeAll(nsids(host, open).keySet());
        if (wanted.isEmpty()) {
            return;
        }
        Set<Long> known = new HashSet<>();
        for (Open o : open) {
            try {
                known.add(o.ns().inode());
            } catch (IOException e) {
                // gone: nothing to skip
            }
        }
        List<Place> extra = new ArrayList<>();
        for (ProcessNamespaces.Holder h : ProcessNamespaces.find(host.nl(), wanted, known).values()) {
            extra.add(new Place(h.id(), "process", h.path().toString(), h.path()));
        }
        extra.sort((a, b) -> a.id().compareTo(b.id()));
        open(extra, open);
    }

    private boolean close(Open o) {
        o.nl().close();
        o.ns().close();
        return true;
    }

    private Topology assemble(List<Open> open, List<NetworkInfo> nets, List<AttachmentView> attachments, String network)
            throws NetlinkException {
        Map<String, AttachmentView> byIface = new HashMap<>(); // "<netns path>|<ifname>" and "host|<veth>"
        Set<String> attachedPaths = new HashSet<>();
        for (AttachmentView a : attachments) {
            byIface.put(a.netnsPath() + "|" + a.ifname(), a);
            if (!a.hostInterface().isEmpty()) {
                byIface.put("host|" + a.hostInterface(), a);
            }
            attachedPaths.add(a.netnsPath());
        }
        Map<String, String> bridges = new HashMap<>();
        nets.forEach(n -> bridges.put(n.bridge(), n.name()));

        Cables found = cables(open);
        List<Topology.Cable> cables = found.pairs();
        Map<String, List<String>> dnsNames = dnsNames();
        Map<String, String> networkOfEnd = new HashMap<>();
        List<Topology.Namespace> namespaces = new ArrayList<>();
        for (Open o : open) {
            boolean host = o.place().path() == null;
            String key = host ? "host" : o.place().path().toString();
            boolean foreignNs = !host && !attachedPaths.contains(key);
            List<Topology.Iface> ifaces = new ArrayList<>();
            for (Link l : o.snap().links().values()) {
                AttachmentView a = byIface.get(key + "|" + l.name());
                String net = a != null ? a.network() : host && l.isBridge() ? bridges.getOrDefault(l.name(), "") : "";
                boolean loopback = l.name().equals("lo") && l.kind().isEmpty();
                boolean foreign = net.isEmpty() && !(loopback && !host && !foreignNs);
                if (!net.isEmpty()) {
                    networkOfEnd.put(o.place().id() + "|" + l.name(), net);
                }
                List<String> addrs = new ArrayList<>();
                for (Addr ad : o.snap().addresses(l.index())) {
                    addrs.add(ad.prefix().toString());
                }
                String master = l.masterIndex() > 0 ? o.snap().name(l.masterIndex()) : "";
                ifaces.add(new Topology.Iface(l.index(), l.name(), loopback ? "loopback" : l.kind().isEmpty() ? "device" : l.kind(),
                        l.mac() == null ? "" : l.mac().toString(), l.isUp(), l.mtu(), addrs, master, net, foreign));
            }
            List<String> names = new ArrayList<>();
            for (AttachmentView a : attachments) {
                if (a.netnsPath().equals(key)) {
                    dnsNames.getOrDefault(a.containerId(), List.of()).stream().filter(n -> !names.contains(n)).forEach(names::add);
                }
            }
            namespaces.add(new Topology.Namespace(o.place().id(), o.place().kind(), o.place().detail(), foreignNs, ifaces,
                    o.snap().routeLines(), names));
        }
        // a veth end jnet has no record of (its host end, when the cache lacks it) belongs to its peer's network
        List<Topology.Cable> labelled = new ArrayList<>();
        for (Topology.Cable c : cables) {
            String na = networkOfEnd.get(c.a().ns() + "|" + c.a().ifname());
            String nb = networkOfEnd.get(c.b().ns() + "|" + c.b().ifname());
            labelled.add(new Topology.Cable(c.a(), c.b(), na == null && nb == null));
            if (na == null && nb != null || nb == null && na != null) {
                Topology.End lone = na == null ? c.a() : c.b();
                String net = na == null ? nb : na;
                namespaces.replaceAll(n -> n.id().equals(lone.ns()) ? relabel(n, lone.ifname(), net) : n);
            }
        }
        labelled.addAll(found.toUnnamed());
        namespaces.addAll(found.unnamed().values());

        Map<Family, Map<String, Table>> tables = new LinkedHashMap<>();
        List<String> foreign = new ArrayList<>();
        for (Family f : Family.values()) {
            for (String t : List.of("nat", "filter")) {
                try {
                    tables.computeIfAbsent(f, x -> new LinkedHashMap<>()).put(t, iptables.read(f, t));
                } catch (FirewallException e) {
                    foreign.add(f.command() + " " + t + " unreadable: " + e.getMessage().lines().findFirst().orElse(""));
                }
            }
        }
        FirewallSummary rules = FirewallSummary.of(tables);
        List<Topology.Network> networks = new ArrayList<>();
        for (NetworkInfo n : nets) {
            FirewallSummary.NetworkRules r = rules.networks().get(n.name());
            networks.add(new Topology.Network(n.name(), n.bridge(), n.subnets(), n.gateways(),
                    n.internal() ? "internal" : n.masquerade() ? "nat" : "routed",
                    r == null ? 0 : r.masqueraded().size(), r == null ? 0 : r.accepted().size(), r == null ? "" : r.isolation()));
        }
        Map<String, String> nsOfContainer = new HashMap<>();
        for (AttachmentView a : attachments) {
            nsOfContainer.put(a.containerId(), a.netns());
        }
        List<Topology.Port> ports = new ArrayList<>();
        for (FirewallSummary.Published p : rules.ports()) {
            if (network == null || p.network().equals(network)) {
                ports.add(new Topology.Port(p.network(), nsOfContainer.getOrDefault(p.containerId(), ""), p.hostIp(), p.hostPort(),
                        p.protocol(), p.toIp(), p.toPort()));
            }
        }
        ports.sort((x, y) -> x.hostPort() != y.hostPort() ? Integer.compare(x.hostPort(), y.hostPort()) : x.protocol().compareTo(y.protocol()));
        if (network == null) {
            foreign.addAll(rules.foreign());
            foreign.addAll(NftTables.foreign());
        }
        return new Topology(namespaces, labelled, networks, ports, foreign);
    }

    /**
     * The names jnet's resolver answers for, per container ID: each name and alias, and NAME.NETWORK, read from the
     * resolver's record files (they exist while names are served).
     */
    private Map<String, List<String>> dnsNames() {
        Map<String, List<String>> out = new HashMap<>();
        try {
            for (NetworkRecords r : RecordsFiles.readAll(jnet.dns().files().records())) {
                for (NetworkRecords.Host h : r.hosts()) {
                    List<String> names = out.computeIfAbsent(h.id(), k -> new ArrayList<>());
                    for (String n : h.names()) {
                        for (String full : List.of(n, n + "." + r.network())) {
                            if (!names.contains(full)) {
                                names.add(full);
                            }
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return out; // no resolver state: no names
        }
        return out;
    }

    private static Topology.Namespace relabel(Topology.Namespace n, String ifname, String network) {
        List<Topology.Iface> links = new ArrayList<>();
        for (Topology.Iface i : n.links()) {
            links.add(i.name().equals(ifname) ? new Topology.Iface(i.index(), i.name(), i.kind(), i.mac(), i.up(), i.mtu(), i.addresses(),
                    i.master(), network, false) : i);
        }
        return new Topology.Namespace(n.id(), n.kind(), n.detail(), n.foreign(), links, n.routes(), n.names());
    }

    /** Veth pairs between namespaces read, pairs whose peer jnet cannot name, and placeholders for those peers. */
    private record Cables(List<Topology.Cable> pairs, List<Topology.Cable> toUnnamed, Map<String, Topology.Namespace> unnamed) {}

    /**
     * Veth pairs: a veth's IFLA_LINK is its peer's ifindex, in the namespace its IFLA_LINK_NETNSID names (its own when
     * absent). That ID is resolved by asking each namespace which ID it gives each other one (RTM_GETNSID). A peer in
     * a namespace jnet cannot name becomes an "unnamed" namespace holding just that end.
     */
    private static Cables cables(List<Open> open) throws NetlinkException {
        List<Topology.Cable> out = new ArrayList<>();
        List<Topology.Cable> unnamedPeers = new ArrayList<>();
        Map<String, Topology.Namespace> unnamed = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Open x : open) {
            Map<Integer, Open> byNsid = null;
            for (Link l : x.snap().links().values()) {
                if (!l.isVeth() || l.parentIndex() <= 0) {
                    continue;
                }
                Open peerNs = x;
                if (l.linkNetnsId() >= 0) {
                    if (byNsid == null) {
                        byNsid = nsids(x, open);
                    }
                    peerNs = byNsid.get(l.linkNetnsId());
                }
                Topology.End here = new Topology.End(x.place().id(), l.name());
                if (peerNs == null) {
                    String id = "nsid " + l.linkNetnsId() + (x.place().path() == null ? "" : " of " + x.place().id());
                    unnamed.putIfAbsent(id, new Topology.Namespace(id, "unnamed", "a namespace jnet cannot name", true,
                            List.of(new Topology.Iface(l.parentIndex(), "if" + l.parentIndex(), "veth", "", true, 0, List.of(), "", "", true)),
                            List.of(), List.of()));
                    unnamedPeers.add(new Topology.Cable(here, new Topology.End(id, "if" + l.parentIndex()), true));
                    continue;
                }
                Link peer = peerNs.snap().links().get(l.parentIndex());
                if (peer == null) {
                    continue;
                }
                Topology.End there = new Topology.End(peerNs.place().id(), peer.name());
                String key = here.ns().compareTo(there.ns()) < 0 || here.ns().equals(there.ns()) && here.ifname().compareTo(there.ifname()) < 0
                        ? here + "=" + there : there + "=" + here;
                if (!seen.add(key)) {
                    continue;
                }
                boolean hereFirst = x.place().path() == null || peerNs.place().path() != null && l.masterIndex() > 0;
                out.add(hereFirst ? new Topology.Cable(here, there, false) : new Topology.Cable(there, here, false));
            }
        }
        return new Cables(out, unnamedPeers, unnamed);
    }

    private static Map<Integer, Open> nsids(Open from, List<Open> open) throws NetlinkException {
        Map<Integer, Open> out = new HashMap<>();
        for (Open o : open) {
            if (o != from) {
                int id = from.nl().nsidOf(o.ns());
                if (id >= 0) {
                    out.put(id, o);
                }
            }
        }
        return out;
    }
}
