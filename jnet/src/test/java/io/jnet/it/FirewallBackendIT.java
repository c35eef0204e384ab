package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.netlink.Addr;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.Route;
import io.jnet.netlink.Veth;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code jnet net create --firewall-backend}: networks on nftables attach, publish, isolate and stay internal as
 * on iptables, with nothing in iptables; {@code net inspect} shows the backend; {@code auto} picks nftables on an
 * nft-variant host without legacy rules, and iptables once iptables' FORWARD policy drops.
 */
@KernelTest
class FirewallBackendIT {
    private static final String UPLINK = "198.51.100.1";
    private static final String OUTSIDE = "198.51.100.2";

    @Test
    void networksOnNftablesBehaveAsOnIptables(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        NetNs outside = outside(sb, sb.host());
        cli.run("net", "create", "a", "--subnet", "10.81.0.0/24", "--firewall-backend", "nftables").ok();
        cli.run("net", "create", "b", "--subnet", "10.82.0.0/24", "--firewall-backend", "nftables").ok();
        cli.run("net", "create", "i", "--subnet", "10.83.0.0/24", "--internal", "--firewall-backend", "nftables").ok();
        assertTrue(cli.run("net", "inspect", "a").ok().stdout().contains("firewall   nftables"));
        JsonObject conf = JsonParser.parseString(Files.readString(cli.configDir.resolve("a.conflist"))).getAsJsonObject();
        assertEquals("nftables", conf.getAsJsonArray("plugins").get(0).getAsJsonObject().get("ipMasqBackend").getAsString());
        assertEquals("nftables", conf.getAsJsonArray("plugins").get(1).getAsJsonObject().get("backend").getAsString());
        assertEquals("nftables", conf.getAsJsonArray("plugins").get(2).getAsJsonObject().get("backend").getAsString());

        for (String n : new String[] {"a1", "a2", "b1", "i1", "i2"}) {
            cli.run("netns", "add", n).ok();
        }
        cli.run("attach", "a1", "--net", "a", "--ip", "10.81.0.2").ok();
        cli.run("attach", "a2", "--net", "a", "--ip", "10.81.0.3").ok();
        cli.run("attach", "b1", "--net", "b", "--ip", "10.82.0.2", "-p", "8080:80", "-p", "8053:53/udp").ok();
        cli.run("attach", "i1", "--net", "i", "--ip", "10.83.0.2").ok();
        cli.run("attach", "i2", "--net", "i", "--ip", "10.83.0.3").ok();
        try (NetNs a1 = NetNs.named(cli.ns("a1")); NetNs b1 = NetNs.named(cli.ns("b1")); NetNs i1 = NetNs.named(cli.ns("i1"))) {
            sb.tcpServer(b1, "0.0.0.0", 80, "b1 here");
            sb.udpServer(b1, "0.0.0.0", 53, "b1 udp");
            assertTrue(ping(sb, a1, "10.81.0.3"));
            assertTrue(ping(sb, a1, OUTSIDE), "masquerade to the outside");
            assertEquals(Optional.of("b1 here"), sb.tcpRequest(outside, UPLINK, 8080, 3000));
            assertEquals(Optional.of("b1 udp"), sb.udpRequest(outside, UPLINK, 8053, 3000));
            assertEquals(Optional.of("b1 here"), sb.tcpRequest(sb.host(), "127.0.0.1", 8080, 3000));
            assertFalse(ping(sb, a1, "10.82.0.2"), "isolated networks");
            assertFalse(ping(sb, b1, "10.81.0.2"));
            assertEquals(Optional.of("b1 here"), sb.tcpRequest(a1, UPLINK, 8080, 3000), "published ports across networks");
            assertTrue(ping(sb, i1, "10.83.0.3"));
            assertFalse(ping(sb, i1, OUTSIDE), "internal");
        }
        String iptables = sb.exec(sb.host(), "iptables-save").assertOk().stdout();
        assertFalse(iptables.contains("CNI-") || iptables.contains("jnet"), iptables);
        for (String n : new String[] {"a1", "a2", "b1", "i1", "i2"}) {
            cli.run("detach", n).ok();
            cli.run("netns", "del", n).ok();
        }
        assertEquals("", sb.exec(sb.host(), "nft", "list", "ruleset").assertOk().stdout().strip(),
                "every nftables object went with its last user");
    }

    @Test
    void autoPicksNftablesUnlessIptablesDropsForwarding(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        cli.run("net", "create", "x", "--subnet", "10.86.0.0/24", "--firewall-backend", "auto").ok();
        assertTrue(cli.run("net", "inspect", "x").ok().stdout().contains("firewall   nftables"),
                "iptables here is the nft variant and holds no legacy rule");
        sb.exec(sb.host(), "iptables", "-P", "FORWARD", "DROP").assertOk();
        cli.run("net", "create", "y", "--subnet", "10.87.0.0/24", "--firewall-backend", "auto").ok();
        assertTrue(cli.run("--json", "net", "inspect", "y").ok().stdout().contains("\"firewallBackend\": \"iptables\""),
                "only iptables rules can let traffic past iptables' own DROP");
        cli.run("net", "create", "z", "--subnet", "10.88.0.0/24").ok();
        assertTrue(cli.run("net", "inspect", "z").ok().stdout().contains("firewall   default"));
        CliProcess.Result bad = cli.run("net", "create", "w", "--subnet", "10.89.0.0/24", "--firewall-backend", "pf").assertExit(2);
        assertTrue(bad.stderr().startsWith("jnet: unknown firewall backend 'pf' (hint: "), bad.stderr());
        assertEquals("", bad.stdout());
        assertFalse(Files.exists(cli.configDir.resolve("w.conflist")), "a refused create writes nothing");
    }

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
}
