package io.jnet.plugin.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.ExecResult;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The firewall plugin with {@code "backend": "nftables"}: isolation between networks (published ports excepted),
 * open and internal networks, CHECK, DEL without prevResult and GC, on real traffic; nothing in iptables.
 */
@KernelTest
class FirewallNftablesIT {
    private static final String ISOLATED = ",\"ingressPolicy\":\"same-bridge\"";

    @Test
    void isolatedNetworksOnlyMeetThroughPublishedPorts(Sandbox sb) throws Exception {
        Topology t = new Topology(sb, "nftables");
        t.bridge("br-a", 1);
        t.bridge("br-b", 2);
        NetNs a = t.container("a1", "br-a", 1, 2);
        NetNs b = t.container("b1", "br-b", 2, 2);
        assertTrue(t.ping(a, "10.77.2.2"), "nothing is isolated before the plugin runs");
        t.add("net-a", ISOLATED, "a1");
        t.add("net-b", ISOLATED, "b1");
        sb.tcpServer(a, "0.0.0.0", 80, "a1 here");
        sb.tcpServer(b, "0.0.0.0", 80, "b1 here");

        assertFalse(t.ping(a, "10.77.2.2"));
        assertFalse(t.ping(b, "10.77.1.2"));
        assertEquals(Optional.empty(), sb.tcpRequest(a, "10.77.2.2", 80, 1000));
        assertEquals(Optional.empty(), sb.tcpRequest(b, "10.77.1.2", 80, 1000));
        assertTrue(t.ping(a, Topology.OUTSIDE));
        assertTrue(t.ping(b, Topology.OUTSIDE));
        assertEquals(Optional.of("a1 here"), sb.tcpRequest(t.outside(), "10.77.1.2", 80, 2000),
                "from outside (a host routed through this one), as without the plugin");

        // a published port, as portmap makes it: reachable from the other network through the host address
        sb.exec(t.host, "nft", "add table ip pub; add chain ip pub pre { type nat hook prerouting priority -100; };"
                + " add rule ip pub pre ip daddr " + Topology.HOST_UPLINK + " tcp dport 8081 dnat to 10.77.2.2:80").assertOk();
        assertEquals(Optional.of("b1 here"), sb.tcpRequest(a, Topology.HOST_UPLINK, 8081, 2000),
                "published ports of another network stay reachable through the host address");

        t.run("CHECK", "a1", t.config("net-a", ISOLATED, "a1")).assertOk();
        assertTrue(t.filterTable().lines().noneMatch(l -> l.contains("CNI") || l.contains("jnet")), "nothing in iptables");
        sb.exec(t.host, "nft", "delete", "element", "inet", "jnet_firewall", "c4", "{ 10.77.1.2 }").assertOk();
        ExecResult check = t.run("CHECK", "a1", t.config("net-a", ISOLATED, "a1")).assertFailed();
        assertTrue(check.stdout().contains("c4 does not send 10.77.1.2"), check.stdout());

        t.run("DEL", "a1", t.config("net-a", ISOLATED, null)).assertOk(); // no prevResult
        assertTrue(t.ping(a, "10.77.2.2"), "net-a's isolation went with its last container");
        t.run("DEL", "b1", t.config("net-b", ISOLATED, "b1")).assertOk();
        t.run("DEL", "b1", t.config("net-b", ISOLATED, "b1")).assertOk(); // twice
        assertNoJnetTable(t);
    }

    @Test
    void openNetworksReachEachOtherAndStayOutOfIsolatedOnes(Sandbox sb) throws Exception {
        Topology t = new Topology(sb, "nftables");
        t.bridge("br-a", 1);
        t.bridge("br-b", 2);
        t.bridge("br-c", 4);
        NetNs a = t.container("a1", "br-a", 1, 2);
        NetNs b = t.container("b1", "br-b", 2, 2);
        t.container("c1", "br-c", 4, 2);
        t.add("net-a", "", "a1");
        t.add("net-b", "", "b1");
        t.add("net-c", ISOLATED, "c1");
        assertTrue(t.ping(a, "10.77.2.2"), "a network that opts out of isolation is reachable");
        assertTrue(t.ping(b, "10.77.1.2"));
        assertFalse(t.ping(a, "10.77.4.2"), "an open network's containers do not slip into an isolated one");
        t.run("DEL", "a1", t.config("net-a", "", "a1")).assertOk();
        t.run("DEL", "b1", t.config("net-b", "", "b1")).assertOk();
        t.run("DEL", "c1", t.config("net-c", ISOLATED, "c1")).assertOk();
        assertNoJnetTable(t);
    }

    @Test
    void internalNetworkReachesOnlyItsNeighbours(Sandbox sb) throws Exception {
        Topology t = new Topology(sb, "nftables");
        t.bridge("br-i", 3);
        NetNs i1 = t.container("i1", "br-i", 3, 2);
        t.container("i2", "br-i", 3, 3);
        assertTrue(t.ping(i1, Topology.OUTSIDE), "reachable before the plugin runs");
        String internal = ",\"internal\":true";
        t.add("net-i", internal, "i1");
        t.add("net-i", internal, "i2");
        assertTrue(t.ping(i1, "10.77.3.3"));
        assertFalse(t.ping(i1, Topology.OUTSIDE));
        assertFalse(t.ping(t.outside(), "10.77.3.2"));
        t.run("DEL", "i1", t.config("net-i", internal, "i1")).assertOk();
        t.run("DEL", "i2", t.config("net-i", internal, "i2")).assertOk();
        assertNoJnetTable(t);
        assertTrue(t.ping(i1, Topology.OUTSIDE), "nothing of the internal network is left");
    }

    @Test
    void gcRemovesRulesOfAttachmentsThatAreNotValid(Sandbox sb) throws Exception {
        Topology t = new Topology(sb, "nftables");
        t.bridge("br-a", 1);
        t.container("c1", "br-a", 1, 2);
        t.container("c2", "br-a", 1, 3);
        t.add("net-a", ISOLATED, "c1");
        t.add("net-a", ISOLATED, "c2");
        String gc = "{\"cniVersion\":\"1.1.0\",\"name\":\"net-a\",\"type\":\"firewall\",\"backend\":\"nftables\"" + ISOLATED
                + ",\"cni.dev/valid-attachments\":[{\"containerID\":\"c2\",\"ifname\":\"eth0\"}]}";
        t.run("GC", "", gc).assertOk();
        String ruleset = t.nftRuleset();
        assertFalse(ruleset.contains("id=c1"), ruleset);
        assertTrue(ruleset.contains("id=c2"), ruleset);
        assertTrue(ruleset.contains("network net-a"), "the network's rules stay while it has a container: " + ruleset);
        t.run("GC", "", gc.replace("{\"containerID\":\"c2\",\"ifname\":\"eth0\"}", "")).assertOk();
        assertNoJnetTable(t);
    }

    private static void assertNoJnetTable(Topology t) {
        String ruleset = t.nftRuleset();
        assertFalse(ruleset.contains("jnet"), "left in nftables:\n" + ruleset);
    }
}
