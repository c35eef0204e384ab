package io.jnet.plugin.portmap;

import io.jnet.explain.Commands;
import io.jnet.explain.Explain;
import io.jnet.netlink.ns.Sysctl;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Lets 127.0.0.1-sourced packets (localhost publishing) leave through the interface that routes to the
 * container: sets {@code net.ipv4.conf.<if>.route_localnet=1} in this process's own network namespace.
 * The route is looked up in /proc/net/route (the main table of this netns) rather than over netlink,
 * which keeps native-library loading out of every ADD (a new JVM per call).
 */
public class LocalnetRouting {
    private static final Path ROUTES = Path.of("/proc/net/route");
    private static final int RTF_UP = 0x1;
    private static final int RTF_REJECT = 0x200;

    /** Enables route_localnet on the interface routing to {@code container}; returns its name, or null when none routes. */
    public String enableFor(InetAddress container) throws IOException {
        String ifname = routingInterface(Files.readAllLines(ROUTES, StandardCharsets.US_ASCII), container);
        if (ifname == null) {
            return null;
        }
        String key = Sysctl.interfaceKey("ipv4", ifname, "route_localnet");
        Path file = Sysctl.pathOf(key);
        if (!Files.readString(file, StandardCharsets.US_ASCII).trim().equals("1")) {
            Files.writeString(file, "1", StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            if (Explain.current().active()) {
                Explain.current().command(Commands.sysctl(null, key, "1"));
            }
        }
        return ifname;
    }

    /**
     * The interface of the longest-prefix (then lowest-metric) route to {@code address} among the lines of
     * /proc/net/route, whose addresses are hex words in host byte order; null when no route matches.
     */
    static String routingInterface(List<String> procNetRoute, InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            return null;
        }
        int target = ByteBuffer.wrap(address.getAddress()).getInt();
        String best = null;
        int bestLen = -1;
        long bestMetric = Long.MAX_VALUE;
        for (String line : procNetRoute.subList(Math.min(1, procNetRoute.size()), procNetRoute.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8) {
                continue;
            }
            int flags = Integer.parseInt(f[3], 16);
            if ((flags & RTF_UP) == 0 || (flags & RTF_REJECT) != 0) {
                continue;
            }
            int dst = networkOrder(f[1]);
            int mask = networkOrder(f[7]);
            int len = Integer.bitCount(mask);
            long metric = Long.parseLong(f[6]);
            if ((target & mask) == (dst & mask) && (len > bestLen || len == bestLen && metric < bestMetric)) {
                best = f[0];
                bestLen = len;
                bestMetric = metric;
            }
        }
        return best;
    }

    /** A /proc/net/route hex word (the kernel's u32 in host order) as an address in network order. */
    private static int networkOrder(String hex) {
        int raw = (int) Long.parseLong(hex, 16);
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? Integer.reverseBytes(raw) : raw;
    }
}
