package io.jnet.netlink.wire;

import io.jnet.netlink.Bridge;
import io.jnet.netlink.Link;
import io.jnet.netlink.MacAddress;
import io.jnet.netlink.Veth;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Link requests checked byte for byte (against what {@code ip}/{@code bridge} send, captured with strace,
 * where the two agree) and decoded back; link replies decoded from real kernel messages.
 */
class LinkCodecTest {
    private static final String NO_IFINFO = "00 00 0000 00000000 00000000 00000000";

    private static String header(int len, int type, int flags) {
        return String.format("%02x%02x0000 %02x%02x %02x%02x 00000000 00000000",
                len & 0xff, len >> 8, type & 0xff, type >> 8, flags & 0xff, flags >> 8);
    }

    private static Message encoded(MessageWriter w) {
        w.finish(0, 0);
        return Message.of(w.toBytes());
    }

    private static void assertBytes(String expectedHex, MessageWriter w) {
        w.finish(0, 0);
        assertEquals(Hex.of(Hex.bytes(expectedHex)), Hex.of(w.toBytes()));
    }

    @Test
    void getByNameIsAGetlinkWithTheName() {
        MessageWriter w = new MessageWriter(256);
        LinkCodec.getByName(w, "v0");
        assertBytes(header(40, 18, 0x1) + NO_IFINFO + "0700 0300 763000 00", w);
    }

    @Test
    void getByIndexPutsTheIndexInTheIfinfomsg() {
        MessageWriter w = new MessageWriter(256);
        LinkCodec.getByIndex(w, 3);
        assertBytes(header(32, 18, 0x1) + "00 00 0000 03000000 00000000 00000000", w);
    }

    @Test
    void dumpAsksForRootAndMatch() {
        MessageWriter w = new MessageWriter(256);
        LinkCodec.dump(w);
        assertBytes(header(32, 18, 0x301) + NO_IFINFO, w);
    }

    @Test
    void vethIsWhatIpSendsSaveTheKindsNul() {
        // strace of "ip link add v0 type veth peer name v1": identical except that ip sends the kind
        // "veth" without its NUL (length 8); both forms pass the kernel's NLA_STRING policy.
        MessageWriter w = new MessageWriter(256);
        LinkCodec.createVeth(w, Veth.of("v0", "v1"), -1);
        assertBytes(header(88, 16, 0x605) + NO_IFINFO + "0700 0300 763000 00"
                + "3000 1200  0900 0100 7665746800 000000"
                + "  2000 0200  1c00 0100 " + NO_IFINFO + " 0700 0300 763100 00", w);
    }

    @Test
    void vethWithMtuMacsAndPeerNamespaceDecodesBack() {
        MacAddress mac = MacAddress.parse("02:00:00:00:00:a0");
        MacAddress peerMac = MacAddress.parse("02:00:00:00:00:a1");
        MessageWriter w = new MessageWriter(512);
        LinkCodec.createVeth(w, Veth.of("veth-host", "eth0").withMtu(1450).withMac(mac).withPeerMac(peerMac), 17);
        Message m = encoded(w);
        assertEquals(Rtnl.RTM_NEWLINK, m.type());
        assertEquals(Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | Nl.F_EXCL, m.flags());
        Attributes a = m.attributes(Rtnl.IFINFOMSG_LEN);
        assertEquals("veth-host", a.string(Rtnl.IFLA_IFNAME));
        assertEquals(1450, a.u32(Rtnl.IFLA_MTU, 0));
        assertEquals(mac, MacAddress.of(a.bytes(Rtnl.IFLA_ADDRESS)));
        assertFalse(a.has(Rtnl.IFLA_NET_NS_FD), "only the peer moves");
        Attributes info = a.nested(Rtnl.IFLA_LINKINFO);
        assertEquals("veth", info.string(Rtnl.IFLA_INFO_KIND));
        Attributes data = info.nested(Rtnl.IFLA_INFO_DATA);
        int peerStart = data.offset(Rtnl.VETH_INFO_PEER);
        int peerEnd = peerStart + data.length(Rtnl.VETH_INFO_PEER);
        Attributes peer = Attributes.parse(m.buffer(), peerStart + Rtnl.IFINFOMSG_LEN, peerEnd);
        assertEquals("eth0", peer.string(Rtnl.IFLA_IFNAME));
        assertEquals(1450, peer.u32(Rtnl.IFLA_MTU, 0));
        assertEquals(peerMac, MacAddress.of(peer.bytes(Rtnl.IFLA_ADDRESS)));
        assertEquals(17, peer.u32(Rtnl.IFLA_NET_NS_FD, -1));
        assertEquals(m.end(), a.offset(Rtnl.IFLA_LINKINFO) + a.length(Rtnl.IFLA_LINKINFO), "the nest ends the message");
    }

    @Test
    void bridgeIsWhatIpSendsSaveTheKindsNul() {
        // strace of "ip link add br0 type bridge": kind length 0x0a (no NUL) there, 0x0b here.
        MessageWriter w = new MessageWriter(256);
        LinkCodec.createBridge(w, Bridge.of("br0"));
        assertBytes(header(56, 16, 0x605) + NO_IFINFO + "0800 0300 62723000  1000 1200  0b00 0100 62726964676500 00", w);
    }

    @Test
    void bridgeWithVlanFilteringMtuAndMacDecodesBack() {
        MessageWriter w = new MessageWriter(256);
        LinkCodec.createBridge(w, Bridge.of("cni0").withMtu(9000).withMac(MacAddress.parse("02:aa:bb:cc:dd:ee"))
                .withVlanFiltering(true));
        Attributes a = encoded(w).attributes(Rtnl.IFINFOMSG_LEN);
        assertEquals("cni0", a.string(Rtnl.IFLA_IFNAME));
        assertEquals(9000, a.u32(Rtnl.IFLA_MTU, 0));
        assertEquals("02:aa:bb:cc:dd:ee", MacAddress.of(a.bytes(Rtnl.IFLA_ADDRESS)).toString());
        Attributes info = a.nested(Rtnl.IFLA_LINKINFO);
        assertEquals("bridge", info.string(Rtnl.IFLA_INFO_KIND));
        assertEquals(1, info.nested(Rtnl.IFLA_INFO_DATA).u8(Rtnl.IFLA_BR_VLAN_FILTERING, 0));
    }

    @Test
    void bridgeWithoutVlanFilteringSendsNoInfoData() {
        MessageWriter w = new MessageWriter(256);
        LinkCodec.createBridge(w, Bridge.of("br0"));
        assertFalse(encoded(w).attributes(Rtnl.IFINFOMSG_LEN).nested(Rtnl.IFLA_LINKINFO).has(Rtnl.IFLA_INFO_DATA));
    }

    @Test
    void deleteNamesTheIndex() {
        MessageWriter w = new MessageWriter(64);
        LinkCodec.delete(w, 7);
        assertBytes(header(32, 17, 0x5) + "00 00 0000 07000000 00000000 00000000", w);
    }

    @Test
    void setUpChangesOnlyTheUpBit() {
        // "ip link set v0 up" sends ifi_flags 1, ifi_change 1 (as RTM_NEWLINK; RTM_SETLINK is equivalent).
        MessageWriter w = new MessageWriter(64);
        LinkCodec.setFlags(w, 3, Rtnl.IFF_UP, Rtnl.IFF_UP);
        assertBytes(header(32, 19, 0x5) + "00 00 0000 03000000 01000000 01000000", w);
        LinkCodec.setFlags(w, 3, 0, Rtnl.IFF_PROMISC);
        assertBytes(header(32, 19, 0x5) + "00 00 0000 03000000 00000000 00010000", w);
    }

    @Test
    void setMtuAndMasterAreOneU32() {
        // "ip link set v0 mtu 1450" and "ip link set v0 master br0" (br0 = 4).
        MessageWriter w = new MessageWriter(64);
        LinkCodec.setU32(w, 3, Rtnl.IFLA_MTU, 1450);
        assertBytes(header(40, 19, 0x5) + "00 00 0000 03000000 00000000 00000000  0800 0400 aa050000", w);
        LinkCodec.setU32(w, 3, Rtnl.IFLA_MASTER, 4);
        assertBytes(header(40, 19, 0x5) + "00 00 0000 03000000 00000000 00000000  0800 0a00 04000000", w);
    }

    @Test
    void renameSendsTheNewName() {
        MessageWriter w = new MessageWriter(64);
        LinkCodec.rename(w, 5, "eth1");
        Message m = encoded(w);
        assertEquals(Rtnl.RTM_SETLINK, m.type());
        assertEquals(5, m.i32(4));
        assertEquals("eth1", m.attributes(Rtnl.IFINFOMSG_LEN).string(Rtnl.IFLA_IFNAME));
    }

    @Test
    void setMacIsWhatIpSends() {
        // "ip link set v0 address 02:00:00:00:00:a1"
        MessageWriter w = new MessageWriter(64);
        LinkCodec.setMac(w, 3, MacAddress.parse("02:00:00:00:00:a1"));
        assertBytes(header(44, 19, 0x5) + "00 00 0000 03000000 00000000 00000000  0a00 0100 0200000000a1 0000", w);
    }

    @Test
    void bridgePortFlagIsExactlyWhatBridgeLinkSetSends() {
        // strace of "bridge link set dev v0 hairpin off": AF_BRIDGE, IFLA_PROTINFO | NLA_F_NESTED.
        MessageWriter w = new MessageWriter(64);
        LinkCodec.setBridgePortFlag(w, 3, Rtnl.IFLA_BRPORT_MODE, false);
        assertBytes(header(44, 19, 0x5) + "07 00 0000 03000000 00000000 00000000  0c00 0c80 0500 0400 00 000000", w);
        LinkCodec.setBridgePortFlag(w, 3, Rtnl.IFLA_BRPORT_ISOLATED, true);
        Attributes protinfo = encoded(w).attributes(Rtnl.IFINFOMSG_LEN).nested(Rtnl.IFLA_PROTINFO);
        assertEquals(1, protinfo.u8(Rtnl.IFLA_BRPORT_ISOLATED, 0));
        assertFalse(protinfo.has(Rtnl.IFLA_BRPORT_MODE));
    }

    @Test
    void bridgeVlanAddIsExactlyWhatBridgeVlanAddSends() {
        // strace of "bridge vlan add vid 10 dev v0 pvid untagged master": AF_BRIDGE, IFLA_AF_SPEC holding
        // IFLA_BRIDGE_FLAGS = BRIDGE_FLAGS_MASTER and struct bridge_vlan_info {flags PVID|UNTAGGED, vid 10}.
        MessageWriter w = new MessageWriter(128);
        LinkCodec.bridgeVlan(w, 3, 10, true, true, true);
        assertBytes(header(52, 19, 0x5) + "07 00 0000 03000000 00000000 00000000"
                + "  1400 1a00  0600 0000 0100 0000  0800 0200 0600 0a00", w);
    }

    @Test
    void bridgeVlanDelIsExactlyWhatBridgeVlanDelSends() {
        // strace of "bridge vlan del vid 10 dev v0 master": RTM_DELLINK, no VLAN flags.
        MessageWriter w = new MessageWriter(128);
        LinkCodec.bridgeVlan(w, 3, 10, false, false, false);
        assertBytes(header(52, 17, 0x5) + "07 00 0000 03000000 00000000 00000000"
                + "  1400 1a00  0600 0000 0100 0000  0800 0200 0000 0a00", w);
    }

    @Test
    void bridgeVlanFlagsAndVidDecodeBack() {
        MessageWriter w = new MessageWriter(128);
        LinkCodec.bridgeVlan(w, 8, 4094, false, true, true);
        Message m = encoded(w);
        assertEquals(Rtnl.AF_BRIDGE, m.u8(0));
        assertEquals(8, m.i32(4));
        Attributes spec = m.attributes(Rtnl.IFINFOMSG_LEN).nested(Rtnl.IFLA_AF_SPEC);
        assertEquals(Rtnl.BRIDGE_FLAGS_MASTER, spec.u16(Rtnl.IFLA_BRIDGE_FLAGS, -1));
        assertEquals(4, spec.length(Rtnl.IFLA_BRIDGE_VLAN_INFO));
        int info = spec.offset(Rtnl.IFLA_BRIDGE_VLAN_INFO);
        assertEquals(Rtnl.BRIDGE_VLAN_INFO_UNTAGGED, m.buffer().getShort(info));
        assertEquals(4094, m.buffer().getShort(info + 2));
    }

    @Test
    void decodesARealVethThatIsABridgePort() {
        Link v0 = LinkCodec.decode(Message.of(Hex.bytes(GoldenReplies.LINK_V0)));
        assertEquals(3, v0.index());
        assertEquals("v0", v0.name());
        assertEquals("veth", v0.kind());
        assertTrue(v0.isVeth());
        assertTrue(v0.isUp());
        assertTrue(v0.hasCarrier());
        assertEquals(1400, v0.mtu());
        assertEquals(MacAddress.parse("02:00:00:00:00:a0"), v0.mac());
        assertEquals(4, v0.masterIndex());
        assertEquals(2, v0.parentIndex(), "IFLA_LINK: the peer v1");
        assertEquals(-1, v0.linkNetnsId(), "the peer is in the same namespace");
        assertEquals("UP", v0.operState());
        assertEquals(1, v0.promiscuity(), "a bridge port is promiscuous");
        assertNull(v0.bridge());
        assertEquals(new Link.BridgePort(true, true), v0.bridgePort());
    }

    @Test
    void decodesARealBridge() {
        Link br0 = LinkCodec.decode(Message.of(Hex.bytes(GoldenReplies.LINK_BR0)));
        assertEquals(4, br0.index());
        assertEquals("br0", br0.name());
        assertTrue(br0.isBridge());
        assertTrue(br0.isUp());
        assertEquals(1400, br0.mtu());
        assertEquals(MacAddress.parse("02:00:00:00:00:b0"), br0.mac());
        assertEquals(0, br0.masterIndex());
        assertTrue(br0.hasCarrier(), "its port v0 is forwarding");
        assertEquals("UP", br0.operState());
        // This kernel lacks CONFIG_BRIDGE_VLAN_FILTERING: no IFLA_BR_VLAN_DEFAULT_PVID, read as 0.
        assertEquals(new Link.BridgeInfo(false, 0), br0.bridge());
        assertNull(br0.bridgePort());
        assertFalse(br0.isPromiscuous());
    }

    @Test
    void decodesSyntheticLinksWithAndWithoutOptionalParts() {
        MessageWriter w = new MessageWriter(512);
        w.begin(Rtnl.RTM_NEWLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, 1, Rtnl.IFF_UP | Rtnl.IFF_LOOPBACK | Rtnl.IFF_PROMISC, 0)
                .attrString(Rtnl.IFLA_IFNAME, "lo").attrU32(Rtnl.IFLA_MTU, 65536)
                .attrBytes(Rtnl.IFLA_ADDRESS, new byte[0]).attrU8(Rtnl.IFLA_OPERSTATE, 9);
        Link lo = LinkCodec.decode(encoded(w));
        assertEquals("", lo.kind());
        assertNull(lo.mac(), "an empty address is no address");
        assertEquals("UNKNOWN", lo.operState(), "out-of-range operstate");
        assertTrue(lo.isPromiscuous());
        assertNull(lo.bridge());
        assertNull(lo.bridgePort());

        w.begin(Rtnl.RTM_NEWLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, 12, 0, 0).attrString(Rtnl.IFLA_IFNAME, "eth0")
                .attrU32(Rtnl.IFLA_LINK, 40).attrU32(Rtnl.IFLA_LINK_NETNSID, 3).attrU8(Rtnl.IFLA_OPERSTATE, 3);
        int info = w.beginNest(Rtnl.IFLA_LINKINFO);
        w.attrString(Rtnl.IFLA_INFO_KIND, "bridge");
        int data = w.beginNest(Rtnl.IFLA_INFO_DATA);
        w.attrU8(Rtnl.IFLA_BR_VLAN_FILTERING, 1).attrU16(Rtnl.IFLA_BR_VLAN_DEFAULT_PVID, 100);
        w.endNest(data);
        w.attrString(Rtnl.IFLA_INFO_SLAVE_KIND, "bridge");
        int slave = w.beginNest(Rtnl.IFLA_INFO_SLAVE_DATA);
        w.attrU8(Rtnl.IFLA_BRPORT_MODE, 1).attrU8(Rtnl.IFLA_BRPORT_ISOLATED, 0);
        w.endNest(slave).endNest(info);
        Link eth0 = LinkCodec.decode(encoded(w));
        assertEquals(40, eth0.parentIndex());
        assertEquals(3, eth0.linkNetnsId());
        assertEquals("LOWERLAYERDOWN", eth0.operState());
        assertFalse(eth0.isUp());
        assertEquals(new Link.BridgeInfo(true, 100), eth0.bridge());
        assertEquals(new Link.BridgePort(true, false), eth0.bridgePort());
    }

    @Test
    void portOfAnotherKindOfMasterHasNoBridgePortInfo() {
        MessageWriter w = new MessageWriter(256);
        w.begin(Rtnl.RTM_NEWLINK, 0).ifinfomsg(0, 5, 0, 0).attrString(Rtnl.IFLA_IFNAME, "p0");
        int info = w.beginNest(Rtnl.IFLA_LINKINFO);
        w.attrString(Rtnl.IFLA_INFO_SLAVE_KIND, "bond");
        w.endNest(info);
        assertNull(LinkCodec.decode(encoded(w)).bridgePort());
    }

    @Test
    void decodeRefusesOtherMessagesAndTruncatedOnes() {
        assertThrows(MalformedMessageException.class, () -> LinkCodec.decode(Message.of(Hex.bytes(GoldenReplies.ACK))));
        MessageWriter w = new MessageWriter(64);
        w.begin(Rtnl.RTM_NEWLINK, 0).u32(0);
        assertThrows(MalformedMessageException.class, () -> LinkCodec.decode(encoded(w)));
    }
}
