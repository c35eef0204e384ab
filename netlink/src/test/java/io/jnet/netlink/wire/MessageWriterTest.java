package io.jnet.netlink.wire;

import org.junit.jupiter.api.Test;

import java.nio.BufferOverflowException;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Byte-exact checks of the encoder against hand-computed layouts (linux/netlink.h: nlmsghdr is
 * len u32, type u16, flags u16, seq u32, pid u32; nlattr is len u16, type u16, payload padded to 4).
 * Expectations are little-endian, the byte order of every platform the library ships for.
 */
class MessageWriterTest {

    private static void assertBytes(String expectedHex, MessageWriter w) {
        assertEquals(Hex.of(Hex.bytes(expectedHex)), Hex.of(w.toBytes()));
    }

    @Test
    void platformIsLittleEndianAsTheExpectationsAssume() {
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder());
    }

    @Test
    void headerCarriesTypeFlagsAndThePatchedLengthSeqAndPortId() {
        MessageWriter w = new MessageWriter(256);
        w.begin(Rtnl.RTM_GETLINK, Nl.F_REQUEST | Nl.F_DUMP).ifinfomsg(Rtnl.AF_BRIDGE, 0x01020304, 0x11, 0x22);
        int len = w.finish(7, 0x1234);
        assertEquals(32, len);
        assertBytes("20000000 1200 0103 07000000 34120000"
                + "07 00 0000 04030201 11000000 22000000", w);
    }

    @Test
    void finishLeavesTheMessageAtOffsetZeroOfTheBuffer() {
        MessageWriter w = new MessageWriter(64);
        w.begin(Rtnl.RTM_DELLINK, Nl.F_REQUEST | Nl.F_ACK).u32(5);
        int len = w.finish(9, 3);
        assertEquals(20, len);
        assertEquals(20, w.buffer().getInt(0));
        assertEquals(Rtnl.RTM_DELLINK, w.buffer().getShort(4));
        assertEquals(Nl.F_REQUEST | Nl.F_ACK, w.buffer().getShort(6));
        assertEquals(9, w.buffer().getInt(8));
        assertEquals(3, w.buffer().getInt(12));
        assertEquals(20, w.buffer().position(), "finish must not move the write position");
    }

    @Test
    void beginStartsAFreshMessage() {
        MessageWriter w = new MessageWriter(64);
        w.begin(Rtnl.RTM_NEWLINK, 0).attrU32(1, 0xdeadbeef).finish(1, 1);
        w.begin(Rtnl.RTM_GETLINK, Nl.F_REQUEST);
        w.finish(2, 0);
        assertBytes("10000000 1200 0100 02000000 00000000", w);
    }

    @Test
    void rawFieldsAreNotPadded() {
        MessageWriter w = new MessageWriter(64);
        w.begin(0x20, 0).u8(0xab).u16(0x1234).u8(0xcd).u32(0x01020304);
        w.finish(0, 0);
        assertBytes("18000000 2000 0000 00000000 00000000  ab 3412 cd 04030201", w);
    }

    @Test
    void u8AttributeHasLengthFiveAndThreePadBytes() {
        MessageWriter w = new MessageWriter(64).begin(1, 0).attrU8(7, 0x2a);
        assertBytes("00000000 0100 0000 00000000 00000000  0500 0700 2a 000000", w);
    }

    @Test
    void u16AttributeHasLengthSixAndTwoPadBytes() {
        MessageWriter w = new MessageWriter(64).begin(1, 0).attrU16(39, 0xbeef);
        assertBytes("00000000 0100 0000 00000000 00000000  0600 2700 efbe 0000", w);
    }

    @Test
    void u32AttributeNeedsNoPadding() {
        MessageWriter w = new MessageWriter(64).begin(1, 0).attrU32(Rtnl.IFLA_MTU, 1400).attrU32(Rtnl.IFLA_MASTER, -1);
        assertBytes("00000000 0100 0000 00000000 00000000  0800 0400 78050000  0800 0a00 ffffffff", w);
    }

    @Test
    void stringAttributeIsNulTerminatedAndTheLengthExcludesThePadding() {
        MessageWriter w = new MessageWriter(64).begin(1, 0)
                .attrString(3, "v0")      // 4 + 3 = 7, padded to 8
                .attrString(3, "eth0")    // 4 + 5 = 9, padded to 12
                .attrString(3, "abc")     // 4 + 4 = 8, no padding
                .attrString(3, "");       // 4 + 1 = 5, padded to 8
        assertBytes("00000000 0100 0000 00000000 00000000"
                + " 0700 0300 763000 00"
                + " 0900 0300 6574683000 000000"
                + " 0800 0300 61626300"
                + " 0500 0300 00 000000", w);
    }

    @Test
    void stringAttributeIsUtf8() {
        MessageWriter w = new MessageWriter(64).begin(1, 0).attrString(3, "é");
        assertBytes("00000000 0100 0000 00000000 00000000  0700 0300 c3a900 00", w);
    }

    @Test
    void bytesAttributeIsPaddedAndMayBeEmpty() {
        MessageWriter w = new MessageWriter(64).begin(1, 0)
                .attrBytes(Rtnl.IFLA_ADDRESS, Hex.bytes("0200000000a0"))
                .attrBytes(9, new byte[0])
                .attrBytes(Rtnl.RTA_DST, Hex.bytes("0a1e0000"));
        assertBytes("00000000 0100 0000 00000000 00000000"
                + " 0a00 0100 0200000000a0 0000"
                + " 0400 0900"
                + " 0800 0100 0a1e0000", w);
    }

    @Test
    void nestLengthCoversItsChildrenAndTheirPadding() {
        MessageWriter w = new MessageWriter(64).begin(1, 0);
        int nest = w.beginNest(Rtnl.IFLA_LINKINFO);
        w.attrString(Rtnl.IFLA_INFO_KIND, "veth");
        w.attrU8(9, 1);
        w.endNest(nest);
        w.attrU32(4, 1);
        // 4 (nest header) + 12 ("veth\0" padded) + 8 (u8 padded) = 24
        assertBytes("00000000 0100 0000 00000000 00000000"
                + " 1800 1200  0900 0100 7665746800 000000  0500 0900 01 000000"
                + " 0800 0400 01000000", w);
    }

    @Test
    void emptyNestIsJustItsHeader() {
        MessageWriter w = new MessageWriter(64).begin(1, 0);
        w.endNest(w.beginNest(Rtnl.RTA_METRICS));
        assertBytes("00000000 0100 0000 00000000 00000000  0400 0800", w);
    }

    @Test
    void nestedFlagIsKeptInTheTypeOfANest() {
        MessageWriter w = new MessageWriter(64).begin(1, 0);
        w.endNest(w.beginNest(Rtnl.IFLA_PROTINFO | Nl.NLA_F_NESTED));
        assertBytes("00000000 0100 0000 00000000 00000000  0400 0c80", w);
    }

    @Test
    void nestsInsideNestsArePatchedInnerFirst() {
        MessageWriter w = new MessageWriter(128).begin(1, 0);
        int outer = w.beginNest(1);
        int middle = w.beginNest(2);
        int inner = w.beginNest(3);
        w.attrU32(4, 0x01020304);
        w.endNest(inner);
        w.attrU8(5, 1);
        w.endNest(middle).endNest(outer);
        int len = w.finish(0, 0);
        assertEquals(16 + 4 + 4 + 4 + 8 + 8, len);
        assertBytes("2c000000 0100 0000 00000000 00000000"
                + " 1c00 0100  1800 0200  0c00 0300  0800 0400 04030201  0500 0500 01000000", w);
    }

    @Test
    void toBytesDoesNotDisturbFurtherWriting() {
        MessageWriter w = new MessageWriter(64).begin(1, 0);
        assertEquals(16, w.toBytes().length);
        w.attrU32(4, 7);
        assertEquals(24, w.toBytes().length);
        assertEquals(24, w.finish(0, 0));
    }

    @Test
    void aRequestLargerThanTheBufferFailsLoudlyRatherThanBeingCutShort() {
        // The writer has a fixed capacity (no growth): running past it must throw, never send half a request.
        MessageWriter w = new MessageWriter(32).begin(1, 0);
        w.attrU32(1, 1).attrU32(2, 2);
        assertEquals(32, w.toBytes().length);
        assertThrows(BufferOverflowException.class, () -> w.attrU8(3, 3));
        MessageWriter small = new MessageWriter(20).begin(1, 0);
        assertThrows(BufferOverflowException.class, () -> small.attrString(3, "longer than four"));
    }

    @Test
    void writtenBytesRoundTripThroughTheParser() {
        MessageWriter w = new MessageWriter(256).begin(Rtnl.RTM_NEWLINK, Nl.F_REQUEST).ifinfomsg(0, 3, 0, 0)
                .attrU8(Rtnl.IFLA_OPERSTATE, 6).attrU16(40, 0xfffe).attrU32(Rtnl.IFLA_MTU, 9000)
                .attrString(Rtnl.IFLA_IFNAME, "br-lab").attrBytes(Rtnl.IFLA_ADDRESS, Hex.bytes("02aabbccddee"));
        int nest = w.beginNest(Rtnl.IFLA_LINKINFO | Nl.NLA_F_NESTED);
        w.attrString(Rtnl.IFLA_INFO_KIND, "bridge");
        w.endNest(nest);
        w.finish(42, 77);
        Message m = Message.of(w.toBytes());
        assertEquals(Rtnl.RTM_NEWLINK, m.type());
        assertEquals(42, m.seq());
        assertEquals(77, m.portId());
        assertEquals(3, m.i32(4));
        Attributes a = m.attributes(Rtnl.IFINFOMSG_LEN);
        assertEquals(6, a.u8(Rtnl.IFLA_OPERSTATE, -1));
        assertEquals(0xfffe, a.u16(40, -1));
        assertEquals(9000, a.u32(Rtnl.IFLA_MTU, -1));
        assertEquals("br-lab", a.string(Rtnl.IFLA_IFNAME));
        assertArrayEquals(Hex.bytes("02aabbccddee"), a.bytes(Rtnl.IFLA_ADDRESS));
        assertEquals("bridge", a.nested(Rtnl.IFLA_LINKINFO).string(Rtnl.IFLA_INFO_KIND));
    }

    @Test
    void alignRoundsUpToFour() {
        assertEquals(0, Nl.align(0));
        assertEquals(4, Nl.align(1));
        assertEquals(4, Nl.align(4));
        assertEquals(8, Nl.align(5));
        assertEquals(20, Nl.align(17));
    }
}
