package io.jnet.netlink.wire;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttributesTest {

    private static Attributes parse(String hex) {
        ByteBuffer buf = Hex.buffer(hex);
        return Attributes.parse(buf, 0, buf.capacity());
    }

    @Test
    void readsEachKindOfValue() throws Exception {
        Attributes a = parse("0500 0100 07 000000  0600 0200 3412 0000  0800 0300 feffffff"
                + "  0900 0400 6574683000 000000  0800 0500 0a000001  1400 0600 fd000000000000000000000000000002");
        assertEquals(7, a.u8(1, -1));
        assertEquals(0x1234, a.u16(2, -1));
        assertEquals(-2, a.u32(3, 0));
        assertEquals("eth0", a.string(4));
        assertEquals(5, a.length(4));
        assertEquals(InetAddress.getByName("10.0.0.1"), a.address(5));
        assertEquals(InetAddress.getByName("fd00::2"), a.address(6));
        assertArrayEquals(Hex.bytes("0a000001"), a.bytes(5));
    }

    @Test
    void unsignedReadsDoNotSignExtend() {
        Attributes a = parse("0500 0100 ff 000000  0600 0200 ffff 0000");
        assertEquals(255, a.u8(1, -1));
        assertEquals(65535, a.u16(2, -1));
    }

    @Test
    void offsetsAreAbsoluteInTheBuffer() {
        ByteBuffer buf = Hex.buffer("deadbeef 0800 0300 01000000");
        Attributes a = Attributes.parse(buf, 4, 12);
        assertEquals(8, a.offset(3));
        assertEquals(4, a.length(3));
        assertEquals(1, a.u32(3, 0));
    }

    @Test
    void absentAttributesGiveTheDefault() {
        Attributes a = parse("0800 0300 01000000");
        assertFalse(a.has(4));
        assertEquals(-1, a.length(4));
        assertEquals(-1, a.offset(4));
        assertEquals(9, a.u8(4, 9));
        assertEquals(9, a.u16(4, 9));
        assertEquals(9, a.u32(4, 9));
        assertNull(a.string(4));
        assertNull(a.bytes(4));
        assertNull(a.address(4));
        assertFalse(a.nested(4).has(3), "an absent nest reads as empty");
        assertFalse(a.has(1000));
    }

    @Test
    void firstOccurrenceWins() {
        Attributes a = parse("0800 0300 01000000  0800 0300 02000000");
        assertEquals(1, a.u32(3, 0));
    }

    @Test
    void nestedAndByteOrderFlagsAreMaskedFromTheType() {
        Attributes a = parse("0c00 1280  0800 0100 62720000  0800 0440 01020304");
        assertTrue(a.has(18));
        assertEquals("br", a.nested(18).string(1));
        assertTrue(a.has(4));
    }

    @Test
    void stringsLoseTrailingNulsAndMayLackOne() {
        Attributes a = parse("0800 0100 61620000  0600 0200 6162 0000  0400 0300");
        assertEquals("ab", a.string(1));
        assertEquals("ab", a.string(2));
        assertEquals("", a.string(3));
        assertArrayEquals(new byte[0], a.bytes(3));
    }

    @Test
    void typesBeyondTheTableAreSkippedButStillWalked() {
        Attributes a = parse("0800 4100 01000000  0800 ff3f 02000000  0800 0300 03000000");
        assertFalse(a.has(65));
        assertEquals(3, a.u32(3, 0));
    }

    @Test
    void trailingPaddingAfterTheLastUnalignedAttributeIsAccepted() {
        ByteBuffer buf = Hex.buffer("0500 0100 07");
        assertEquals(7, Attributes.parse(buf, 0, 5).u8(1, 0));
    }

    @Test
    void overrunningAttributeIsMalformed() {
        assertThrows(MalformedMessageException.class, () -> parse("0800 0300 01000000  0c00 0400 01000000"));
        // The nest claims more than the message holds.
        assertThrows(MalformedMessageException.class, () -> parse("1000 1200 0800 0100 01000000"));
    }

    @Test
    void attributeShorterThanItsHeaderIsMalformed() {
        // Length 0 would never advance; 1..3 cannot hold the header itself.
        assertThrows(MalformedMessageException.class, () -> parse("0000 0100 00000000"));
        assertThrows(MalformedMessageException.class, () -> parse("0300 0100 00000000"));
    }

    @Test
    void childOverrunningItsNestIsMalformedEvenIfTheMessageIsLongEnough() {
        Attributes outer = parse("0c00 1200 0c00 0100 01000000  0800 0300 01000000");
        assertThrows(MalformedMessageException.class, () -> outer.nested(18));
    }

    @Test
    void addressOfAnotherLengthIsMalformed() {
        Attributes a = parse("0600 0100 0a00 0000");
        assertThrows(MalformedMessageException.class, () -> a.address(1));
    }

    @Test
    void integerReadsOfATooShortAttributeAreMalformedNotReadFromTheNext() {
        // A u8 where a u32 belongs: reading four bytes would take the next attribute's header.
        Attributes a = parse("0500 0400 05 000000  0800 0a00 07000000  0400 0b00");
        assertThrows(MalformedMessageException.class, () -> a.u32(4, 0));
        assertThrows(MalformedMessageException.class, () -> a.u16(4, 0));
        assertThrows(MalformedMessageException.class, () -> a.u8(11, 0));
        assertEquals(5, a.u8(4, 0));
        assertEquals(7, a.u16(10, 0), "a longer attribute read narrower is fine (little-endian low bytes)");
    }

    @Test
    void parsesInNativeOrder() {
        assertEquals(ByteOrder.nativeOrder(), Hex.buffer("00").order());
    }

    @Test
    void sixteenByteAddressIsAlwaysIpv6() {
        Attributes a = parse("1400 0100 00000000000000000000ffff0a000001");
        assertEquals(16, a.address(1).getAddress().length);
        assertTrue(a.address(1) instanceof java.net.Inet6Address);
    }
}
