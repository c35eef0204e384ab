package io.jnet.netlink;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** errno values (asm-generic/errno-base.h, errno.h) mapped to the subclasses callers catch. */
class NetlinkExceptionTest {

    @Test
    void eexistIsAlreadyExists() {
        NetlinkException e = NetlinkException.of(17, "ip link add v0 type veth", null);
        assertInstanceOf(AlreadyExistsException.class, e);
        assertEquals(17, e.errno());
    }

    @Test
    void enodevIsNoSuchDeviceWhichIsANotFound() {
        NetlinkException e = NetlinkException.of(19, "ip link show dev nope0", null);
        assertInstanceOf(NoSuchDeviceException.class, e);
        assertInstanceOf(NotFoundException.class, e);
        assertEquals(19, e.errno());
    }

    @Test
    void enoentEsrchAndEaddrnotavailAreNotFound() {
        for (int errno : new int[]{2, 3, 99}) {
            NetlinkException e = NetlinkException.of(errno, "ip route del", null);
            assertSame(NotFoundException.class, e.getClass(), "errno " + errno);
            assertEquals(errno, e.errno());
        }
    }

    @Test
    void otherErrnosArePlainNetlinkExceptions() {
        for (int errno : new int[]{1, 13, 16, 22, 95, 105}) {
            NetlinkException e = NetlinkException.of(errno, "op", null);
            assertSame(NetlinkException.class, e.getClass(), "errno " + errno);
            assertEquals(errno, e.errno());
        }
    }

    @Test
    void messageNamesTheOperationTheErrnoAndTheKernelsText() {
        NetlinkException e = NetlinkException.of(22, "ip link set index 2 mtu 10", "mtu less than device minimum");
        assertEquals("ip link set index 2 mtu 10", e.operation());
        assertEquals("mtu less than device minimum", e.kernelMessage());
        assertEquals("ip link set index 2 mtu 10: Invalid argument (errno 22): mtu less than device minimum", e.getMessage());
    }

    @Test
    void messageWithoutKernelText() {
        NetlinkException e = NetlinkException.of(17, "ip addr add 10.0.0.1/24 dev index 3", null);
        assertNull(e.kernelMessage());
        assertEquals("ip addr add 10.0.0.1/24 dev index 3: File exists (errno 17)", e.getMessage());
        assertTrue(NetlinkException.of(17, "x", "").getMessage().endsWith("(errno 17)"), "empty text adds nothing");
    }
}
