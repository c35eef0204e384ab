package io.jnet.netlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.jnet.netlink.Addr;
import io.jnet.netlink.AlreadyExistsException;
import io.jnet.inet.IpPrefix;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.NotFoundException;
import io.jnet.netlink.Route;
import io.jnet.netlink.Veth;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routes ({@code ip route}): add, replace, delete and list, IPv4 and IPv6, in main and other tables. */
@KernelTest
class RouteIT {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    private Netlink nl;
    private int dev;

    /** A link that is up with 10.60.0.1/24 and fd60::1/64, so gateways in those prefixes are reachable. */
    @BeforeEach
    void link(Sandbox sb) throws Exception {
        nl = sb.netlink(sb.host());
        dev = nl.createVeth(Veth.of("r0", "r1")).index();
        nl.addAddress(Addr.of(dev, "10.60.0.1/24"));
        nl.addAddress(Addr.of(dev, "fd60::1/64").withFlags(Addr.NODAD));
        nl.setUp(dev);
        nl.setUp(nl.link("r1").index());
    }

    @Test
    void ipv4RouteViaGatewayIsAddedListedAndDeleted(Sandbox sb) throws Exception {
        Route route = Route.builder().dst("10.61.0.0/16").gateway("10.60.0.254").oif(dev).build();
        nl.addRoute(route);

        Route read = find(nl.routes(AF_INET), "10.61.0.0/16").orElseThrow();
        assertEquals("10.60.0.254", IpPrefix.text(read.gateway()));
        assertEquals(dev, read.oif());
        assertEquals(Route.SCOPE_UNIVERSE, read.scope());
        assertEquals(Route.TABLE_MAIN, read.table());
        assertEquals(Route.PROTO_BOOT, read.protocol());
        JsonObject ip = ipRoute(sb, "-4", "10.61.0.0/16").orElseThrow();
        assertEquals("10.60.0.254", ip.get("gateway").getAsString());
        assertEquals("r0", ip.get("dev").getAsString());
        assertEquals("boot", Ip.json(sb, sb.host(), "-d", "-4", "route", "show", "10.61.0.0/16").get(0)
                .getAsJsonObject().get("protocol").getAsString());

        assertThrows(AlreadyExistsException.class, () -> nl.addRoute(route));
        nl.deleteRoute(route);
        assertTrue(find(nl.routes(AF_INET), "10.61.0.0/16").isEmpty());
        assertTrue(ipRoute(sb, "-4", "10.61.0.0/16").isEmpty());
        NotFoundException e = assertThrows(NotFoundException.class, () -> nl.deleteRoute(route));
        assertEquals(3, e.errno(), e.getMessage()); // ESRCH, "No such process" as ip prints it
    }

    @Test
    void defaultRouteAndLinkScopedRoute(Sandbox sb) throws Exception {
        nl.addRoute(Route.builder().dst("default").gateway("10.60.0.254").build());
        nl.addRoute(Route.builder().dst("10.62.0.0/24").oif(dev).build());

        Route def = nl.routes(AF_INET).stream().filter(Route::isDefault).findFirst().orElseThrow();
        assertEquals("10.60.0.254", IpPrefix.text(def.gateway()));
        assertEquals(dev, def.oif(), "the kernel resolves the device from the gateway");
        Route direct = find(nl.routes(AF_INET), "10.62.0.0/24").orElseThrow();
        assertNull(direct.gateway());
        assertEquals(Route.SCOPE_LINK, direct.scope());
        assertEquals("link", ipRoute(sb, "-4", "10.62.0.0/24").orElseThrow().get("scope").getAsString());
        assertEquals("10.60.0.254", ipRoute(sb, "-4", "default").orElseThrow().get("gateway").getAsString());
    }

    @Test
    void explicitScopeIsKept(Sandbox sb) throws Exception {
        nl.addRoute(Route.builder().dst("10.63.0.0/24").oif(dev).scope(Route.SCOPE_HOST).build());
        assertEquals(Route.SCOPE_HOST, find(nl.routes(AF_INET), "10.63.0.0/24").orElseThrow().scope());
        assertEquals("host", ipRoute(sb, "-4", "10.63.0.0/24").orElseThrow().get("scope").getAsString());
    }

    @Test
    void replaceChangesTheGatewayOfTheSameDestination(Sandbox sb) throws Exception {
        nl.replaceRoute(Route.builder().dst("10.64.0.0/24").gateway("10.60.0.2").build()); // adds
        nl.replaceRoute(Route.builder().dst("10.64.0.0/24").gateway("10.60.0.3").build()); // replaces
        List<Route> matching = nl.routes(AF_INET).stream()
                .filter(r -> !r.isDefault() && r.dst().toString().equals("10.64.0.0/24")).toList();
        assertEquals(1, matching.size(), matching.toString());
        assertEquals("10.60.0.3", IpPrefix.text(matching.get(0).gateway()));
        assertEquals("10.60.0.3", ipRoute(sb, "-4", "10.64.0.0/24").orElseThrow().get("gateway").getAsString());
    }

    @Test
    void prependPutsASecondRouteToTheSameDestinationBesideTheFirst(Sandbox sb) throws Exception {
        int dev2 = nl.createVeth(Veth.of("r2", "r3")).index();
        nl.addAddress(Addr.of(dev2, "10.60.0.9/24"));
        nl.addAddress(Addr.of(dev2, "fd60::9/64").withFlags(Addr.NODAD));
        nl.setUp(dev2);
        nl.setUp(nl.link("r3").index());
        Route first = Route.builder().dst("10.69.0.0/24").gateway("10.60.0.254").oif(dev).build();
        nl.prependRoute(first);
        nl.prependRoute(Route.builder().dst("10.69.0.0/24").gateway("10.60.0.254").oif(dev2).build());
        JsonArray v4 = Ip.json(sb, sb.host(), "-4", "route", "show", "10.69.0.0/24");
        assertEquals(2, v4.size(), v4.toString());
        assertEquals("r2", v4.get(0).getAsJsonObject().get("dev").getAsString(), "the newer route comes first, as with ip route prepend");
        assertThrows(AlreadyExistsException.class, () -> nl.prependRoute(first), "only an identical route is refused");

        nl.prependRoute(Route.builder().dst("fd69::/64").gateway("fd60::fe").oif(dev).build());
        nl.prependRoute(Route.builder().dst("fd69::/64").gateway("fd60::fe").oif(dev2).build());
        JsonArray v6 = Ip.json(sb, sb.host(), "-6", "route", "show", "fd69::/64");
        assertEquals(1, v6.size(), v6.toString());
        assertEquals(2, v6.get(0).getAsJsonObject().getAsJsonArray("nexthops").size(), "IPv6 makes one two-nexthop route: " + v6);
        List<Route> hops = nl.routes(AF_INET6).stream().filter(r -> !r.isDefault() && r.dst().toString().equals("fd69::/64")).toList();
        assertEquals(List.of(dev, dev2), hops.stream().map(Route::oif).sorted().toList(), "listed as one route per next hop: " + hops);
        assertTrue(hops.stream().allMatch(r -> IpPrefix.text(r.gateway()).equals("fd60::fe")), hops.toString());
    }

    @Test
    void metricsSeparateRoutesToTheSameDestination(Sandbox sb) throws Exception {
        nl.addRoute(Route.builder().dst("10.65.0.0/24").gateway("10.60.0.2").metric(100).build());
        nl.addRoute(Route.builder().dst("10.65.0.0/24").gateway("10.60.0.3").metric(200).build());
        List<Route> both = nl.routes(AF_INET).stream()
                .filter(r -> !r.isDefault() && r.dst().toString().equals("10.65.0.0/24")).toList();
        assertEquals(List.of(100, 200), both.stream().map(Route::metric).sorted().toList());
        JsonArray ip = Ip.json(sb, sb.host(), "-4", "route", "show", "10.65.0.0/24");
        assertEquals(2, ip.size());

        nl.deleteRoute(Route.builder().dst("10.65.0.0/24").gateway("10.60.0.2").metric(100).build());
        List<Route> left = nl.routes(AF_INET).stream()
                .filter(r -> !r.isDefault() && r.dst().toString().equals("10.65.0.0/24")).toList();
        assertEquals(List.of(200), left.stream().map(Route::metric).toList());
        assertEquals(200, ipRoute(sb, "-4", "10.65.0.0/24").orElseThrow().get("metric").getAsInt());
    }

    @Test
    void routesInAnotherTableStayOutOfMain(Sandbox sb) throws Exception {
        Route inTable = Route.builder().dst("10.66.0.0/24").gateway("10.60.0.2").table(100).build();
        nl.addRoute(inTable);
        Route big = Route.builder().dst("10.66.1.0/24").gateway("10.60.0.2").table(1000).build();
        nl.addRoute(big);

        assertTrue(find(nl.routes(AF_INET), "10.66.0.0/24").isEmpty(), "not in main");
        assertEquals(100, find(nl.routes(AF_INET, 100), "10.66.0.0/24").orElseThrow().table());
        assertEquals(1000, find(nl.routes(AF_INET, 1000), "10.66.1.0/24").orElseThrow().table(),
                "tables above 255 travel in RTA_TABLE");
        assertTrue(find(nl.routes(AF_INET, 0), "10.66.0.0/24").isPresent(), "table 0 lists every table");
        assertTrue(ipRoute(sb, "-4", "10.66.0.0/24").isEmpty());
        assertEquals("10.60.0.2", ipRoute(sb, "-4", "10.66.0.0/24", "table", "100").orElseThrow()
                .get("gateway").getAsString());
        assertEquals("10.60.0.2", ipRoute(sb, "-4", "10.66.1.0/24", "table", "1000").orElseThrow()
                .get("gateway").getAsString());

        nl.deleteRoute(inTable);
        nl.deleteRoute(big);
        assertTrue(ipRoute(sb, "-4", "10.66.0.0/24", "table", "100").isEmpty());
        assertTrue(ipRoute(sb, "-4", "10.66.1.0/24", "table", "1000").isEmpty());
    }

    @Test
    void ipv6RoutesAreAddedReplacedListedAndDeleted(Sandbox sb) throws Exception {
        Route route = Route.builder().dst("fd61::/64").gateway("fd60::fe").oif(dev).metric(50).build();
        nl.addRoute(route);
        Route read = find(nl.routes(AF_INET6), "fd61::/64").orElseThrow();
        assertEquals("fd60::fe", IpPrefix.text(read.gateway()));
        assertEquals(50, read.metric());
        assertEquals(dev, read.oif());
        JsonObject ip = ipRoute(sb, "-6", "fd61::/64").orElseThrow();
        assertEquals("fd60::fe", ip.get("gateway").getAsString());
        assertEquals(50, ip.get("metric").getAsInt());
        assertThrows(AlreadyExistsException.class, () -> nl.addRoute(route));

        nl.replaceRoute(Route.builder().dst("fd61::/64").gateway("fd60::fd").oif(dev).metric(50).build());
        assertEquals("fd60::fd", ipRoute(sb, "-6", "fd61::/64").orElseThrow().get("gateway").getAsString());

        nl.addRoute(Route.builder().dst("default").gateway("fd60::fe").build());
        assertEquals("fd60::fe", IpPrefix.text(nl.routes(AF_INET6).stream().filter(Route::isDefault)
                .findFirst().orElseThrow().gateway()));

        nl.deleteRoute(Route.builder().dst("fd61::/64").gateway("fd60::fd").oif(dev).metric(50).build());
        assertTrue(find(nl.routes(AF_INET6), "fd61::/64").isEmpty());
        assertTrue(ipRoute(sb, "-6", "fd61::/64").isEmpty());
        NotFoundException e = assertThrows(NotFoundException.class, () -> nl.deleteRoute(route));
        assertEquals(3, e.errno(), e.getMessage());
    }

    @Test
    void kernelRoutesAreListedAndCanBeDeletedLikeIpDoes(Sandbox sb) throws Exception {
        Route connected = find(nl.routes(AF_INET), "10.60.0.0/24").orElseThrow();
        assertEquals(Route.PROTO_KERNEL, connected.protocol());
        assertEquals(Route.SCOPE_LINK, connected.scope());
        assertEquals(dev, connected.oif());
        assertEquals("10.60.0.1", IpPrefix.text(connected.prefSrc()));
        assertEquals(ipRouteCount(sb, "-4"), nl.routes(AF_INET).size());
        assertEquals(ipRouteCount(sb, "-6"), nl.routes(AF_INET6).size());

        // `ip route del 10.60.0.0/24 dev r0` matches the kernel's route whatever its protocol
        nl.deleteRoute(Route.builder().dst("10.60.0.0/24").oif(dev).build());
        assertTrue(find(nl.routes(AF_INET), "10.60.0.0/24").isEmpty());
        assertTrue(ipRoute(sb, "-4", "10.60.0.0/24").isEmpty());
    }

    @Test
    void preferredSourceAndMetricsAreSetAndReadBack(Sandbox sb) throws Exception {
        nl.addRoute(Route.builder().dst("10.68.0.0/24").gateway("10.60.0.2")
                .prefSrc(IpPrefix.literal("10.60.0.1")).mtu(1300).advmss(1200).build());
        Route read = find(nl.routes(AF_INET), "10.68.0.0/24").orElseThrow();
        assertEquals("10.60.0.1", IpPrefix.text(read.prefSrc()));
        assertEquals(1300, read.mtu());
        assertEquals(1200, read.advmss());
        JsonObject ip = ipRoute(sb, "-4", "10.68.0.0/24").orElseThrow();
        assertEquals("10.60.0.1", ip.get("prefsrc").getAsString());
        assertEquals(1300, ip.getAsJsonArray("metrics").get(0).getAsJsonObject().get("mtu").getAsInt());
    }

    @Test
    void gatewayOutsideEveryConnectedPrefixIsRefusedWithTheKernelsReason(Sandbox sb) throws Exception {
        NetlinkException e = assertThrows(NetlinkException.class,
                () -> nl.addRoute(Route.builder().dst("10.67.0.0/24").gateway("10.99.9.9").build()));
        assertEquals(101, e.errno(), e.getMessage()); // ENETUNREACH
        assertEquals("Nexthop has invalid gateway", e.kernelMessage());
        assertTrue(ipRoute(sb, "-4", "10.67.0.0/24").isEmpty());
    }

    private static Optional<Route> find(List<Route> routes, String dst) {
        return routes.stream().filter(r -> !r.isDefault() && r.dst().toString().equals(dst)).findFirst();
    }

    private static Optional<JsonObject> ipRoute(Sandbox sb, String family, String... selector) {
        String[] full = new String[3 + selector.length];
        full[0] = family;
        full[1] = "route";
        full[2] = "show";
        System.arraycopy(selector, 0, full, 3, selector.length);
        JsonArray out = Ip.json(sb, sb.host(), full);
        return out.isEmpty() ? Optional.empty() : Optional.of(out.get(0).getAsJsonObject());
    }

    private static int ipRouteCount(Sandbox sb, String family) {
        int n = 0;
        for (JsonElement ignored : Ip.json(sb, sb.host(), family, "route", "show")) {
            n++;
        }
        return n;
    }
}
