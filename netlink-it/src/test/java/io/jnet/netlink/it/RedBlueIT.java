package io.jnet.netlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jnet.netlink.Addr;
import io.jnet.netlink.Bridge;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.Route;
import io.jnet.netlink.Veth;
import io.jnet.netlink.ns.NetNs;
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
