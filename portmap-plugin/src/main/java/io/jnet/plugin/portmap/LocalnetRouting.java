package io.jnet.plugin.portmap;

import io.jnet.netlink.IpPrefix;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.Route;
import io.jnet.netlink.ns.Sysctl;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Lets 127.0.0.1-sourced packets (localhost publishing) leave through the interface that routes to the
 * container: sets {@code net.ipv4.conf.<if>.route_localnet=1} in this process's own network namespace.
 */
public class LocalnetRouting {

    /** Enables route_localnet on the interface routing to {@code container}; returns its name, or null when none routes. */
    public String enableFor(InetAddress container) throws IOException {
        String ifname = routingInterface(container);
        if (ifname == null) {
            return null;
        }
        Path file = Sysctl.pathOf(Sysctl.interfaceKey("ipv4", ifname, "route_localnet"));
        if (!Files.readString(file, StandardCharsets.US_ASCII).trim().equals("1")) {
            Files.writeString(file, "1", StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        }
        return ifname;
    }

    /** The output interface of the longest-prefix route of the main table to {@code address}, or null. */
    static String routingInterface(InetAddress address) throws NetlinkException {
        try (Netlink nl = Netlink.open()) {
            Route best = null;
            for (Route r : nl.routes(2)) {
                IpPrefix dst = r.dst() == null ? new IpPrefix(InetAddress.getByAddress(new byte[4]), 0) : r.dst();
                if (r.oif() > 0 && r.type() == Route.TYPE_UNICAST && dst.contains(address)
                        && (best == null || dst.length() > bestLength(best)
                            || dst.length() == bestLength(best) && r.metric() < best.metric())) {
                    best = r;
                }
            }
            if (best == null) {
                return null;
            }
            Link link = nl.link(best.oif());
            return link.name();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int bestLength(Route r) {
        return r.dst() == null ? 0 : r.dst().length();
    }
}
