package io.jnet.netlink;

import io.jnet.explain.Commands;
import io.jnet.explain.Explain;
import io.jnet.inet.IpPrefix;

import io.jnet.netlink.internal.NetlinkSocket;
import io.jnet.netlink.ns.NetNs;
import io.jnet.netlink.wire.AddrCodec;
import io.jnet.netlink.wire.LinkCodec;
import io.jnet.netlink.wire.Message;
import io.jnet.netlink.wire.Nl;
import io.jnet.netlink.wire.NsidCodec;
import io.jnet.netlink.wire.RouteCodec;
import io.jnet.netlink.wire.Rtnl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A handle on one network namespace's rtnetlink: links, addresses and routes. Its socket is created
 * inside the namespace once ({@link #open(NetNs)}) and is then usable from any thread; requests are
 * serialised. Every operation names its {@code ip} equivalent, and each change it makes is reported as that
 * command to the {@link Explain} sink current when the handle was opened. Close the handle to release the
 * socket (which otherwise keeps the namespace alive).
 */
public final class Netlink implements AutoCloseable {
    private final NetlinkSocket socket;
    private final Explain explain;
    /** The handle's namespace as {@link Commands} names it (null: the opener's own); worked out only to explain. */
    private final String where;

    private Netlink(NetlinkSocket socket, Explain explain, String where) {
        this.socket = socket;
        this.explain = explain;
        this.where = where;
    }

    /** A handle on the calling thread's namespace. */
    public static Netlink open() throws NetlinkException {
        return new Netlink(NetlinkSocket.open(Nl.NETLINK_ROUTE), Explain.current(), null);
    }

    /** A handle on {@code netns}, usable from any thread. */
    public static Netlink open(NetNs netns) throws NetlinkException {
        Explain explain = Explain.current();
        return new Netlink(netns.call(() -> NetlinkSocket.open(Nl.NETLINK_ROUTE)), explain,
                explain.active() ? Commands.where(netns.path()) : null);
    }

    // ---- links

    /** {@code ip link show}. */
    public List<Link> links() throws NetlinkException {
        List<Link> out = new ArrayList<>();
        for (Message m : socket.dump("ip link show", LinkCodec::dump)) {
            out.add(LinkCodec.decode(m));
        }
        return out;
    }

    /** {@code ip link show dev NAME}; empty when there is no such link. */
    public Optional<Link> findLink(String name) throws NetlinkException {
        try {
            return Optional.of(link(name));
        } catch (NoSuchDeviceException e) {
            return Optional.empty();
        }
    }

    /** {@code ip link show dev NAME}; throws {@link NoSuchDeviceException} when absent. */
    public Link link(String name) throws NetlinkException {
        return single(socket.execute("ip link show dev " + name, w -> LinkCodec.getByName(w, name)));
    }

    /** The link with ifindex {@code index}; throws {@link NoSuchDeviceException} when absent. */
    public Link link(int index) throws NetlinkException {
        return single(socket.execute("ip link show index " + index, w -> LinkCodec.getByIndex(w, index)));
    }

    private static Link single(List<Message> replies) {
        return LinkCodec.decode(replies.get(0));
    }

    /**
     * {@code ip link add NAME [mtu M] [address MAC] type veth peer name PEER [netns NS]}; returns the
     * local end.
     */
    public Link createVeth(Veth veth) throws NetlinkException {
        int peerFd = veth.peerNetns() == null ? -1 : veth.peerNetns().fd();
        socket.execute("ip link add " + veth.name() + " type veth peer name " + veth.peerName(),
                w -> LinkCodec.createVeth(w, veth, peerFd));
        if (explain.active()) {
            explain.command(IpEquivalents.vethAdd(where, veth, veth.peerNetns() == null ? null : Commands.where(veth.peerNetns().path())));
        }
        return link(veth.name());
    }

    /** {@code ip link add NAME [mtu M] [address MAC] type bridge vlan_filtering 0|1}. */
    public Link createBridge(Bridge bridge) throws NetlinkException {
        socket.execute("ip link add " + bridge.name() + " type bridge", w -> LinkCodec.createBridge(w, bridge));
        report("ip", IpEquivalents.bridgeAdd(bridge));
        return link(bridge.name());
    }

    /** {@code ip link del dev NAME} (deleting either end of a veth deletes both). */
    public void deleteLink(int index) throws NetlinkException {
        String name = nameForExplain(index);
        socket.execute("ip link del index " + index, w -> LinkCodec.delete(w, index));
        if (name != null) {
            report("ip", "link del " + Commands.quote(name));
        }
    }

    /** {@code ip link del dev NAME}. */
    public void deleteLink(String name) throws NetlinkException {
        deleteLink(link(name).index());
    }

    /** {@code ip link set dev X up}. */
    public void setUp(int index) throws NetlinkException {
        socket.execute("ip link set index " + index + " up", w -> LinkCodec.setFlags(w, index, Rtnl.IFF_UP, Rtnl.IFF_UP));
        reportLinkSet(index, "up");
    }

    /** {@code ip link set dev X down}. */
    public void setDown(int index) throws NetlinkException {
        socket.execute("ip link set index " + index + " down", w -> LinkCodec.setFlags(w, index, 0, Rtnl.IFF_UP));
        reportLinkSet(index, "down");
    }

    /** {@code ip link set dev X promisc on|off}. */
    public void setPromiscuous(int index, boolean on) throws NetlinkException {
        socket.execute("ip link set index " + index + " promisc " + (on ? "on" : "off"),
                w -> LinkCodec.setFlags(w, index, on ? Rtnl.IFF_PROMISC : 0, Rtnl.IFF_PROMISC));
        reportLinkSet(index, "promisc " + (on ? "on" : "off"));
    }

    /** {@code ip link set dev X master BRIDGE}. */
    public void setMaster(int index, int masterIndex) throws NetlinkException {
        socket.execute("ip link set index " + index + " master index " + masterIndex,
                w -> LinkCodec.setU32(w, index, Rtnl.IFLA_MASTER, masterIndex));
        if (explain.active()) {
            reportLinkSet(index, "master " + Commands.quote(nameForExplain(masterIndex)));
        }
    }

    /** {@code ip link set dev X nomaster}. */
    public void setNoMaster(int index) throws NetlinkException {
        socket.execute("ip link set index " + index + " nomaster", w -> LinkCodec.setU32(w, index, Rtnl.IFLA_MASTER, 0));
        reportLinkSet(index, "nomaster");
    }

    /**
     * {@code ip link set dev X netns NS}. The link arrives down with its addresses flushed, and may
     * get another ifindex there: look it up by name in the target namespace.
     */
    public void moveToNetns(int index, NetNs target) throws NetlinkException {
        int fd = target.fd();
        String name = nameForExplain(index);
        socket.execute("ip link set index " + index + " netns " + target.name(),
                w -> LinkCodec.setU32(w, index, Rtnl.IFLA_NET_NS_FD, fd));
        if (name != null) {
            String to = Commands.netnsArgument(Commands.where(target.path()));
            report("ip", "link set " + Commands.quote(name) + " netns " + (to == null ? "1" : to));
        }
    }

    /** {@code ip link set dev X name NEW} (the link must be down). */
    public void rename(int index, String newName) throws NetlinkException {
        String name = nameForExplain(index);
        socket.execute("ip link set index " + index + " name " + newName, w -> LinkCodec.rename(w, index, newName));
        if (name != null) {
            report("ip", "link set " + Commands.quote(name) + " name " + Commands.quote(newName));
        }
    }

    /** {@code ip link set dev X mtu N}. */
    public void setMtu(int index, int mtu) throws NetlinkException {
        socket.execute("ip link set index " + index + " mtu " + mtu, w -> LinkCodec.setU32(w, index, Rtnl.IFLA_MTU, mtu));
        reportLinkSet(index, "mtu " + mtu);
    }

    /** {@code ip link set dev X address MAC}. */
    public void setMac(int index, MacAddress mac) throws NetlinkException {
        socket.execute("ip link set index " + index + " address " + mac, w -> LinkCodec.setMac(w, index, mac));
        reportLinkSet(index, "address " + mac);
    }

    /** {@code bridge link set dev X hairpin on|off} (the link must be a bridge port). */
    public void setHairpin(int index, boolean on) throws NetlinkException {
        socket.execute("bridge link set index " + index + " hairpin " + (on ? "on" : "off"),
                w -> LinkCodec.setBridgePortFlag(w, index, Rtnl.IFLA_BRPORT_MODE, on));
        reportBridgePort(index, "hairpin " + (on ? "on" : "off"));
    }

    /** {@code bridge link set dev X isolated on|off} (the link must be a bridge port). */
    public void setIsolated(int index, boolean on) throws NetlinkException {
        socket.execute("bridge link set index " + index + " isolated " + (on ? "on" : "off"),
                w -> LinkCodec.setBridgePortFlag(w, index, Rtnl.IFLA_BRPORT_ISOLATED, on));
        reportBridgePort(index, "isolated " + (on ? "on" : "off"));
    }

    /**
     * {@code bridge vlan add vid VID dev X [pvid] [untagged] master}: the port must be on a bridge with
     * vlan_filtering (kernels without CONFIG_BRIDGE_VLAN_FILTERING refuse it).
     */
    public void addBridgeVlan(int index, int vid, boolean pvid, boolean untagged) throws NetlinkException {
        socket.execute("bridge vlan add vid " + vid + " dev index " + index + (pvid ? " pvid" : "") + (untagged ? " untagged" : "") + " master",
                w -> LinkCodec.bridgeVlan(w, index, vid, pvid, untagged, true));
        if (explain.active()) {
            report("bridge", "vlan add vid " + vid + " dev " + Commands.quote(nameForExplain(index)) + (pvid ? " pvid" : "")
                    + (untagged ? " untagged" : "") + " master");
        }
    }

    /** {@code bridge vlan del vid VID dev X master}. */
    public void deleteBridgeVlan(int index, int vid) throws NetlinkException {
        socket.execute("bridge vlan del vid " + vid + " dev index " + index + " master",
                w -> LinkCodec.bridgeVlan(w, index, vid, false, false, false));
        if (explain.active()) {
            report("bridge", "vlan del vid " + vid + " dev " + Commands.quote(nameForExplain(index)) + " master");
        }
    }

    // ---- addresses

    /** {@code ip addr show}, one family (AF_INET 2, AF_INET6 10) or both (0), all links or one (index > 0). */
    public List<Addr> addresses(int family, int linkIndex) throws NetlinkException {
        List<Addr> out = new ArrayList<>();
        for (Message m : socket.dump("ip addr show", w -> AddrCodec.dump(w, family, linkIndex))) {
            Addr addr = AddrCodec.decode(m);
            if (linkIndex == 0 || addr.linkIndex() == linkIndex) { // kernels without strict checking do not filter
                out.add(addr);
            }
        }
        return out;
    }

    /** {@code ip addr add CIDR dev X} (IPv4 with {@code brd +}). */
    public void addAddress(Addr addr) throws NetlinkException {
        socket.execute("ip addr add " + addr.prefix() + " dev index " + addr.linkIndex(), w -> AddrCodec.add(w, addr));
        if (explain.active()) {
            report("ip", IpEquivalents.addr("add", addr, nameForExplain(addr.linkIndex())));
        }
    }

    /** {@code ip addr del CIDR dev X}. */
    public void deleteAddress(Addr addr) throws NetlinkException {
        String dev = nameForExplain(addr.linkIndex());
        socket.execute("ip addr del " + addr.prefix() + " dev index " + addr.linkIndex(), w -> AddrCodec.delete(w, addr));
        if (dev != null) {
            report("ip", IpEquivalents.addr("del", addr, dev));
        }
    }

    // ---- routes

    /** {@code ip route show [table main]} for one family (AF_INET 2, AF_INET6 10). */
    public List<Route> routes(int family) throws NetlinkException {
        return routes(family, Route.TABLE_MAIN);
    }

    /**
     * {@code ip route show table T}; table 0 means every table ({@code table all}). A multipath route comes as one
     * route per next hop.
     */
    public List<Route> routes(int family, int table) throws NetlinkException {
        List<Route> out = new ArrayList<>();
        for (Message m : socket.dump("ip route show", w -> RouteCodec.dump(w, family))) {
            for (Route route : RouteCodec.decodeAll(m)) {
                if (table == 0 || route.table() == table) {
                    out.add(route);
                }
            }
        }
        return out;
    }

    /** {@code ip route add ...}: fails with {@link AlreadyExistsException} when the route is there. */
    public void addRoute(Route route) throws NetlinkException {
        socket.execute("ip route add " + describe(route), w -> RouteCodec.add(w, route));
        reportRoute("add", route);
    }

    /**
     * {@code ip route prepend ...}: adds the route even when one to the same destination and metric exists (the
     * reference plugins' RouteAddEcmp). IPv4 keeps both, the new one first; IPv6 joins them into one multipath route.
     * Only an identical route is refused, with {@link AlreadyExistsException}.
     */
    public void prependRoute(Route route) throws NetlinkException {
        socket.execute("ip route prepend " + describe(route), w -> RouteCodec.prepend(w, route));
        reportRoute("prepend", route);
    }

    /** {@code ip route replace ...}: adds, or replaces the route with the same destination and metric. */
    public void replaceRoute(Route route) throws NetlinkException {
        socket.execute("ip route replace " + describe(route), w -> RouteCodec.replace(w, route));
        reportRoute("replace", route);
    }

    /** {@code ip route del ...}: throws {@link NotFoundException} when no route matches. */
    public void deleteRoute(Route route) throws NetlinkException {
        String dev = route.oif() > 0 ? nameForExplain(route.oif()) : null;
        socket.execute("ip route del " + describe(route), w -> RouteCodec.delete(w, route));
        if (explain.active()) {
            report("ip", IpEquivalents.route("del", route, dev));
        }
    }

    /**
     * {@code ip route get DST [from SRC] [iif DEV] [oif DEV] [mark M] [ipproto P] [sport S] [dport D]}: the route the
     * kernel picks for one packet, with its type (unicast, local, broadcast, unreachable...), output interface,
     * gateway and preferred source. No route is a {@link NetlinkException} with ENETUNREACH; a packet the input path
     * refuses (a martian source, forwarding off, reverse-path filter) one with the kernel's errno, e.g. EINVAL or EXDEV.
     */
    public Route routeGet(RouteLookup lookup) throws NetlinkException {
        List<Message> replies = socket.execute("ip route get " + IpPrefix.text(lookup.dst()), w -> RouteCodec.get(w, lookup));
        return RouteCodec.decode(replies.get(0));
    }

    /**
     * The ID {@code other} has in this handle's namespace ({@code ip netns list-id}, {@code ip netns identify}), as
     * links name their peer's namespace ({@link Link#linkNetnsId()}); -1 when none was assigned.
     */
    public int nsidOf(NetNs other) throws NetlinkException {
        int fd = other.fd();
        List<Message> replies = socket.execute("ip netns list-id target " + other.name(), w -> NsidCodec.get(w, fd));
        return NsidCodec.decode(replies.get(0));
    }

    private static String describe(Route r) {
        StringBuilder s = new StringBuilder(r.isDefault() ? "default" : r.dst().toString());
        if (r.gateway() != null) {
            s.append(" via ").append(IpPrefix.text(r.gateway()));
        }
        if (r.oif() > 0) {
            s.append(" dev index ").append(r.oif());
        }
        if (r.table() != Route.TABLE_MAIN) {
            s.append(" table ").append(r.table());
        }
        return s.toString();
    }

    // ---- explain: each change reported after the kernel accepted it, by name (ifindexes differ elsewhere)

    private void report(String tool, String args) {
        if (explain.active()) {
            explain.command(Commands.iproute(where, tool, args));
        }
    }

    private void reportLinkSet(int index, String what) throws NetlinkException {
        if (explain.active()) {
            report("ip", "link set " + Commands.quote(nameForExplain(index)) + " " + what);
        }
    }

    private void reportBridgePort(int index, String what) throws NetlinkException {
        if (explain.active()) {
            report("bridge", "link set dev " + Commands.quote(nameForExplain(index)) + " " + what);
        }
    }

    private void reportRoute(String verb, Route route) throws NetlinkException {
        if (explain.active()) {
            report("ip", IpEquivalents.route(verb, route, route.oif() > 0 ? nameForExplain(route.oif()) : null));
        }
    }

    /** The link's name when explaining (one more request), else nothing is asked. */
    private String nameForExplain(int index) throws NetlinkException {
        return explain.active() ? link(index).name() : null;
    }

    @Override
    public void close() {
        socket.close();
    }
}
