package io.jnet.netlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.netlink.Addr;
import io.jnet.netlink.Bridge;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.NoSuchDeviceException;
import io.jnet.netlink.Veth;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Moving links between namespaces ({@code ip link set dev X netns NS}). */
@KernelTest
class LinkMoveIT {

    @Test
    void movedLinkArrivesDownWithItsAddressesFlushed(Sandbox sb) throws Exception {
        NetNs c1 = sb.container("c1");
        Netlink host = sb.netlink(sb.host());
        Netlink cnl = sb.netlink(c1);
        Link a = host.createVeth(Veth.of("mv0", "mv1").withMtu(1400));
        host.addAddress(Addr.of(a.index(), "10.50.0.1/24"));
        host.addAddress(Addr.of(a.index(), "fd50::1/64").withFlags(Addr.NODAD));
        host.setUp(a.index());
        host.setUp(host.link("mv1").index());
        assertEquals(2, host.addresses(0, a.index()).stream().filter(x -> x.scope() == Addr.SCOPE_GLOBAL).count());

        host.moveToNetns(a.index(), c1);

        assertTrue(host.findLink("mv0").isEmpty(), "gone from the source namespace");
        Link moved = cnl.link("mv0");
        assertFalse(moved.isUp(), "a moved link arrives down");
        assertEquals(1400, moved.mtu(), "and keeps its mtu");
        assertTrue(moved.linkNetnsId() >= 0, "its peer now lies in another namespace");
        assertEquals(List.of(), cnl.addresses(0, moved.index()), "and its addresses are flushed");
        assertEquals(List.of(), Ip.addresses(sb, c1, "inet", "mv0"));
        assertEquals(List.of(), Ip.addresses(sb, c1, "inet6", "mv0"));
        assertEquals(List.of("lo", "mv0"), Ip.linkNames(sb, c1));
        assertFalse(host.link("mv1").hasCarrier(), "the peer left behind loses its carrier");
    }

    @Test
    void linkCanBeMovedBackAndForth(Sandbox sb) throws Exception {
        NetNs c1 = sb.container("c1");
        Netlink host = sb.netlink(sb.host());
        Netlink cnl = sb.netlink(c1);
        host.createVeth(Veth.of("bf0", "bf1"));
        host.moveToNetns(host.link("bf0").index(), c1);
        cnl.moveToNetns(cnl.link("bf0").index(), sb.host());
        assertEquals(-1, host.link("bf0").linkNetnsId(), "both ends together again");
        assertTrue(cnl.findLink("bf0").isEmpty());
    }

    @Test
    void bridgeCannotChangeNamespace(Sandbox sb) throws Exception {
        NetNs c1 = sb.container("c1");
        Netlink host = sb.netlink(sb.host());
        Link br = host.createBridge(Bridge.of("br0"));
        NetlinkException e = assertThrows(NetlinkException.class, () -> host.moveToNetns(br.index(), c1));
        assertEquals(22, e.errno(), e.getMessage());
        assertEquals("The interface netns is immutable", e.kernelMessage());
        assertEquals(br.index(), host.link("br0").index(), "still where it was");
        assertEquals(List.of("lo"), Ip.linkNames(sb, c1));
    }

    @Test
    void movingAnUnknownIndexIsNoSuchDevice(Sandbox sb) throws Exception {
        Netlink host = sb.netlink(sb.host());
        assertThrows(NoSuchDeviceException.class, () -> host.moveToNetns(999_999, sb.container("c1")));
    }
}
