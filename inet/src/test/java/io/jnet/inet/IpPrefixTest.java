package io.jnet.inet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpPrefixTest {

    private static InetAddress ip(int... octets) throws Exception {
        byte[] b = new byte[octets.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) octets[i];
        }
        return InetAddress.getByAddress(b);
    }

    @Test
    void parsesIpv4KeepingTheHostBits() throws Exception {
        IpPrefix p = IpPrefix.parse("10.0.0.2/24");
        assertEquals(ip(10, 0, 0, 2), p.address());
        assertEquals(24, p.length());
        assertTrue(p.isIpv4());
        assertEquals(2, p.family());
        assertEquals("10.0.0.2/24", p.toString());
    }

    @Test
    void parsesIpv6() {
        IpPrefix p = IpPrefix.parse(" fd00::1/64 ");
        assertInstanceOf(Inet6Address.class, p.address());
        assertEquals(64, p.length());
        assertFalse(p.isIpv4());
        assertEquals(10, p.family());
        assertEquals("fd00::1/64", p.toString());
    }

    @Test
    void bareAddressGetsTheFullLength() {
        assertEquals(32, IpPrefix.parse("192.168.1.1").length());
        assertEquals(128, IpPrefix.parse("::1").length());
    }

    @Test
    void edgesOfTheLengthRange() {
        assertEquals(0, IpPrefix.parse("0.0.0.0/0").length());
        assertEquals(32, IpPrefix.parse("255.255.255.255/32").length());
        assertEquals(128, IpPrefix.parse("fd00::/128").length());
    }

    /**
     * "256.1.1.1" once reached InetAddress.getByName, which took it for a host name and sent a DNS query
     * (seen with strace); "010.0.0.1" and "1.2.3.04" were read as decimal where inet_aton reads octal.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", " ", "10.0.0.1/33", "fd00::/129", "10.0.0.1/-1", "10.0.0.1/", "10.0.0.1/x",
            "10.0.0.1/+8", "10.0.0.1/ 8", "10.0.0/24", "10.0.0.0.1", "10..0.1", "256.1.1.1", "1.2.3.1000",
            "010.0.0.1", "1.2.3.04", "localhost", "example.com/24", "fd00::g", "1:2:3:4:5:6:7:8:9", "fd00:::1",
            "10.0.0.1/24/8", "١٠.0.0.1"})
    void rejectsBadInput(String text) {
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse(text));
    }

    @Test
    void literalParsesBothFamilies() throws Exception {
        assertEquals(ip(172, 16, 0, 1), IpPrefix.literal("172.16.0.1"));
        assertEquals(InetAddress.getByName("fd00::1"), IpPrefix.literal("fd00:0:0:0:0:0:0:1"));
        assertInstanceOf(Inet4Address.class, IpPrefix.literal("0.0.0.0"));
    }

    @Test
    void constructorChecksTheLength() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new IpPrefix(null, 0));
        assertThrows(IllegalArgumentException.class, () -> new IpPrefix(ip(10, 0, 0, 1), 33));
        assertThrows(IllegalArgumentException.class, () -> new IpPrefix(ip(10, 0, 0, 1), -1));
    }

    @CsvSource({
        "10.0.0.2/24, 10.0.0.0/24",
        "10.1.2.3/8, 10.0.0.0/8",
        "192.168.255.255/17, 192.168.128.0/17",
        "10.0.0.7/32, 10.0.0.7/32",
        "10.0.0.7/0, 0.0.0.0/0",
        "fd00::1:2/64, fd00::/64",
        "2001:db8:abcd:12ff::1/52, 2001:db8:abcd:1000::/52",
        "fd00::1/128, fd00::1/128"})
    @ParameterizedTest
    void networkClearsTheHostBits(String in, String expected) {
        assertEquals(expected, IpPrefix.parse(in).network().toString());
    }

    @CsvSource({
        "10.0.0.2/24, 10.0.0.255",
        "172.16.5.9/12, 172.31.255.255",
        "192.168.1.130/25, 192.168.1.255",
        "192.168.1.1/30, 192.168.1.3",
        "10.0.0.5/32, 10.0.0.5",
        "10.0.0.5/0, 255.255.255.255"})
    @ParameterizedTest
    void broadcastSetsTheHostBits(String in, String expected) {
        assertEquals(expected, IpPrefix.parse(in).broadcast().getHostAddress());
    }

    @Test
    void networkAndBroadcastDoNotChangeTheOriginal() throws Exception {
        IpPrefix p = IpPrefix.parse("10.0.0.2/24");
        p.network();
        p.broadcast();
        assertArrayEquals(ip(10, 0, 0, 2).getAddress(), p.address().getAddress());
    }

    @Test
    void containsChecksTheNetworkBits() {
        IpPrefix net = IpPrefix.parse("10.22.0.1/16");
        assertTrue(net.contains(IpPrefix.literal("10.22.0.0")));
        assertTrue(net.contains(IpPrefix.literal("10.22.255.255")));
        assertFalse(net.contains(IpPrefix.literal("10.23.0.0")));
        assertFalse(net.contains(IpPrefix.literal("10.21.255.255")));
        assertFalse(net.contains(IpPrefix.literal("::a16:1")), "another family never matches");
        assertTrue(IpPrefix.parse("0.0.0.0/0").contains(IpPrefix.literal("203.0.113.9")));
        IpPrefix v6 = IpPrefix.parse("fd00:1::/33");
        assertTrue(v6.contains(IpPrefix.literal("fd00:1:7fff::1")));
        assertFalse(v6.contains(IpPrefix.literal("fd00:1:8000::1")));
        assertFalse(v6.contains(IpPrefix.literal("10.0.0.1")));
    }

    @Test
    void equalityIsByAddressAndLength() {
        assertEquals(IpPrefix.parse("10.0.0.1/24"), IpPrefix.parse("10.0.0.1/24"));
        assertNotEquals(IpPrefix.parse("10.0.0.1/24"), IpPrefix.parse("10.0.0.1/25"));
        assertNotEquals(IpPrefix.parse("10.0.0.1/24"), IpPrefix.parse("10.0.0.1/24").network());
    }

    @CsvSource({
        "fd00:0:0:0:0:0:0:1, fd00::1",
        "0:0:0:0:0:0:0:0, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "fd00:0:0:0:0:0:0:0, fd00::",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:0001, 2001:db8:aaaa:bbbb:cccc:dddd:eeee:1",
        "2001:db8:0:0:0:0:2:1, 2001:db8::2:1",
        "fe80:0:0:0:0:0:0:0, fe80::",
        "1:0:1:0:1:0:1:0, 1:0:1:0:1:0:1:0",
        "0:0:1:0:0:0:0:0, 0:0:1::"})
    @ParameterizedTest
    void ipv6TextFollowsRfc5952(String in, String expected) throws Exception {
        // Longest run of two or more zero groups becomes "::" (the first on a tie), lower case, no leading zeros.
        assertEquals(expected, IpPrefix.text(InetAddress.getByName(in)));
    }

    @Test
    void ipv4TextIsDotted() throws Exception {
        assertEquals("10.0.0.1", IpPrefix.text(ip(10, 0, 0, 1)));
        assertEquals("0.0.0.0/0", IpPrefix.parse("0.0.0.0/0").toString());
    }

    @Test
    void textRoundTripsThroughParse() {
        for (String s : new String[]{"fd00::1/64", "::/0", "2001:db8::1:0:0:1/128", "10.200.3.4/31"}) {
            assertEquals(s, IpPrefix.parse(s).toString());
        }
    }
}
