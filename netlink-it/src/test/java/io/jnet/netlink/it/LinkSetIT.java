package io.jnet.netlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.jnet.netlink.AlreadyExistsException;
import io.jnet.netlink.Bridge;
import io.jnet.netlink.Link;
import io.jnet.netlink.MacAddress;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.Veth;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Changing links: up/down, master, bridge-port flags, name, mtu, mac, promiscuity. */
@KernelTest
class LinkSetIT {
    private static final int EINVAL = 22;
    private static final int ELOOP = 40;

    @Test
    void upAndDownAsIpSeesThem(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        int a = nl.createVeth(Veth.of("ua", "ub")).index();
        int b = nl.link("ub").index();

        nl.setUp(a);
        assertTrue(nl.link(a).isUp());
        assertFalse(nl.link(a).hasCarrier(), "no carrier while the peer is down");
        assertTrue(ipFlags(sb, "ua").contains("UP"));
        nl.setUp(b);
        assertTrue(nl.link(a).hasCarrier());
        assertTrue(nl.link(b).hasCarrier());

        nl.setDown(a);
        assertFalse(nl.link(a).isUp());
        assertFalse(ipFlags(sb, "ua").contains("UP"));
        assertEquals("DOWN", Ip.link(sb, sb.host(), "ua").get("operstate").getAsString());
        assertTrue(nl.link(b).isUp(), "the peer stays administratively up");
        assertFalse(nl.link(b).hasCarrier(), "and loses its carrier");
    }

    @Test
    void setMasterAndNoMaster(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        Link br = nl.createBridge(Bridge.of("br0"));
        int port = nl.createVeth(Veth.of("p0", "p1")).index();

        nl.setMaster(port, br.index());
        Link enslaved = nl.link(port);
        assertEquals(br.index(), enslaved.masterIndex());
        assertEquals("br0", Ip.string(Ip.link(sb, sb.host(), "p0"), "master"));
        assertEquals(false, enslaved.bridgePort().hairpin());

        nl.setNoMaster(port);
        Link free = nl.link(port);
        assertEquals(0, free.masterIndex());
        assertNull(free.bridgePort());
        assertNull(Ip.string(Ip.link(sb, sb.host(), "p0"), "master"));
    }

    @Test
    void enslavingABridgeToABridgeIsALoop(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        Link br0 = nl.createBridge(Bridge.of("br0"));
        Link br1 = nl.createBridge(Bridge.of("br1"));
        NetlinkException e = assertThrows(NetlinkException.class, () -> nl.setMaster(br1.index(), br0.index()));
        assertEquals(ELOOP, e.errno(), e.getMessage());
        assertEquals("Can not enslave a bridge to a bridge", e.kernelMessage());
        assertTrue(e.getMessage().contains("Can not enslave a bridge to a bridge"), e.getMessage());
        assertEquals(0, nl.link(br1.index()).masterIndex());
    }

    @Test
    void hairpinAndIsolatedAreReadBack(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        Link br = nl.createBridge(Bridge.of("br0"));
        int port = nl.createVeth(Veth.of("p0", "p1")).index();
        nl.setMaster(port, br.index());

        nl.setHairpin(port, true);
        assertEquals(new Link.BridgePort(true, false), nl.link(port).bridgePort());
        nl.setIsolated(port, true);
        assertEquals(new Link.BridgePort(true, true), nl.link(port).bridgePort());
        JsonObject slave = Ip.link(sb, sb.host(), "p0").getAsJsonObject("linkinfo").getAsJsonObject("info_slave_data");
        assertTrue(slave.get("hairpin").getAsBoolean());
        assertTrue(slave.get("isolated").getAsBoolean());

        nl.setHairpin(port, false);
        nl.setIsolated(port, false);
        assertEquals(new Link.BridgePort(false, false), nl.link(port).bridgePort());
        slave = Ip.link(sb, sb.host(), "p0").getAsJsonObject("linkinfo").getAsJsonObject("info_slave_data");
        assertFalse(slave.get("hairpin").getAsBoolean());
        assertFalse(slave.get("isolated").getAsBoolean());
    }

    @Test
    void hairpinOnALinkThatIsNoBridgePortFails(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        int lone = nl.createVeth(Veth.of("p0", "p1")).index();
        NetlinkException e = assertThrows(NetlinkException.class, () -> nl.setHairpin(lone, true));
        assertEquals(95, e.errno(), e.getMessage()); // EOPNOTSUPP, as `bridge link set` reports
        e = assertThrows(NetlinkException.class, () -> nl.setIsolated(lone, true));
        assertEquals(95, e.errno(), e.getMessage());
        assertNull(nl.link(lone).bridgePort());
    }

    @Test
    void aVethCannotBeAMaster(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        int a = nl.createVeth(Veth.of("p0", "p1")).index();
        int b = nl.createVeth(Veth.of("q0", "q1")).index();
        NetlinkException e = assertThrows(NetlinkException.class, () -> nl.setMaster(a, b));
        assertEquals(95, e.errno(), e.getMessage());
        assertEquals(0, nl.link(a).masterIndex());
    }

    @Test
    void renameKeepsTheIndex(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        int a = nl.createVeth(Veth.of("old", "peer")).index();
        nl.rename(a, "new0");
        assertEquals("new0", nl.link(a).name());
        assertTrue(nl.findLink("old").isEmpty());
        assertEquals(a, Ip.link(sb, sb.host(), "new0").get("ifindex").getAsInt());
        assertEquals("new0", Ip.string(Ip.link(sb, sb.host(), "peer"), "link"));

        assertThrows(AlreadyExistsException.class, () -> nl.rename(a, "peer"));
        NetlinkException e = assertThrows(NetlinkException.class, () -> nl.rename(a, "0123456789abcdef"));
        assertEquals(34, e.errno(), e.getMessage());
        e = assertThrows(NetlinkException.class, () -> nl.rename(a, "a/b"));
        assertEquals(EINVAL, e.errno(), e.getMessage());
        assertEquals("new0", nl.link(a).name());
    }

    @Test
    void mtuIsSetAndTooSmallOneIsRefusedWithTheKernelsReason(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        int a = nl.createVeth(Veth.of("m0", "m1")).index();
        nl.setMtu(a, 9000);
        assertEquals(9000, nl.link(a).mtu());
        assertEquals(9000, Ip.link(sb, sb.host(), "m0").get("mtu").getAsInt());
        assertEquals(1500, nl.link("m1").mtu(), "the peer keeps its own mtu");

        NetlinkException e = assertThrows(NetlinkException.class, () -> nl.setMtu(a, 67));
        assertEquals(EINVAL, e.errno());
        assertEquals("mtu less than device minimum", e.kernelMessage());
        assertTrue(e.getMessage().endsWith(": mtu less than device minimum"), e.getMessage());
        e = assertThrows(NetlinkException.class, () -> nl.setMtu(a, 1_000_000));
        assertEquals("mtu greater than device maximum", e.kernelMessage());
        assertEquals(9000, nl.link(a).mtu());
    }

    @Test
    void macIsSetAndAMulticastOneIsRefused(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        int a = nl.createVeth(Veth.of("m0", "m1")).index();
        MacAddress mac = MacAddress.parse("0a:58:0a:f4:00:05");
        nl.setMac(a, mac);
        assertEquals(mac, nl.link(a).mac());
        assertEquals("0a:58:0a:f4:00:05", Ip.link(sb, sb.host(), "m0").get("address").getAsString());

        MacAddress multicast = MacAddress.parse("01:00:5e:00:00:01");
        assertTrue(multicast.isMulticast());
        NetlinkException e = assertThrows(NetlinkException.class, () -> nl.setMac(a, multicast));
        assertEquals(99, e.errno(), e.getMessage()); // EADDRNOTAVAIL from eth_validate_addr
        assertEquals(mac, nl.link(a).mac());
    }

    @Test
    void promiscuousOnAndOff(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        int a = nl.createVeth(Veth.of("pr0", "pr1")).index();
        assertFalse(nl.link(a).isPromiscuous());
        nl.setPromiscuous(a, true);
        assertTrue(nl.link(a).isPromiscuous());
        assertTrue(ipFlags(sb, "pr0").contains("PROMISC"));
        assertEquals(1, Ip.link(sb, sb.host(), "pr0").get("promiscuity").getAsInt());
        nl.setPromiscuous(a, false);
        assertFalse(nl.link(a).isPromiscuous());
        assertFalse(ipFlags(sb, "pr0").contains("PROMISC"));
    }

    private static List<String> ipFlags(Sandbox sb, String name) {
        return Ip.link(sb, sb.host(), name).getAsJsonArray("flags").asList().stream().map(e -> e.getAsString()).toList();
    }
}
