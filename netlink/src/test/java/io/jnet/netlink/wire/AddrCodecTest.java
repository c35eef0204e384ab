package io.jnet.netlink.wire;

import io.jnet.netlink.Addr;
import io.jnet.inet.IpPrefix;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Address requests checked against {@code ip addr} captures and decoded back; kernel address replies decoded. */
class AddrCodecTest {

    private static Message encoded(MessageWriter w) {
        w.finish(0, 0);
        return Message.of(w.toBytes());
    }

    private static void assertBytes(String expectedHex, MessageWriter w) {
        w.finish(0, 0);
        assertEquals(Hex.of(Hex.bytes(expectedHex)), Hex.of(w.toBytes()));
    }

    @Test
    void ipv4AddIsExactlyIpAddrAddWithBroadcast() {
        // strace of "ip addr add 10.1.2.4/24 brd + dev v0" (v0 = ifindex 3)
        MessageWriter w = new MessageWriter(256);
        AddrCodec.add(w, Addr.of(3, "10.1.2.4/24"));
        assertBytes("30000000 1400 0506 00000000 00000000  02 18 00 00 03000000"
                + "  0800 0200 0a010204  0800 0100 0a010204  0800 0400 0a0102ff", w);
    }

    @Test
    void ipv6NodadAddIsExactlyIpAddrAddNodad() {
        // strace of "ip addr add fd00::5/64 dev v0 nodad": IFA_F_NODAD fits the u8 ifa_flags, no IFA_FLAGS.
        MessageWriter w = new MessageWriter(256);
        AddrCodec.add(w, Addr.of(3, "fd00::5/64").withFlags(Addr.NODAD));
        assertBytes("40000000 1400 0506 00000000 00000000  0a 40 02 00 03000000"
                + "  1400 0200 fd000000000000000000000000000005  1400 0100 fd000000000000000000000000000005", w);
    }

    @Test
    void pointToPointAndHostPrefixesGetNoBroadcast() {
        for (String cidr : List.of("10.0.0.0/31", "10.0.0.1/32")) {
            MessageWriter w = new MessageWriter(256);
            AddrCodec.add(w, Addr.of(1, cidr));
            assertFalse(encoded(w).attributes(Rtnl.IFADDRMSG_LEN).has(Rtnl.IFA_BROADCAST), cidr);
        }
        MessageWriter w = new MessageWriter(256);
        AddrCodec.add(w, Addr.of(1, "172.16.5.9/12"));
        assertEquals("172.31.255.255",
                encoded(w).attributes(Rtnl.IFADDRMSG_LEN).address(Rtnl.IFA_BROADCAST).getHostAddress());
    }

    @Test
    void deleteHasNoCreateFlagsAndNoBroadcast() {
        MessageWriter w = new MessageWriter(256);
        AddrCodec.delete(w, Addr.of(3, "10.1.2.4/24"));
        assertBytes("28000000 1500 0500 00000000 00000000  02 18 00 00 03000000"
                + "  0800 0200 0a010204  0800 0100 0a010204", w);
    }

    @Test
    void labelIsSentForIpv4Only() {
        MessageWriter w = new MessageWriter(256);
        AddrCodec.add(w, new Addr(3, IpPrefix.parse("10.1.2.4/24"), Addr.SCOPE_GLOBAL, 0, "v0:1"));
        assertEquals("v0:1", encoded(w).attributes(Rtnl.IFADDRMSG_LEN).string(Rtnl.IFA_LABEL));
        AddrCodec.add(w, new Addr(3, IpPrefix.parse("fd00::1/64"), Addr.SCOPE_GLOBAL, 0, "v0:1"));
        assertFalse(encoded(w).attributes(Rtnl.IFADDRMSG_LEN).has(Rtnl.IFA_LABEL));
    }

    @Test
    void flagsBeyondAByteGoInIfaFlags() {
        int noprefixroute = 0x200;
        MessageWriter w = new MessageWriter(256);
        AddrCodec.add(w, Addr.of(3, "fd00::1/64").withFlags(noprefixroute | Addr.NODAD).withScope(Addr.SCOPE_LINK));
        Message m = encoded(w);
        assertEquals(Addr.NODAD, m.u8(2));
        assertEquals(Addr.SCOPE_LINK, m.u8(3));
        assertEquals(noprefixroute | Addr.NODAD, m.attributes(Rtnl.IFADDRMSG_LEN).u32(Rtnl.IFA_FLAGS, 0));
    }

    @Test
    void addDecodesBackToTheSameAddr() {
        for (Addr addr : List.of(Addr.of(7, "192.168.100.17/20"),
                Addr.of(2, "2001:db8::abcd/48").withFlags(Addr.NODAD),
                new Addr(4, IpPrefix.parse("10.0.0.1/8"), Addr.SCOPE_HOST, 0, "eth0"))) {
            MessageWriter w = new MessageWriter(256);
            AddrCodec.add(w, addr);
            Message m = encoded(w);
            // The request has RTM_NEWADDR's layout, so the reply decoder reads it back.
            assertEquals(addr, AddrCodec.decode(m));
        }
    }

    @Test
    void dumpFiltersByFamilyAndLink() {
        MessageWriter w = new MessageWriter(64);
        AddrCodec.dump(w, Rtnl.AF_INET6, 9);
        assertBytes("18000000 1600 0103 00000000 00000000  0a 00 00 00 09000000", w);
    }

    @Test
    void decodesARealDumpOfIpv4AndIpv6Addresses() {
        List<Addr> addrs = Hex.split(GoldenReplies.ADDR_DUMP_V1).stream().map(AddrCodec::decode).toList();
        assertEquals(3, addrs.size());

        Addr v4 = addrs.get(0);
        assertEquals(2, v4.linkIndex());
        assertEquals(IpPrefix.parse("10.9.0.2/24"), v4.prefix());
        assertEquals(Addr.SCOPE_GLOBAL, v4.scope());
        assertEquals(Addr.PERMANENT, v4.flags());
        assertEquals("v1", v4.label());
        assertEquals(Rtnl.AF_INET, v4.family());

        Addr v6 = addrs.get(1);
        assertEquals(IpPrefix.parse("fd00::2/64"), v6.prefix());
        assertEquals(Addr.PERMANENT | Addr.NODAD, v6.flags());
        assertNull(v6.label());
        assertEquals(Rtnl.AF_INET6, v6.family());

        Addr linkLocal = addrs.get(2);
        assertEquals("fe80::d067:bbff:fe37:22e2/64", linkLocal.prefix().toString());
        assertEquals(Addr.SCOPE_LINK, linkLocal.scope());
    }

    @Test
    void localWinsOverThePeerAddress() {
        // On a point-to-point link IFA_ADDRESS is the peer; the interface's own address is IFA_LOCAL.
        MessageWriter w = new MessageWriter(256);
        w.begin(Rtnl.RTM_NEWADDR, 0).u8(Rtnl.AF_INET).u8(32).u8(0).u8(0).u32(5)
                .attrBytes(Rtnl.IFA_ADDRESS, Hex.bytes("0a000002")).attrBytes(Rtnl.IFA_LOCAL, Hex.bytes("0a000001"));
        assertEquals(IpPrefix.parse("10.0.0.1/32"), AddrCodec.decode(encoded(w)).prefix());
    }

    @Test
    void ifaFlagsOverrideTheByteField() {
        MessageWriter w = new MessageWriter(256);
        w.begin(Rtnl.RTM_NEWADDR, 0).u8(Rtnl.AF_INET6).u8(64).u8(0x80).u8(0).u32(5)
                .attrBytes(Rtnl.IFA_ADDRESS, Hex.bytes("fd000000000000000000000000000001")).attrU32(Rtnl.IFA_FLAGS, 0x380);
        assertEquals(0x380, AddrCodec.decode(encoded(w)).flags());
    }

    @Test
    void decodeRefusesMessagesWithoutAnAddressOrOfAnotherType() {
        MessageWriter w = new MessageWriter(64);
        w.begin(Rtnl.RTM_NEWADDR, 0).u8(Rtnl.AF_INET).u8(24).u8(0).u8(0).u32(5);
        assertThrows(MalformedMessageException.class, () -> AddrCodec.decode(encoded(w)));
        w.begin(Rtnl.RTM_NEWADDR, 0).u8(Rtnl.AF_INET).u8(40).u8(0).u8(0).u32(5).attrBytes(Rtnl.IFA_LOCAL, Hex.bytes("0a000001"));
        assertThrows(IllegalArgumentException.class, () -> AddrCodec.decode(encoded(w)), "prefix length beyond /32");
        assertThrows(MalformedMessageException.class, () -> AddrCodec.decode(Message.of(Hex.bytes(GoldenReplies.DUMP_DONE))));
        assertTrue(Hex.split(GoldenReplies.ROUTE4_DUMP).stream().allMatch(m -> m.type() != Rtnl.RTM_NEWADDR));
        assertThrows(MalformedMessageException.class,
                () -> AddrCodec.decode(Hex.split(GoldenReplies.ROUTE4_DUMP).get(0)));
    }
}
