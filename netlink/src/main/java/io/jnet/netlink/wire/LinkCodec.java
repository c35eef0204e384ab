package io.jnet.netlink.wire;

import io.jnet.netlink.Bridge;
import io.jnet.netlink.Link;
import io.jnet.netlink.MacAddress;
import io.jnet.netlink.Veth;

import static io.jnet.netlink.wire.Rtnl.*;

/** Encodes link requests (RTM_NEWLINK / SETLINK / DELLINK / GETLINK) and decodes link messages. */
public final class LinkCodec {
    private static final int NEW_FLAGS = Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | Nl.F_EXCL;
    private static final int SET_FLAGS = Nl.F_REQUEST | Nl.F_ACK;
    private static final String[] OPER_STATES = {
        "UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"
    };

    private LinkCodec() {}

    public static void getByName(MessageWriter w, String name) {
        w.begin(RTM_GETLINK, Nl.F_REQUEST).ifinfomsg(AF_UNSPEC, 0, 0, 0).attrString(IFLA_IFNAME, name);
    }

    public static void getByIndex(MessageWriter w, int index) {
        w.begin(RTM_GETLINK, Nl.F_REQUEST).ifinfomsg(AF_UNSPEC, index, 0, 0);
    }

    public static void dump(MessageWriter w) {
        w.begin(RTM_GETLINK, Nl.F_REQUEST | Nl.F_DUMP).ifinfomsg(AF_UNSPEC, 0, 0, 0);
    }

    /** A veth pair; {@code peerNetnsFd} is -1 to keep the peer in the request's namespace. */
    public static void createVeth(MessageWriter w, Veth veth, int peerNetnsFd) {
        w.begin(RTM_NEWLINK, NEW_FLAGS).ifinfomsg(AF_UNSPEC, 0, 0, 0).attrString(IFLA_IFNAME, veth.name());
        common(w, veth.mtu(), veth.mac());
        int info = w.beginNest(IFLA_LINKINFO);
        w.attrString(IFLA_INFO_KIND, "veth");
        int data = w.beginNest(IFLA_INFO_DATA);
        int peer = w.beginNest(VETH_INFO_PEER);
        w.ifinfomsg(AF_UNSPEC, 0, 0, 0).attrString(IFLA_IFNAME, veth.peerName());
        common(w, veth.mtu(), veth.peerMac());
        if (peerNetnsFd >= 0) {
            w.attrU32(IFLA_NET_NS_FD, peerNetnsFd);
        }
        w.endNest(peer).endNest(data).endNest(info);
    }

    public static void createBridge(MessageWriter w, Bridge bridge) {
        w.begin(RTM_NEWLINK, NEW_FLAGS).ifinfomsg(AF_UNSPEC, 0, 0, 0).attrString(IFLA_IFNAME, bridge.name());
        common(w, bridge.mtu(), bridge.mac());
        int info = w.beginNest(IFLA_LINKINFO);
        w.attrString(IFLA_INFO_KIND, "bridge");
        if (bridge.vlanFiltering()) {
            // Only when asked: kernels built without CONFIG_BRIDGE_VLAN_FILTERING refuse the attribute.
            int data = w.beginNest(IFLA_INFO_DATA);
            w.attrU8(IFLA_BR_VLAN_FILTERING, 1);
            w.endNest(data);
        }
        w.endNest(info);
    }

    private static void common(MessageWriter w, int mtu, MacAddress mac) {
        if (mtu > 0) {
            w.attrU32(IFLA_MTU, mtu);
        }
        if (mac != null) {
            w.attrBytes(IFLA_ADDRESS, mac.bytes());
        }
    }

    public static void delete(MessageWriter w, int index) {
        w.begin(RTM_DELLINK, SET_FLAGS).ifinfomsg(AF_UNSPEC, index, 0, 0);
    }

    /** Sets the bits of {@code change} to their values in {@code flags} (ifi_change 0 would mean all bits). */
    public static void setFlags(MessageWriter w, int index, int flags, int change) {
        w.begin(RTM_SETLINK, SET_FLAGS).ifinfomsg(AF_UNSPEC, index, flags, change);
    }

    /** One u32 attribute on a link: IFLA_MASTER, IFLA_MTU or IFLA_NET_NS_FD. */
    public static void setU32(MessageWriter w, int index, int attr, int value) {
        w.begin(RTM_SETLINK, SET_FLAGS).ifinfomsg(AF_UNSPEC, index, 0, 0).attrU32(attr, value);
    }

    public static void rename(MessageWriter w, int index, String newName) {
        w.begin(RTM_SETLINK, SET_FLAGS).ifinfomsg(AF_UNSPEC, index, 0, 0).attrString(IFLA_IFNAME, newName);
    }

    public static void setMac(MessageWriter w, int index, MacAddress mac) {
        w.begin(RTM_SETLINK, SET_FLAGS).ifinfomsg(AF_UNSPEC, index, 0, 0).attrBytes(IFLA_ADDRESS, mac.bytes());
    }

    /** A bridge-port flag (IFLA_BRPORT_MODE for hairpin, IFLA_BRPORT_ISOLATED) through AF_BRIDGE. */
    public static void setBridgePortFlag(MessageWriter w, int index, int brportAttr, boolean on) {
        w.begin(RTM_SETLINK, SET_FLAGS).ifinfomsg(AF_BRIDGE, index, 0, 0);
        int protinfo = w.beginNest(IFLA_PROTINFO | Nl.NLA_F_NESTED);
        w.attrU8(brportAttr, on ? 1 : 0);
        w.endNest(protinfo);
    }

    /**
     * A port VLAN through AF_BRIDGE ({@code bridge vlan add|del vid V dev X [pvid] [untagged] master}): RTM_SETLINK
     * adds, RTM_DELLINK removes; IFLA_AF_SPEC holds IFLA_BRIDGE_FLAGS (master) and IFLA_BRIDGE_VLAN_INFO {flags, vid}.
     */
    public static void bridgeVlan(MessageWriter w, int index, int vid, boolean pvid, boolean untagged, boolean add) {
        w.begin(add ? RTM_SETLINK : RTM_DELLINK, SET_FLAGS).ifinfomsg(AF_BRIDGE, index, 0, 0);
        int spec = w.beginNest(IFLA_AF_SPEC);
        w.attrU16(IFLA_BRIDGE_FLAGS, BRIDGE_FLAGS_MASTER);
        int flags = (pvid ? BRIDGE_VLAN_INFO_PVID : 0) | (untagged ? BRIDGE_VLAN_INFO_UNTAGGED : 0);
        // struct bridge_vlan_info { __u16 flags; __u16 vid; } in host byte order
        byte[] info = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder())
                .putShort((short) flags).putShort((short) vid).array();
        w.attrBytes(IFLA_BRIDGE_VLAN_INFO, info);
        w.endNest(spec);
    }

    /** Decodes an RTM_NEWLINK message. */
    public static Link decode(Message msg) {
        if (msg.type() != RTM_NEWLINK) {
            throw new MalformedMessageException("expected RTM_NEWLINK, got type " + msg.type());
        }
        int index = msg.i32(4);
        int flags = msg.i32(8);
        Attributes a = msg.attributes(IFINFOMSG_LEN);
        Attributes info = a.nested(IFLA_LINKINFO);
        String kind = info.string(IFLA_INFO_KIND);
        byte[] mac = a.bytes(IFLA_ADDRESS);
        Link.BridgeInfo bridge = null;
        if ("bridge".equals(kind)) {
            Attributes data = info.nested(IFLA_INFO_DATA);
            bridge = new Link.BridgeInfo(data.u8(IFLA_BR_VLAN_FILTERING, 0) != 0, data.u16(IFLA_BR_VLAN_DEFAULT_PVID, 0));
        }
        Link.BridgePort port = null;
        if ("bridge".equals(info.string(IFLA_INFO_SLAVE_KIND))) {
            Attributes data = info.nested(IFLA_INFO_SLAVE_DATA);
            port = new Link.BridgePort(data.u8(IFLA_BRPORT_MODE, 0) != 0, data.u8(IFLA_BRPORT_ISOLATED, 0) != 0);
        }
        int oper = a.u8(IFLA_OPERSTATE, 0);
        return new Link(index, a.string(IFLA_IFNAME), kind == null ? "" : kind, flags, a.u32(IFLA_MTU, 0),
                mac == null || mac.length == 0 ? null : MacAddress.of(mac), a.u32(IFLA_MASTER, 0),
                a.u32(IFLA_LINK, 0), a.u32(IFLA_LINK_NETNSID, -1),
                oper < OPER_STATES.length ? OPER_STATES[oper] : "UNKNOWN", a.u32(IFLA_PROMISCUITY, 0), bridge, port);
    }
}
