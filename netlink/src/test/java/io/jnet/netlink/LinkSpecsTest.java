package io.jnet.netlink;

import io.jnet.inet.IpPrefix;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small value types: veth and bridge specs, addresses, and the flag helpers of a read link. */
class LinkSpecsTest {
    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress PEER_MAC = MacAddress.parse("02:00:00:00:00:02");

    @Test
    void vethDefaultsAndWithers() {
        Veth v = Veth.of("h0", "c0");
        assertEquals(new Veth("h0", "c0", 0, null, null, null), v);
        Veth full = v.withMtu(1400).withMac(MAC).withPeerMac(PEER_MAC);
        assertEquals(new Veth("h0", "c0", 1400, MAC, PEER_MAC, null), full);
        assertEquals(0, v.mtu(), "withers leave the original alone");
    }

    @Test
    void vethChecksItsFields() {
        assertThrows(NullPointerException.class, () -> Veth.of(null, "c0"));
        assertThrows(NullPointerException.class, () -> Veth.of("h0", null));
        assertThrows(IllegalArgumentException.class, () -> Veth.of("h0", "c0").withMtu(-1));
    }

    @Test
    void bridgeDefaultsAndWithers() {
        Bridge b = Bridge.of("cni0");
        assertEquals(new Bridge("cni0", 0, null, false), b);
        assertEquals(new Bridge("cni0", 9000, MAC, true), b.withMtu(9000).withMac(MAC).withVlanFiltering(true));
        assertThrows(NullPointerException.class, () -> Bridge.of(null));
        assertThrows(IllegalArgumentException.class, () -> b.withMtu(-5));
    }

    @Test
    void addrFactoriesAreGlobalScopedWithoutFlags() {
        Addr a = Addr.of(3, "10.0.0.2/24");
        assertEquals(new Addr(3, IpPrefix.parse("10.0.0.2/24"), Addr.SCOPE_GLOBAL, 0, null), a);
        assertEquals(a, Addr.of(3, IpPrefix.parse("10.0.0.2/24")));
        assertEquals(2, a.family());
        assertEquals(10, Addr.of(3, "fd00::2/64").family());
        Addr nodad = a.withFlags(Addr.NODAD).withScope(Addr.SCOPE_LINK);
        assertEquals(Addr.NODAD, nodad.flags());
        assertEquals(Addr.SCOPE_LINK, nodad.scope());
        assertEquals(0, a.flags());
        assertThrows(IllegalArgumentException.class, () -> Addr.of(3, "10.0.0.2/40"));
    }

    @Test
    void linkFlagHelpers() {
        Link down = new Link(2, "v0", "veth", 0x1002, 1500, MAC, 0, 3, -1, "DOWN", 0, null, null);
        assertFalse(down.isUp());
        assertFalse(down.hasCarrier());
        assertFalse(down.isPromiscuous());
        assertTrue(down.isVeth());
        assertFalse(down.isBridge());

        Link up = new Link(4, "br0", "bridge", 0x1 | 0x10000, 1500, MAC, 0, 0, -1, "UP", 0,
                new Link.BridgeInfo(false, 1), null);
        assertTrue(up.isUp());
        assertTrue(up.hasCarrier());
        assertTrue(up.isBridge());
        assertFalse(up.isVeth());

        assertTrue(new Link(5, "p", "", 0x100, 1500, null, 0, 0, -1, "UP", 0, null, null).isPromiscuous(), "IFF_PROMISC");
        assertTrue(new Link(5, "p", "", 0, 1500, null, 4, 0, -1, "UP", 1, null, null).isPromiscuous(), "promiscuity count");
        assertNull(new Link(1, "lo", "", 0x8, 65536, null, 0, 0, -1, "UNKNOWN", 0, null, null).mac());
    }
}
