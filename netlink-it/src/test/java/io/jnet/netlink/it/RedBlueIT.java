package io.jnet.netlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jnet.netlink.Addr;
import io.jnet.netlink.Bridge;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.Route;
import io.jnet.netlink.Veth;
import io.jnet.netlink.ns.NetNs;
import io.jnet.netlink.ns.Sysctl;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import org.junit.jupiter.api.Test;

/** The red/blue lab wired by the library alone: two namespaces on one bridge ping each other and the gateway. */
@KernelTest
class RedBlueIT {

    @Test
    void redAndBluePingEachOtherThroughTheBridge(Sandbox sb) throws Exception {
        NetNs host = sb.host();
        Netlink hostNl = sb.netlink(host);
        Link bridge = hostNl.createBridge(Bridge.of("br-lab"));
        hostNl.addAddress(Addr.of(bridge.index(), "10.99.0.1/24"));
        hostNl.setUp(bridge.index());

        wire(sb, hostNl, bridge, "red", "10.99.0.2/24");
        wire(sb, hostNl, bridge, "blue", "10.99.0.3/24");

        sb.exec(sb.container("red"), "ping", "-c", "1", "-W", "2", "10.99.0.3").assertOk();
        sb.exec(sb.container("blue"), "ping", "-c", "1", "-W", "2", "10.99.0.2").assertOk();
        sb.exec(sb.container("red"), "ping", "-c", "1", "-W", "2", "10.99.0.1").assertOk();
    }

    @Test
    void redAndBluePingEachOtherOverIpv6AndReachTheGatewayByItsRoute(Sandbox sb) throws Exception {
        NetNs host = sb.host();
        Netlink hostNl = sb.netlink(host);
        Link bridge = hostNl.createBridge(Bridge.of("br-lab6"));
        hostNl.addAddress(Addr.of(bridge.index(), "fd99::1/64").withFlags(Addr.NODAD));
        hostNl.setUp(bridge.index());

        for (String role : new String[] {"red", "blue"}) {
            NetNs ns = sb.container(role);
            Link hostEnd = hostNl.createVeth(Veth.of("veth-" + role, "eth0").withPeerIn(ns));
            hostNl.setMaster(hostEnd.index(), bridge.index());
            hostNl.setUp(hostEnd.index());
            Netlink nl = sb.netlink(ns);
            Link eth0 = nl.link("eth0");
            nl.addAddress(Addr.of(eth0.index(), role.equals("red") ? "fd99::2/64" : "fd99::3/64").withFlags(Addr.NODAD));
            nl.setUp(eth0.index());
            nl.addRoute(Route.builder().dst("fd98::/64").gateway("fd99::1").build());
        }
        // a prefix behind the gateway, reached only through the route the library added
        Link dummyEnd = hostNl.createVeth(Veth.of("far", "far-peer"));
        hostNl.addAddress(Addr.of(dummyEnd.index(), "fd98::1/64").withFlags(Addr.NODAD));
        hostNl.setUp(dummyEnd.index());
        hostNl.setUp(hostNl.link("far-peer").index());
        Sysctl.set(host, "net.ipv6.conf.all.forwarding", "1");

        sb.exec(sb.container("red"), "ping", "-6", "-c", "1", "-W", "2", "fd99::3").assertOk();
        sb.exec(sb.container("blue"), "ping", "-6", "-c", "1", "-W", "2", "fd99::2").assertOk();
        sb.exec(sb.container("red"), "ping", "-6", "-c", "1", "-W", "2", "fd98::1").assertOk();
        assertEquals("fd99::1", Ip.json(sb, sb.container("blue"), "-6", "route", "show", "fd98::/64").get(0)
                .getAsJsonObject().get("gateway").getAsString());
    }

    private static void wire(Sandbox sb, Netlink hostNl, Link bridge, String role, String cidr) throws Exception {
        NetNs ns = sb.container(role);
        Link hostEnd = hostNl.createVeth(Veth.of("veth-" + role, "eth0").withPeerIn(ns));
        hostNl.setMaster(hostEnd.index(), bridge.index());
        hostNl.setUp(hostEnd.index());

        Netlink nl = sb.netlink(ns);
        Link eth0 = nl.link("eth0");
        nl.addAddress(Addr.of(eth0.index(), cidr));
        nl.setUp(eth0.index());
        nl.addRoute(Route.builder().dst("0.0.0.0/0").gateway("10.99.0.1").oif(eth0.index()).build());
        assertEquals(1, nl.routes(2).stream().filter(r -> r.gateway() != null).count());
    }
}
