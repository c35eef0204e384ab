package io.jnet.netlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import io.jnet.inet.IpPrefix;
import io.jnet.netlink.Addr;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.Route;
import io.jnet.netlink.RouteLookup;
import io.jnet.netlink.Veth;
import io.jnet.netlink.ns.NetNs;
import io.jnet.netlink.ns.Sysctl;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ip route get} through {@link Netlink#routeGet}: output and input lookups answer what iproute2 answers, with
 * the kernel's refusals (no route, forwarding off, martian source) as errnos, and policy rules matching on ports.
 */
@KernelTest
class RouteGetIT {
    private static final int ENETUNREACH = 101;
    private static final int EINVAL = 22;
    private static final int EHOSTUNREACH = 113;

    private Netlink nl;
    private int a;
    private int b;

    /**
     * The host routes between two links: a (10.70.0.1/24, towards a "client" namespace at 10.70.0.5) and b
     * (10.71.0.1/24), with a default route via 10.71.0.254.
     */
    @BeforeEach
    void links(Sandbox sb) throws Exception {
        nl = sb.netlink(sb.host());
        NetNs client = sb.container("client");
        a = nl.createVeth(Veth.of("a", "a-peer").withPeerIn(client)).index();
        b = nl.createVeth(Veth.of("b", "b-peer")).index();
        nl.addAddress(Addr.of(a, "10.70.0.1/24"));
        nl.addAddress(Addr.of(b, "10.71.0.1/24"));
        nl.addAddress(Addr.of(b, "fd71::1/64").withFlags(Addr.NODAD));
        for (int i : new int[] {a, b, nl.link("b-peer").index()}) {
            nl.setUp(i);
        }
        nl.addRoute(Route.builder().dst("0.0.0.0/0").gateway("10.71.0.254").oif(b).build());
    }

    @Test
    void outputLookupsGiveTheRouteIpRouteGetGives(Sandbox sb) throws Exception {
        Route direct = nl.routeGet(RouteLookup.to(IpPrefix.literal("10.71.0.9")));
        assertEquals(Route.TYPE_UNICAST, direct.type());
        assertEquals(b, direct.oif());
        assertNull(direct.gateway());
        assertEquals("10.71.0.1", IpPrefix.text(direct.prefSrc()));
        assertEquals(Route.TABLE_MAIN, direct.table());

        Route away = nl.routeGet(RouteLookup.to(IpPrefix.literal("198.51.100.7")));
        assertEquals("10.71.0.254", IpPrefix.text(away.gateway()));
        JsonObject ip = Ip.json(sb, sb.host(), "route", "get", "198.51.100.7").get(0).getAsJsonObject();
        assertEquals(ip.get("gateway").getAsString(), IpPrefix.text(away.gateway()));
        assertEquals(ip.get("dev").getAsString(), nl.link(away.oif()).name());
        assertEquals(ip.get("prefsrc").getAsString(), IpPrefix.text(away.prefSrc()));

        Route local = nl.routeGet(RouteLookup.to(IpPrefix.literal("10.70.0.1")));
        assertEquals(2, local.type(), "an address of this namespace is local");

        Route v6 = nl.routeGet(RouteLookup.to(IpPrefix.literal("fd71::9")));
        assertEquals(b, v6.oif());
    }

    @Test
    void noRouteIsEnetunreach(Sandbox sb) throws Exception {
        nl.deleteRoute(Route.builder().family(2).oif(b).gateway("10.71.0.254").build());
        NetlinkException e = assertThrows(NetlinkException.class, () -> nl.routeGet(RouteLookup.to(IpPrefix.literal("198.51.100.7"))));
        assertEquals(ENETUNREACH, e.errno());
        assertEquals(ENETUNREACH, assertThrows(NetlinkException.class,
                () -> nl.routeGet(RouteLookup.to(IpPrefix.literal("fd99::1")))).errno());
    }

    @Test
    void inputLookupsForwardOnlyWhenForwardingIsOnAndRefuseMartians(Sandbox sb) throws Exception {
        RouteLookup arriving = RouteLookup.to(IpPrefix.literal("10.71.0.9")).from(IpPrefix.literal("10.70.0.5")).arrivingOn(a);
        Sysctl.set(sb.host(), "net.ipv4.ip_forward", "0");
        NetlinkException off = assertThrows(NetlinkException.class, () -> nl.routeGet(arriving));
        assertEquals(EHOSTUNREACH, off.errno(), "forwarding off: no route to host, as ip route get says");
        assertEquals(true, sb.exec(sb.host(), "ip", "route", "get", "10.71.0.9", "from", "10.70.0.5", "iif", "a").stderr()
                .contains("No route to host"));

        Sysctl.set(sb.host(), "net.ipv4.ip_forward", "1");
        Route fwd = nl.routeGet(arriving);
        assertEquals(Route.TYPE_UNICAST, fwd.type());
        assertEquals(b, fwd.oif());

        Route toUs = nl.routeGet(RouteLookup.to(IpPrefix.literal("10.71.0.1")).from(IpPrefix.literal("10.70.0.5")).arrivingOn(a));
        assertEquals(2, toUs.type(), "a packet for one of our addresses is delivered locally");

        NetlinkException martian = assertThrows(NetlinkException.class, () -> nl.routeGet(
                RouteLookup.to(IpPrefix.literal("10.71.0.9")).from(IpPrefix.literal("127.0.0.1")).arrivingOn(a)));
        assertEquals(EINVAL, martian.errno(), "127.0.0.1 arriving from outside is a martian");
    }

    @Test
    void policyRulesSeeTheProtocolAndPorts(Sandbox sb) throws Exception {
        sb.exec(sb.host(), "ip", "route", "add", "default", "via", "10.70.0.5", "dev", "a", "table", "100").assertOk();
        sb.exec(sb.host(), "ip", "rule", "add", "ipproto", "tcp", "dport", "8080", "table", "100").assertOk();
        RouteLookup web = RouteLookup.to(IpPrefix.literal("198.51.100.7"));
        assertEquals(b, nl.routeGet(web).oif());
        Route ported = nl.routeGet(web.withPorts(6, 40000, 8080));
        assertEquals(a, ported.oif(), "tcp to 8080 takes table 100");
        assertEquals(100, ported.table());
        assertEquals(b, nl.routeGet(web.withPorts(17, 40000, 8080)).oif(), "udp does not match the rule");
    }

    @Test
    void aVethsPeerNamespaceIsNamedByTheIdNsidOfGives(Sandbox sb) throws Exception {
        NetNs client = sb.container("client");
        Link hostEnd = nl.link("a");
        assertEquals(nl.nsidOf(client), hostEnd.linkNetnsId(), "the host end names the client's namespace by its nsid");
        Netlink inClient = sb.netlink(client);
        Link clientEnd = inClient.link("a-peer");
        assertEquals(inClient.nsidOf(sb.host()), clientEnd.linkNetnsId());
        assertEquals(hostEnd.index(), clientEnd.parentIndex());
        assertEquals(-1, nl.nsidOf(sb.container("other")), "no ID until something links the two");
    }
}
