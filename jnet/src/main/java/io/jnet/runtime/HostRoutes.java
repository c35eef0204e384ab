package io.jnet.runtime;

import io.jnet.inet.IpPrefix;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.Route;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The host's routes (the namespace jnet runs in), to keep new networks off subnets already in use. */
public final class HostRoutes {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    /** One route: its destination and the interface it leaves by. */
    public record Entry(IpPrefix dst, String device) {}

    private final List<Entry> routes;

    private HostRoutes(List<Entry> routes) {
        this.routes = routes;
    }

    /** Reads the main table of the current namespace (an empty view when netlink is unavailable). */
    public static HostRoutes read() {
        List<Entry> out = new ArrayList<>();
        try (Netlink nl = Netlink.open()) {
            Map<Integer, String> names = new HashMap<>();
            for (Link l : nl.links()) {
                names.put(l.index(), l.name());
            }
            for (int af : new int[] {AF_INET, AF_INET6}) {
                for (Route r : nl.routes(af)) {
                    if (!r.isDefault() && r.table() == Route.TABLE_MAIN) {
                        out.add(new Entry(r.dst(), names.getOrDefault(r.oif(), "?")));
                    }
                }
            }
        } catch (NetlinkException e) {
            return new HostRoutes(List.of());
        }
        return new HostRoutes(out);
    }

    /** A test view. */
    public static HostRoutes of(List<Entry> routes) {
        return new HostRoutes(List.copyOf(routes));
    }

    /** The first route overlapping {@code net} that does not leave by {@code ownBridge} (our own network's). */
    public Optional<Entry> conflict(IpPrefix net, String ownBridge) {
        for (Entry e : routes) {
            if (!e.device().equals(ownBridge) && Subnets.overlap(e.dst(), net)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
