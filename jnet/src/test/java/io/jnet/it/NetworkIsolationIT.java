package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.netlink.Addr;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.Route;
import io.jnet.netlink.Veth;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Networks that behave like Docker's, on a host whose FORWARD policy is DROP: a network's namespaces talk
 * and reach the outside; two networks only meet through published ports; an internal network stays inside;
 * --no-isolation opts out; --net none keeps loopback only; one namespace on two networks. Nothing of the
 * firewall or the attachments stays after detaching.
 */
@KernelTest
class NetworkIsolationIT {
    private static final String UPLINK = "198.51.100.1";
    private static final String OUTSIDE = "198.51.100.2";

    @Test
    void networksOnALockedDownHost(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        NetNs host = sb.host();
        NetNs outside = outside(sb, host);
        sb.exec(host, "iptables", "-P", "FORWARD", "DROP").assertOk();
        String filterBefore = filter(sb);

        cli.run("net", "create", "a", "--subnet", "10.81.0.0/24").ok();
        cli.run("net", "create", "b", "--subnet", "10.82.0.0/24").ok();
        cli.run("net", "create", "i", "--subnet", "10.83.0.0/24", "--internal").ok();
        cli.run("net", "create", "o", "--subnet", "10.84.0.0/24", "--no-isolation").ok();
        for (String n : new String[] {"a1", "a2", "b1", "i1", "i2", "o1", "none1"}) {
            cli.run("netns", "add", n).ok();
        }
        cli.run("attach", "a1", "--net", "a", "--ip", "10.81.0.2").ok();
        cli.run("attach", "a2", "--net", "a", "--ip", "10.81.0.3").ok();
        cli.run("attach", "b1", "--net", "b", "--ip", "10.82.0.2", "-p", "8080:80", "-p", "8053:53/udp").ok();
        cli.run("attach", "i1", "--net", "i", "--ip", "10.83.0.2").ok();
        cli.run("attach", "i2", "--net", "i", "--ip", "10.83.0.3").ok();
        cli.run("attach", "o1", "--net", "o", "--ip", "10.84.0.2").ok();
        NetNs a1 = NetNs.named(cli.ns("a1"));
        NetNs b1 = NetNs.named(cli.ns("b1"));
        NetNs i1 = NetNs.named(cli.ns("i1"));
        NetNs o1 = NetNs.named(cli.ns("o1"));
        try {
            sb.tcpServer(a1, "0.0.0.0", 80, "a1 here");
            sb.tcpServer(b1, "0.0.0.0", 80, "b1 here");
            sb.udpServer(b1, "0.0.0.0", 53, "b1 udp");

            // one network: its namespaces talk, and reach the outside through masquerade
            assertTrue(ping(sb, a1, "10.81.0.3"));
            assertTrue(ping(sb, a1, OUTSIDE));
            // published ports answer the outside, through the host address
            assertEquals(Optional.of("b1 here"), sb.tcpRequest(outside, UPLINK, 8080, 3000));
            assertEquals(Optional.of("b1 udp"), sb.udpRequest(outside, UPLINK, 8053, 3000));

            // isolated networks: no ping, no TCP, either way ...
            assertFalse(ping(sb, a1, "10.82.0.2"));
            assertFalse(ping(sb, b1, "10.81.0.2"));
            assertEquals(Optional.empty(), sb.tcpRequest(a1, "10.82.0.2", 80, 1000));
            assertEquals(Optional.empty(), sb.tcpRequest(b1, "10.81.0.2", 80, 1000));
            // ... but published ports stay reachable through the host address, as on Docker
            assertEquals(Optional.of("b1 here"), sb.tcpRequest(a1, UPLINK, 8080, 3000));
            assertEquals(Optional.of("b1 udp"), sb.udpRequest(a1, UPLINK, 8053, 3000));

            // internal: the neighbour yes, the outside no (either way)
            assertTrue(ping(sb, i1, "10.83.0.3"));
            assertFalse(ping(sb, i1, OUTSIDE));
            assertFalse(ping(sb, outside, "10.83.0.2"));
            assertFalse(ping(sb, a1, "10.83.0.2"));

            // a network without isolation is reachable from the others, but isolated ones still refuse it
            assertTrue(ping(sb, a1, "10.84.0.2"));
            assertFalse(ping(sb, o1, "10.81.0.2"));
            assertFalse(ping(sb, o1, "10.82.0.2"));
        } finally {
            a1.close();
            b1.close();
            i1.close();
            o1.close();
        }

        // --net none: loopback up, nothing else
        cli.run("attach", "none1", "--net", "none").ok();
        String links = sb.execHere("ip", "-n", cli.ns("none1"), "-o", "link").assertOk().stdout();
        assertEquals(1, links.lines().count(), links);
        assertTrue(links.contains("lo:") && links.contains("UP"), links);
        sb.execHere("ip", "netns", "exec", cli.ns("none1"), "ping", "-c", "1", "-W", "1", "127.0.0.1").assertOk();

        // one namespace on two networks, detached from one without touching the other
        cli.run("attach", "a1", "--net", "b", "--ifname", "eth1", "--ip", "10.82.0.9").ok();
        NetNs a1again = NetNs.named(cli.ns("a1"));
        try {
            assertTrue(ping(sb, a1again, "10.82.0.2"), "a1 is on network b too now");
            cli.run("detach", "a1", "--net", "b").ok();
            assertFalse(ping(sb, a1again, "10.82.0.2"));
            assertTrue(ping(sb, a1again, "10.81.0.3"));
        } finally {
            a1again.close();
        }

        for (String n : new String[] {"a1", "a2", "b1", "i1", "i2", "o1"}) {
            cli.run("detach", n).ok();
        }
        assertEquals(strip(filterBefore), strip(filter(sb)), "detaching everything leaves the filter table as it was");
        String nat = sb.exec(host, "iptables-save", "-t", "nat").assertOk().stdout();
        assertFalse(nat.contains("CNI-DN-") || nat.matches("(?s).*:CNI-[0-9a-f]{24}.*") || nat.contains("id: \\\""), nat);
        for (String n : new String[] {"a1", "a2", "b1", "i1", "i2", "o1", "none1"}) {
            cli.run("netns", "del", n).ok();
        }
    }

    /** An "outside" namespace behind the host's uplink, with a route back to every test subnet. */
    private static NetNs outside(Sandbox sb, NetNs host) throws Exception {
        NetNs outside = sb.container("outside");
        Netlink hostNl = sb.netlink(host);
        Link up = hostNl.createVeth(Veth.of("uplink", "eth0").withPeerIn(outside));
        hostNl.addAddress(Addr.of(up.index(), UPLINK + "/24"));
        hostNl.setUp(up.index());
        Netlink out = sb.netlink(outside);
        Link eth0 = out.link("eth0");
        out.addAddress(Addr.of(eth0.index(), OUTSIDE + "/24"));
        out.setUp(eth0.index());
        out.addRoute(Route.builder().dst("10.80.0.0/12").gateway(UPLINK).oif(eth0.index()).build());
        return outside;
    }

    private static boolean ping(Sandbox sb, NetNs from, String to) {
        return sb.exec(from, "ping", "-c", "1", "-W", "1", to).ok();
    }

    private static String filter(Sandbox sb) {
        return sb.exec(sb.host(), "iptables-save", "-t", "filter").assertOk().stdout();
    }

    private static String strip(String save) {
        return save.replaceAll("(?m)^#.*\n", "").replaceAll("\\[\\d+:\\d+\\]", "");
    }
}
