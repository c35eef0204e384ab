package io.jnet.netlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import io.jnet.netlink.NoSuchDeviceException;
import io.jnet.netlink.Veth;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Creating, reading and deleting links: veth pairs, bridges, and the kernel's refusals. */
@KernelTest
class LinkCreateIT {
    private static final int EINVAL = 22;
    private static final int ERANGE = 34;
    private static final int EOPNOTSUPP = 95;

    @Test
    void vethPairIsCreatedWithMtuAndMacsAsIpSeesThem(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        MacAddress mac = MacAddress.parse("02:00:00:00:00:0a");
        MacAddress peerMac = MacAddress.parse("02:00:00:00:00:0b");
        Link a = nl.createVeth(Veth.of("va", "vb").withMtu(1400).withMac(mac).withPeerMac(peerMac));

        assertEquals("va", a.name());
        assertTrue(a.isVeth());
        assertEquals(1400, a.mtu());
        assertEquals(mac, a.mac());
        assertFalse(a.isUp());
        Link b = nl.link("vb");
        assertEquals(peerMac, b.mac());
        assertEquals(1400, b.mtu());
        assertEquals(b.index(), a.parentIndex(), "IFLA_LINK of one end is the other end");
        assertEquals(a.index(), b.parentIndex());
        assertEquals(-1, a.linkNetnsId(), "both ends in one namespace");

        JsonObject ip = Ip.link(sb, sb.host(), "va");
        assertEquals(a.index(), ip.get("ifindex").getAsInt());
        assertEquals("vb", ip.get("link").getAsString());
        assertEquals(1400, ip.get("mtu").getAsInt());
        assertEquals("02:00:00:00:00:0a", ip.get("address").getAsString());
        assertEquals("veth", ip.getAsJsonObject("linkinfo").get("info_kind").getAsString());
    }

    @Test
    void linksListsWhatIpListsAndLooksUpByNameAndIndex(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        nl.createVeth(Veth.of("l1", "l2"));
        nl.createBridge(Bridge.of("lbr"));

        List<Link> links = nl.links();
        assertEquals(Ip.linkNames(sb, sb.host()), links.stream().map(Link::name).toList());
        for (Link l : links) {
            assertEquals(l, nl.link(l.name()));
            assertEquals(l.name(), nl.link(l.index()).name());
            JsonObject ip = Ip.link(sb, sb.host(), l.name());
            assertEquals(ip.get("ifindex").getAsInt(), l.index());
            assertEquals(ip.get("mtu").getAsInt(), l.mtu());
            assertEquals(ip.get("operstate").getAsString(), l.operState());
        }
        assertEquals("", nl.link("lo").kind());
        assertTrue(nl.findLink("nothere").isEmpty());
        assertEquals("l1", nl.findLink("l1").orElseThrow().name());
    }

    @Test
    void vethPeerIsCreatedInAnotherNamespace(Sandbox sb) throws Exception {
        NetNs c1 = sb.container("c1");
        Netlink host = sb.netlink(sb.host());
        Link hostEnd = host.createVeth(Veth.of("veth-c1", "eth0").withPeerIn(c1));

        assertTrue(host.findLink("eth0").isEmpty(), "the peer never shows up in the creating namespace");
        assertTrue(hostEnd.linkNetnsId() >= 0, "the peer lies in another namespace");
        Link peer = sb.netlink(c1).link("eth0");
        assertTrue(peer.isVeth());
        assertEquals(peer.index(), hostEnd.parentIndex());
        assertEquals(List.of("lo", "eth0"), Ip.linkNames(sb, c1));
        assertEquals(hostEnd.index(), Ip.link(sb, c1, "eth0").get("link_index").getAsInt());
    }

    @Test
    void refusedVethWithItsPeerElsewhereLeavesNothingOnEitherSide(Sandbox sb) throws Exception {
        NetNs c1 = sb.container("c1");
        Netlink host = sb.netlink(sb.host());
        Netlink cnl = sb.netlink(c1);
        cnl.createBridge(Bridge.of("eth0"));
        host.createBridge(Bridge.of("taken"));

        assertThrows(AlreadyExistsException.class, () -> host.createVeth(Veth.of("fresh", "eth0").withPeerIn(c1)));
        assertThrows(AlreadyExistsException.class, () -> host.createVeth(Veth.of("taken", "eth1").withPeerIn(c1)));

        assertEquals(List.of("lo", "taken"), Ip.linkNames(sb, sb.host()));
        assertEquals(List.of("lo", "eth0"), Ip.linkNames(sb, c1));
    }

    @Test
    void deletingOneVethEndDeletesBoth(Sandbox sb) throws Exception {
        NetNs c1 = sb.container("c1");
        Netlink host = sb.netlink(sb.host());
        Netlink cnl = sb.netlink(c1);
        host.createVeth(Veth.of("d1", "d2"));
        host.createVeth(Veth.of("d3", "eth0").withPeerIn(c1));

        host.deleteLink("d2");
        assertTrue(host.findLink("d1").isEmpty());
        assertTrue(host.findLink("d2").isEmpty());

        cnl.deleteLink(cnl.link("eth0").index());
        assertTrue(host.findLink("d3").isEmpty(), "deleting the end in the container deletes the host end");
        assertEquals(List.of("lo"), Ip.linkNames(sb, sb.host()));
    }

    @Test
    void bridgeIsCreatedWithMtuAndMac(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        MacAddress mac = MacAddress.parse("02:42:ac:11:00:01");
        Link br = nl.createBridge(Bridge.of("br0").withMtu(1450).withMac(mac));

        assertTrue(br.isBridge());
        assertEquals(1450, br.mtu());
        assertEquals(mac, br.mac());
        assertFalse(br.bridge().vlanFiltering());
        JsonObject ip = Ip.link(sb, sb.host(), "br0");
        assertEquals("bridge", ip.getAsJsonObject("linkinfo").get("info_kind").getAsString());
        assertEquals(0, ip.getAsJsonObject("linkinfo").getAsJsonObject("info_data").get("vlan_filtering").getAsInt());
        assertEquals(1450, ip.get("mtu").getAsInt());
    }

    /** Kernels without CONFIG_BRIDGE_VLAN_FILTERING refuse it: then nothing may be left behind. */
    @Test
    void vlanFilteringBridgeEitherWorksOrFailsWithNothingLeft(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        try {
            Link br = nl.createBridge(Bridge.of("brv").withVlanFiltering(true));
            assertTrue(br.bridge().vlanFiltering());
            assertEquals(1, Ip.link(sb, sb.host(), "brv").getAsJsonObject("linkinfo").getAsJsonObject("info_data")
                    .get("vlan_filtering").getAsInt());
        } catch (NetlinkException e) {
            assertEquals(EOPNOTSUPP, e.errno(), e.getMessage());
            assertTrue(nl.findLink("brv").isEmpty(), "a refused bridge is not half made");
            assertEquals(List.of("lo"), Ip.linkNames(sb, sb.host()));
        }
    }

    @Test
    void creatingAnExistingNameFailsWithAlreadyExists(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        nl.createVeth(Veth.of("dup", "dup-peer"));
        nl.createBridge(Bridge.of("brdup"));

        assertThrows(AlreadyExistsException.class, () -> nl.createVeth(Veth.of("dup", "other")));
        assertThrows(AlreadyExistsException.class, () -> nl.createVeth(Veth.of("fresh", "dup-peer")));
        assertThrows(AlreadyExistsException.class, () -> nl.createBridge(Bridge.of("brdup")));
        assertThrows(AlreadyExistsException.class, () -> nl.createBridge(Bridge.of("dup")));
        assertTrue(nl.findLink("fresh").isEmpty(), "a refused veth leaves neither end");
        assertEquals(List.of("lo", "dup-peer", "dup", "brdup").stream().sorted().toList(),
                Ip.linkNames(sb, sb.host()).stream().sorted().toList());
    }

    @Test
    void sixteenByteNameIsOutOfRange(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        NetlinkException e = assertThrows(NetlinkException.class, () -> nl.createVeth(Veth.of("0123456789abcdef", "p")));
        assertEquals(ERANGE, e.errno(), e.getMessage());
        assertEquals("Attribute failed policy validation", e.kernelMessage()); // IFLA_IFNAME is at most 15 bytes
        e = assertThrows(NetlinkException.class, () -> nl.createBridge(Bridge.of("0123456789abcdef")));
        assertEquals(ERANGE, e.errno(), e.getMessage());
        e = assertThrows(NetlinkException.class, () -> nl.createVeth(Veth.of("p", "0123456789abcdef")));
        assertEquals(ERANGE, e.errno(), e.getMessage());
        assertEquals(List.of("lo"), Ip.linkNames(sb, sb.host()));
        // fifteen bytes is the longest name there is
        assertEquals("0123456789abcde", nl.createBridge(Bridge.of("0123456789abcde")).name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "a:b", "a b"})
    void nameWithSlashColonOrSpaceIsInvalid(String name, Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        NetlinkException e = assertThrows(NetlinkException.class, () -> nl.createVeth(Veth.of(name, "p")));
        assertEquals(EINVAL, e.errno(), e.getMessage());
        e = assertThrows(NetlinkException.class, () -> nl.createBridge(Bridge.of(name)));
        assertEquals(EINVAL, e.errno(), e.getMessage());
        assertEquals(List.of("lo"), Ip.linkNames(sb, sb.host()));
    }

    @Test
    void unknownIndexOrNameIsNoSuchDevice(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        int unknown = 999_999;
        assertThrows(NoSuchDeviceException.class, () -> nl.link(unknown));
        assertThrows(NoSuchDeviceException.class, () -> nl.link("nothere"));
        assertThrows(NoSuchDeviceException.class, () -> nl.deleteLink(unknown));
        assertThrows(NoSuchDeviceException.class, () -> nl.deleteLink("nothere"));
        assertThrows(NoSuchDeviceException.class, () -> nl.setUp(unknown));
        assertThrows(NoSuchDeviceException.class, () -> nl.setMtu(unknown, 1400));
        assertThrows(NoSuchDeviceException.class, () -> nl.rename(unknown, "x"));
        NoSuchDeviceException e = assertThrows(NoSuchDeviceException.class, () -> nl.setDown(unknown));
        assertNotEquals(null, e.operation());
        assertTrue(e.getMessage().contains("index " + unknown), e.getMessage());
        assertNull(nl.findLink("nothere").orElse(null));
    }
}
