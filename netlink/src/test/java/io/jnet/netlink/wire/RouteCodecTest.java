package io.jnet.netlink.wire;

import io.jnet.inet.IpPrefix;
import io.jnet.netlink.Route;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Route requests checked byte for byte (hand-computed; rtmsg is family, dst_len, src_len, tos, table,
 * protocol, scope, type, flags u32) and against {@code ip route} captures field by field; kernel route
 * replies decoded.
 */
class RouteCodecTest {

    private static Message encoded(MessageWriter w) {
        w.finish(0, 0);
        return Message.of(w.toBytes());
    }

    private static void assertBytes(String expectedHex, MessageWriter w) {
        w.finish(0, 0);
        assertEquals(Hex.of(Hex.bytes(expectedHex)), Hex.of(w.toBytes()));
    }

    @Test
    void ipv4RouteViaAGatewayInAnotherTable() {
        // "ip route add 10.30.0.0/16 via 10.9.0.1 dev v1 table 100 metric 50" sends the same rtmsg
        // (02 10 00 00 64 03 00 01) and the same DST/GATEWAY/PRIORITY/OIF values; the library adds RTA_TABLE.
        MessageWriter w = new MessageWriter(256);
        RouteCodec.add(w, Route.builder().dst("10.30.0.0/16").gateway("10.9.0.1").oif(2).table(100).metric(50).build());
        assertBytes("44000000 1800 0506 00000000 00000000  02 10 00 00 64 03 00 01 00000000"
                + "  0800 0100 0a1e0000  0800 0500 0a090001  0800 0400 02000000  0800 0600 32000000"
                + "  0800 0f00 64000000", w);
    }

    @Test
    void routeGetCarriesThePacketsFieldsWithPortsInNetworkOrder() {
        // "ip route get 10.71.0.9 from 10.70.0.5 iif 3 ipproto tcp dport 8080": rtmsg 02 20 20 00 ... flags
        // RTM_F_LOOKUP_TABLE, then DST, SRC, IIF, IP_PROTO (u8) and DPORT (be16).
        MessageWriter w = new MessageWriter(256);
        RouteCodec.get(w, io.jnet.netlink.RouteLookup.to(IpPrefix.literal("10.71.0.9")).from(IpPrefix.literal("10.70.0.5"))
                .arrivingOn(3).withPorts(6, 0, 8080));
        assertBytes("44000000 1a00 0100 00000000 00000000  02 20 20 00 00 00 00 00 00100000"
                + "  0800 0100 0a470009  0800 0200 0a460005  0800 0300 03000000  0500 1b00 06000000  0600 1d00 1f900000", w);
        // IPv6 takes no flags (the kernel refuses them under strict checking)
        MessageWriter v6 = new MessageWriter(256);
        RouteCodec.get(v6, io.jnet.netlink.RouteLookup.to(IpPrefix.literal("fd00::1")));
        assertBytes("30000000 1a00 0100 00000000 00000000  0a 80 00 00 00 00 00 00 00000000"
                + "  1400 0100 fd000000000000000000000000000001", v6);
    }

    @Test
    void nsidRequestNamesTheNamespaceByDescriptor() {
        MessageWriter w = new MessageWriter(64);
        NsidCodec.get(w, 7);
        assertBytes("1c000000 5a00 0100 00000000 00000000  00000000  0800 0300 07000000", w);
    }

    @Test
    void ipv4DirectRouteIsLinkScoped() {
        // "ip route add 10.31.0.0/16 dev v1": rtmsg 02 10 00 00 fe 03 fd 01, DST and OIF.
        MessageWriter w = new MessageWriter(256);
        RouteCodec.add(w, Route.builder().dst("10.31.0.0/16").oif(2).build());
        assertBytes("34000000 1800 0506 00000000 00000000  02 10 00 00 fe 03 fd 01 00000000"
                + "  0800 0100 0a1f0000  0800 0400 02000000  0800 0f00 fe000000", w);
    }

    @Test
    void ipv6RouteViaAGateway() {
        // "ip route add fd02::/64 via fd00::1 dev v1": rtmsg 0a 40 00 00 fe 03 00 01, DST, GATEWAY, OIF.
        MessageWriter w = new MessageWriter(256);
        RouteCodec.add(w, Route.builder().dst("fd02::/64").gateway("fd00::1").oif(2).build());
        assertBytes("54000000 1800 0506 00000000 00000000  0a 40 00 00 fe 03 00 01 00000000"
                + "  1400 0100 fd020000000000000000000000000000  1400 0500 fd000000000000000000000000000001"
                + "  0800 0400 02000000  0800 0f00 fe000000", w);
    }

    @Test
    void deleteMatchesAnyScopeAndProtocolLikeIpRouteDel() {
        // "ip route del 10.31.0.0/16 dev v1": rtmsg 02 10 00 00 fe 00 ff 00 (ip leaves the type unspecified).
        MessageWriter w = new MessageWriter(256);
        RouteCodec.delete(w, Route.builder().dst("10.31.0.0/16").oif(2).protocol(4).build());
        assertBytes("34000000 1900 0500 00000000 00000000  02 10 00 00 fe 00 ff 01 00000000"
                + "  0800 0100 0a1f0000  0800 0400 02000000  0800 0f00 fe000000", w);
    }

    @Test
    void replaceCreatesOrReplaces() {
        MessageWriter w = new MessageWriter(256);
        RouteCodec.replace(w, Route.builder().dst("10.0.0.0/8").oif(1).build());
        Message m = encoded(w);
        assertEquals(Rtnl.RTM_NEWROUTE, m.type());
        assertEquals(Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | Nl.F_REPLACE, m.flags());
    }

    @Test
    void prependCreatesWithoutExclusivity() {
        MessageWriter w = new MessageWriter(256);
        RouteCodec.prepend(w, Route.builder().dst("10.0.0.0/8").oif(1).build());
        Message m = encoded(w);
        assertEquals(Rtnl.RTM_NEWROUTE, m.type());
        assertEquals(Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE, m.flags());
    }

    @Test
    void defaultRouteHasNoDestination() {
        MessageWriter w = new MessageWriter(256);
        RouteCodec.add(w, Route.builder().gateway("10.0.0.1").build());
        Message m = encoded(w);
        assertEquals(0, m.u8(1));
        assertEquals(Route.SCOPE_UNIVERSE, m.u8(6));
        Attributes a = m.attributes(Rtnl.RTMSG_LEN);
        assertFalse(a.has(Rtnl.RTA_DST));
        assertFalse(a.has(Rtnl.RTA_OIF));
        assertFalse(a.has(Rtnl.RTA_PRIORITY));
        assertEquals("10.0.0.1", a.address(Rtnl.RTA_GATEWAY).getHostAddress());
        // "::/0" is a default route too
        RouteCodec.add(w, Route.builder().dst("::/0").gateway("fe80::1").oif(3).build());
        m = encoded(w);
        assertEquals(Rtnl.AF_INET6, m.u8(0));
        assertFalse(m.attributes(Rtnl.RTMSG_LEN).has(Rtnl.RTA_DST));
    }

    @Test
    void tableAbove255GoesOnlyInRtaTable() {
        MessageWriter w = new MessageWriter(256);
        RouteCodec.add(w, Route.builder().dst("10.0.0.0/8").oif(1).table(1000).build());
        Message m = encoded(w);
        assertEquals(252, m.u8(4), "RT_TABLE_COMPAT");
        assertEquals(1000, m.attributes(Rtnl.RTMSG_LEN).u32(Rtnl.RTA_TABLE, 0));
    }

    @Test
    void metricsArePatchedIntoANest() {
        MessageWriter w = new MessageWriter(256);
        RouteCodec.add(w, Route.builder().dst("10.0.0.0/8").oif(1).mtu(1400).advmss(1360).build());
        Message m = encoded(w);
        Attributes a = m.attributes(Rtnl.RTMSG_LEN);
        assertEquals(4 + 8 + 8, a.length(Rtnl.RTA_METRICS) + 4);
        Attributes metrics = a.nested(Rtnl.RTA_METRICS);
        assertEquals(1400, metrics.u32(Rtnl.RTAX_MTU, 0));
        assertEquals(1360, metrics.u32(Rtnl.RTAX_ADVMSS, 0));
        RouteCodec.add(w, Route.builder().dst("10.0.0.0/8").oif(1).build());
        assertFalse(encoded(w).attributes(Rtnl.RTMSG_LEN).has(Rtnl.RTA_METRICS));
    }

    @Test
    void requestsDecodeBackToTheSameRoute() throws Exception {
        List<Route> routes = List.of(
                Route.builder().dst("10.30.0.0/16").gateway("10.9.0.1").oif(2).table(100).metric(50).build(),
                Route.builder().dst("192.168.7.0/24").oif(4).prefSrc(IpPrefix.literal("192.168.7.1")).mtu(1400).build(),
                Route.builder().dst("fd01::/48").gateway("fd00::1").oif(2).metric(1024).advmss(1200).table(5000).build(),
                Route.builder().dst("10.0.0.5/32").oif(1).table(Route.TABLE_LOCAL).type(2).scope(Route.SCOPE_HOST).build());
        for (Route r : routes) {
            MessageWriter w = new MessageWriter(256);
            RouteCodec.add(w, r);
            assertEquals(r, RouteCodec.decode(encoded(w)), r.toString());
        }
    }

    @Test
    void dumpOfOneFamily() {
        MessageWriter w = new MessageWriter(64);
        RouteCodec.dump(w, Rtnl.AF_INET6);
        assertBytes("1c000000 1a00 0103 00000000 00000000  0a 00 00 00 00 00 00 00 00000000", w);
    }

    @Test
    void decodesRealIpv4RoutesFromSeveralTables() throws Exception {
        List<Route> routes = Hex.split(GoldenReplies.ROUTE4_DUMP).stream().map(RouteCodec::decode).toList();
        assertEquals(7, routes.size());

        Route via = routes.get(0);
        assertEquals(Rtnl.AF_INET, via.family());
        assertEquals(IpPrefix.parse("10.20.0.0/16"), via.dst());
        assertEquals(IpPrefix.literal("10.9.0.1"), via.gateway());
        assertEquals(2, via.oif());
        assertEquals(100, via.table());
        assertEquals(50, via.metric());
        assertEquals(Route.PROTO_BOOT, via.protocol());
        assertEquals(Route.SCOPE_UNIVERSE, via.scope());
        assertEquals(Route.TYPE_UNICAST, via.type());
        assertNull(via.prefSrc());
        assertFalse(via.isDefault());

        Route connected = routes.stream().filter(r -> r.dst().equals(IpPrefix.parse("10.9.0.0/24"))).findFirst().orElseThrow();
        assertEquals(Route.TABLE_MAIN, connected.table());
        assertEquals(Route.PROTO_KERNEL, connected.protocol());
        assertEquals(Route.SCOPE_LINK, connected.scope());
        assertNull(connected.gateway());
        assertEquals(IpPrefix.literal("10.9.0.2"), connected.prefSrc());
        assertEquals(0, connected.metric());

        Route local = routes.stream().filter(r -> r.dst().equals(IpPrefix.parse("10.9.0.2/32"))).findFirst().orElseThrow();
        assertEquals(Route.TABLE_LOCAL, local.table());
        assertEquals(Route.SCOPE_HOST, local.scope());
        assertEquals(2, local.type(), "RTN_LOCAL");
        assertTrue(routes.stream().anyMatch(r -> r.type() == 3 && r.dst().equals(IpPrefix.parse("10.1.2.255/32"))),
                "the broadcast route of 10.1.2.3/24");
    }

    @Test
    void decodesRealIpv6Routes() throws Exception {
        Route kernel = RouteCodec.decode(Message.of(Hex.bytes(GoldenReplies.ROUTE6_KERNEL)));
        assertEquals(Rtnl.AF_INET6, kernel.family());
        assertEquals(IpPrefix.parse("fd00::/64"), kernel.dst());
        assertNull(kernel.gateway());
        assertEquals(2, kernel.oif());
        assertEquals(Route.TABLE_MAIN, kernel.table());
        assertEquals(256, kernel.metric());
        assertEquals(Route.PROTO_KERNEL, kernel.protocol());

        Route via = RouteCodec.decode(Message.of(Hex.bytes(GoldenReplies.ROUTE6_VIA)));
        assertEquals(IpPrefix.parse("fd01::/48"), via.dst());
        assertEquals(IpPrefix.literal("fd00::1"), via.gateway());
        assertEquals(1024, via.metric());
        assertEquals(Route.PROTO_BOOT, via.protocol());
        assertEquals(Route.SCOPE_UNIVERSE, via.scope());
        assertEquals("fd01::/48", via.dst().toString());
    }

    @Test
    void tableFallsBackToTheRtmsgByteWithoutRtaTable() {
        MessageWriter w = new MessageWriter(64);
        w.begin(Rtnl.RTM_NEWROUTE, 0).u8(Rtnl.AF_INET).u8(0).u8(0).u8(0).u8(Route.TABLE_MAIN).u8(2).u8(0).u8(1).u32(0)
                .attrBytes(Rtnl.RTA_GATEWAY, Hex.bytes("0a000001"));
        Route r = RouteCodec.decode(encoded(w));
        assertEquals(Route.TABLE_MAIN, r.table());
        assertNull(r.dst());
        assertTrue(r.isDefault());
    }

    @Test
    void aMultipathRouteDecodesAsOneRoutePerNextHop() {
        // fd69::/64 metric 1024 with two next hops via fd60::fe, on ifindex 2 and 3 (how IPv6 dumps routes it joined)
        String nexthop = "1c00 00 00 %s  1400 0500 fd600000 00000000 00000000 000000fe";
        Message m = Message.of(Hex.bytes("7c000000 1800 0200 00000000 00000000  0a 40 00 00 fe 03 00 01 00000000"
                + "  0800 0f00 fe000000  1400 0100 fd690000 00000000 00000000 00000000  0800 0600 00040000"
                + "  3c00 0900 " + String.format(nexthop, "02000000") + " " + String.format(nexthop, "03000000")));
        List<Route> hops = RouteCodec.decodeAll(m);
        assertEquals(2, hops.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(IpPrefix.parse("fd69::/64"), hops.get(i).dst());
            assertEquals(IpPrefix.literal("fd60::fe"), hops.get(i).gateway());
            assertEquals(2 + i, hops.get(i).oif());
            assertEquals(1024, hops.get(i).metric());
        }
        assertNull(RouteCodec.decode(m).gateway(), "the route itself names no single gateway");
        assertEquals(1, RouteCodec.decodeAll(Message.of(Hex.bytes(GoldenReplies.ROUTE6_VIA))).size());
    }

    @Test
    void decodeRefusesOtherMessages() {
        assertThrows(MalformedMessageException.class, () -> RouteCodec.decode(Message.of(Hex.bytes(GoldenReplies.DUMP_DONE))));
        assertThrows(MalformedMessageException.class, () -> RouteCodec.decode(Hex.split(GoldenReplies.ADDR_DUMP_V1).get(0)));
        MessageWriter w = new MessageWriter(64);
        w.begin(Rtnl.RTM_NEWROUTE, 0).u8(Rtnl.AF_INET).u8(8);
        assertThrows(MalformedMessageException.class, () -> RouteCodec.decode(encoded(w)), "rtmsg cut short");
    }

    @Test
    void ipv4MappedIpv6RouteStaysIpv6() {
        // A route to ::ffff:0:0/96 (as NAT64/464XLAT setups add): InetAddress.getByAddress would turn its
        // 16 bytes into an Inet4Address, and /96 of an IPv4 address fails the whole dump.
        MessageWriter w = new MessageWriter(128);
        w.begin(Rtnl.RTM_NEWROUTE, 0).u8(Rtnl.AF_INET6).u8(96).u8(0).u8(0).u8(Route.TABLE_MAIN).u8(3).u8(0).u8(1).u32(0)
                .attrBytes(Rtnl.RTA_DST, Hex.bytes("00000000000000000000ffff00000000"))
                .attrBytes(Rtnl.RTA_GATEWAY, Hex.bytes("00000000000000000000ffff0a000001"))
                .attrU32(Rtnl.RTA_OIF, 2);
        Route r = RouteCodec.decode(encoded(w));
        assertEquals(Rtnl.AF_INET6, r.family());
        assertEquals(96, r.dst().length());
        assertEquals(Rtnl.AF_INET6, r.dst().family());
        assertEquals("::ffff:0:0/96", r.dst().toString());
        assertEquals(16, r.gateway().getAddress().length);
    }
}
