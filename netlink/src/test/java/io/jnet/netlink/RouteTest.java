package io.jnet.netlink;

import io.jnet.inet.IpPrefix;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The builder's defaults follow {@code ip route add}. */
class RouteTest {

    @Test
    void routeWithoutGatewayIsLinkScoped() {
        Route r = Route.builder().dst("10.1.0.0/16").oif(3).build();
        assertEquals(Route.SCOPE_LINK, r.scope());
        assertEquals(Route.TABLE_MAIN, r.table());
        assertEquals(Route.PROTO_BOOT, r.protocol());
        assertEquals(Route.TYPE_UNICAST, r.type());
        assertEquals(2, r.family());
        assertEquals(0, r.metric());
        assertNull(r.gateway());
        assertNull(r.prefSrc());
        assertEquals(0, r.mtu());
        assertEquals(0, r.advmss());
    }

    @Test
    void routeViaAGatewayIsUniverseScoped() {
        Route r = Route.builder().dst("10.1.0.0/16").gateway("10.0.0.1").build();
        assertEquals(Route.SCOPE_UNIVERSE, r.scope());
        assertEquals(IpPrefix.literal("10.0.0.1"), r.gateway());
    }

    @Test
    void explicitScopeWins() {
        assertEquals(Route.SCOPE_HOST, Route.builder().dst("10.0.0.1/32").oif(1).scope(Route.SCOPE_HOST).build().scope());
        assertEquals(Route.SCOPE_UNIVERSE, Route.builder().dst("10.0.0.0/8").oif(1).scope(0).build().scope());
    }

    @Test
    void nonUnicastWithoutGatewayIsNotMadeLinkScoped() {
        assertEquals(Route.SCOPE_UNIVERSE, Route.builder().dst("10.0.0.0/8").oif(1).type(6).build().scope());
    }

    @Test
    void destinationHostBitsAreCleared() {
        Route r = Route.builder().dst("10.1.2.3/16").oif(1).build();
        assertEquals(IpPrefix.parse("10.1.0.0/16"), r.dst());
    }

    @Test
    void defaultRouteSpellings() {
        Route viaGw = Route.builder().dst("default").gateway("10.0.0.1").build();
        assertNull(viaGw.dst());
        assertTrue(viaGw.isDefault());
        assertEquals(2, viaGw.family());
        assertTrue(Route.builder().dst("0.0.0.0/0").gateway("10.0.0.1").build().isDefault());
        Route v6 = Route.builder().dst("::/0").oif(2).build();
        assertTrue(v6.isDefault());
        assertEquals(10, v6.family());
        assertFalse(Route.builder().dst("10.0.0.0/8").oif(1).build().isDefault());
    }

    @Test
    void familyComesFromDestinationOrGateway() {
        assertEquals(10, Route.builder().gateway("fe80::1").oif(2).build().family());
        assertEquals(10, Route.builder().dst("fd00::/64").oif(2).build().family());
        assertEquals(10, Route.builder().family(10).dst("default").oif(2).build().family());
    }

    @Test
    void defaultRouteWithoutGatewayNeedsAFamily() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Route.builder().dst("default").oif(2).build());
        assertTrue(e.getMessage().contains("family"));
    }

    @Test
    void gatewayOfTheOtherFamilyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Route.builder().dst("fd00::/64").gateway("10.0.0.1").build());
        assertThrows(IllegalArgumentException.class, () -> Route.builder().gateway("10.0.0.1").dst("fd00::/64").build());
        assertThrows(IllegalArgumentException.class, () -> Route.builder().dst("10.0.0.0/8").gateway("fd00::1").build());
    }

    @Test
    void allFieldsAreCarried() {
        Route r = Route.builder().dst("10.0.0.0/8").gateway("10.9.0.1").oif(4).table(100).metric(50).protocol(4)
                .prefSrc(IpPrefix.literal("10.9.0.2")).mtu(1400).advmss(1360).build();
        assertEquals(new Route(2, IpPrefix.parse("10.0.0.0/8"), IpPrefix.literal("10.9.0.1"), 4, Route.SCOPE_UNIVERSE,
                100, 50, 4, Route.TYPE_UNICAST, IpPrefix.literal("10.9.0.2"), 1400, 1360), r);
    }
}
