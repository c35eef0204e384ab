package io.jnet.plugin.portmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jnet.inet.IpPrefix;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalnetRoutingTest {
    /** /proc/net/route as this host prints it: default via eth0, 10.88/16 on cni0, 10.88.5/24 on br5, one route down. */
    private static final List<String> ROUTES = List.of(
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
            line("eth0", 0x00000000, 3, 0x00000000),
            line("cni0", 0x0A580000, 1, 0xFFFF0000),
            line("br5", 0x0A580500, 1, 0xFFFFFF00),
            line("down0", 0x0A580600, 0, 0xFFFFFF00));

    /** A line with {@code dst} and {@code mask} (network order) printed in host byte order, as the kernel does. */
    private static String line(String ifname, int dst, int flags, int mask) {
        boolean le = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        return String.format("%s\t%08X\t00000000\t%04X\t0\t0\t0\t%08X\t0\t0\t0", ifname,
                le ? Integer.reverseBytes(dst) : dst, flags, le ? Integer.reverseBytes(mask) : mask);
    }

    @Test
    void longestPrefixWins() {
        assertEquals("cni0", LocalnetRouting.routingInterface(ROUTES, IpPrefix.literal("10.88.0.5")));
        assertEquals("br5", LocalnetRouting.routingInterface(ROUTES, IpPrefix.literal("10.88.5.9")));
        assertEquals("cni0", LocalnetRouting.routingInterface(ROUTES, IpPrefix.literal("10.88.6.9")), "a route not up is skipped");
        assertEquals("eth0", LocalnetRouting.routingInterface(ROUTES, IpPrefix.literal("192.0.2.1")));
        assertNull(LocalnetRouting.routingInterface(ROUTES.subList(0, 1), IpPrefix.literal("192.0.2.1")));
        assertNull(LocalnetRouting.routingInterface(ROUTES, IpPrefix.literal("fd00::1")));
    }
}
