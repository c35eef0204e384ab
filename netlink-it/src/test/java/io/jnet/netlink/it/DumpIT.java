package io.jnet.netlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jnet.netlink.Addr;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.Route;
import io.jnet.netlink.Veth;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Dumps far larger than one receive buffer: every multipart reply is read, nothing twice. */
@KernelTest
class DumpIT {
    private static final int PAIRS = 150;

    @Test
    void manyLinksAddressesAndRoutesAreAllListed(Sandbox sb) throws Exception {
        Netlink nl = sb.netlink(sb.host());
        for (int i = 0; i < PAIRS; i++) {
            nl.createVeth(Veth.of("da" + i, "db" + i));
        }
        int dev = nl.link("da0").index();
        nl.setUp(dev);
        nl.setUp(nl.link("db0").index());
        for (int i = 0; i < 300; i++) {
            nl.addAddress(Addr.of(dev, "10." + (100 + i / 250) + "." + (i % 250) + ".1/32"));
        }
        nl.addAddress(Addr.of(dev, "10.70.0.1/24"));
        for (int i = 0; i < 300; i++) {
            nl.addRoute(Route.builder().dst("172.16." + i / 250 + "." + (i % 250) + "/32").gateway("10.70.0.2").build());
        }

        List<Link> links = nl.links();
        assertEquals(1 + 2 * PAIRS, links.size());
        assertEquals(links.size(), new HashSet<>(links.stream().map(Link::index).toList()).size(), "no duplicates");
        assertEquals(Ip.linkNames(sb, sb.host()), links.stream().map(Link::name).toList());

        List<Addr> addrs = nl.addresses(2, dev);
        assertEquals(301, addrs.size());
        assertEquals(Set.copyOf(Ip.addresses(sb, sb.host(), "inet", "da0")),
                Set.copyOf(addrs.stream().map(a -> a.prefix().toString()).toList()));

        long hostRoutes = nl.routes(2).stream().filter(r -> !r.isDefault() && r.dst().length() == 32
                && r.dst().toString().startsWith("172.16.")).count();
        assertEquals(300, hostRoutes);
        assertEquals(Ip.json(sb, sb.host(), "-4", "route", "show").size(), nl.routes(2).size());
    }
}
