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

@KernelTest
class FirewallPluginIT {
    private static final String ISOLATED = ",\"ingressPolicy\":\"same-bridge\"";

    @Test
    void containersTalkAndReachOutsideAndPublishedPortsOnAHostThatDropsForwarding(Sandbox sb) throws Exception {
        Topology t = new Topology(sb);
        t.bridge("br-a", 1);
        NetNs c1 = t.container("c1", "br-a", 1, 2);
        NetNs c2 = t.container("c2", "br-a", 1, 3);
        assertFalse(t.ping(c1, "10.77.1.3"), "FORWARD DROP should stop bridged traffic before the plugin runs");
        assertFalse(t.ping(c1, Topology.OUTSIDE));

        t.add("net-a", "", "c1");
        t.add("net-a", "", "c2");
        assertTrue(t.ping(c1, "10.77.1.3"));
        assertTrue(t.ping(c2, "10.77.1.2"));
        assertTrue(t.ping(c1, Topology.OUTSIDE));

        // a published port, as portmap would make it: the outside reaches c2 through the host address
        sb.tcpServer(c2, "0.0.0.0", 80, "c2 here");
        sb.exec(t.host, "iptables", "-t", "nat", "-A", "PREROUTING", "-d", Topology.HOST_UPLINK, "-p", "tcp", "--dport", "8080",
                "-j", "DNAT", "--to-destination", "10.77.1.3:80").assertOk();
        assertEquals(Optional.of("c2 here"), sb.tcpRequest(t.outside(), Topology.HOST_UPLINK, 8080, 2000));
        assertEquals(Optional.empty(), sb.tcpRequest(t.outside(), "10.77.1.3", 80, 1000),
                "without DNAT the outside must not open connections to a container");

        t.run("CHECK", "c1", t.config("net-a", "", "c1")).assertOk();
        t.run("DEL", "c1", t.config("net-a", "", "c1")).assertOk();
        assertFalse(t.ping(c1, Topology.OUTSIDE));
        t.run("CHECK", "c2", t.config("net-a", "", "c2")).assertOk();
        t.run("DEL", "c2", t.config("net-a", "", null)).assertOk(); // no prevResult: found by its comment
        assertNoJnetRules(t);
    }

    @Test
    void isolatedNetworksOnlyMeetThroughPublishedPorts(Sandbox sb) throws Exception {
        Topology t = new Topology(sb);
        t.bridge("br-a", 1);
        t.bridge("br-b", 2);
        NetNs a = t.container("a1", "br-a", 1, 2);
        NetNs b = t.container("b1", "br-b", 2, 2);
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

        sb.exec(t.host, "iptables", "-t", "nat", "-A", "PREROUTING", "-d", Topology.HOST_UPLINK, "-p", "tcp", "--dport", "8081",
                "-j", "DNAT", "--to-destination", "10.77.2.2:80").assertOk();
        assertEquals(Optional.of("b1 here"), sb.tcpRequest(a, Topology.HOST_UPLINK, 8081, 2000),
                "published ports of another network stay reachable through the host address");

        t.run("DEL", "a1", t.config("net-a", ISOLATED, "a1")).assertOk();
        t.run("DEL", "b1", t.config("net-b", ISOLATED, "b1")).assertOk();
        assertNoJnetRules(t);
    }

    @Test
    void openNetworksReachEachOther(Sandbox sb) throws Exception {
        Topology t = new Topology(sb);
        t.bridge("br-a", 1);
        t.bridge("br-b", 2);
        NetNs a = t.container("a1", "br-a", 1, 2);
        t.container("b1", "br-b", 2, 2);
        t.add("net-a", "", "a1");
        t.add("net-b", "", "b1");
        assertTrue(t.ping(a, "10.77.2.2"), "a network that opts out of isolation is reachable");
        t.run("DEL", "a1", t.config("net-a", "", "a1")).assertOk();
        t.run("DEL", "b1", t.config("net-b", "", "b1")).assertOk();
        assertNoJnetRules(t);
    }

    @Test
    void internalNetworkReachesOnlyItsNeighbours(Sandbox sb) throws Exception {
        Topology t = new Topology(sb);
        t.bridge("br-i", 3);
        NetNs i1 = t.container("i1", "br-i", 3, 2);
        t.container("i2", "br-i", 3, 3);
        String internal = ",\"internal\":true";
        t.add("net-i", internal, "i1");
        t.add("net-i", internal, "i2");
        assertTrue(t.ping(i1, "10.77.3.3"));
        assertFalse(t.ping(i1, Topology.OUTSIDE));
        assertFalse(t.ping(t.outside(), "10.77.3.2"));
        t.run("DEL", "i1", t.config("net-i", internal, "i1")).assertOk();
        t.run("DEL", "i2", t.config("net-i", internal, "i2")).assertOk();
        assertNoJnetRules(t);
    }

    @Test
    void gcRemovesRulesOfAttachmentsThatAreNotValid(Sandbox sb) throws Exception {
        Topology t = new Topology(sb);
        t.bridge("br-a", 1);
        t.container("c1", "br-a", 1, 2);
        t.container("c2", "br-a", 1, 3);
        t.add("net-a", ISOLATED, "c1");
        t.add("net-a", ISOLATED, "c2");
        String gc = "{\"cniVersion\":\"1.1.0\",\"name\":\"net-a\",\"type\":\"firewall\"" + ISOLATED
                + ",\"cni.dev/valid-attachments\":[{\"containerID\":\"c2\",\"ifname\":\"eth0\"}]}";
        t.run("GC", "", gc).assertOk();
        String filter = t.filterTable();
        assertFalse(filter.contains("id: \\\"c1\\\""), filter);
        assertTrue(filter.contains("id: \\\"c2\\\""), filter);
        t.run("GC", "", gc.replace("{\"containerID\":\"c2\",\"ifname\":\"eth0\"}", "")).assertOk();
        assertNoJnetRules(t);
    }

    @Test
    void badConfigIsRefusedAndChangesNothing(Sandbox sb) throws Exception {
        Topology t = new Topology(sb);
        t.bridge("br-a", 1);
        t.container("c1", "br-a", 1, 2);
        String before = t.filterTable();
        ExecResult r = t.run("ADD", "c1", t.config("net-a", ",\"ingressPolicy\":\"everything\"", "c1")).assertFailed();
        assertTrue(r.stdout().contains("\"code\":7") || r.stdout().contains("\"code\": 7"), r.stdout());
        r = t.run("ADD", "c1", t.config("net-a", "", null)).assertFailed();
        assertTrue(r.stdout().contains("prevResult"), r.stdout());
        assertEquals(strip(before), strip(t.filterTable()));
    }

    private static void assertNoJnetRules(Topology t) {
        String filter = t.filterTable();
        for (String s : new String[] {"CNI-FORWARD", "CNI-ADMIN", "CNI-ISOLATION", "jnet"}) {
            assertFalse(filter.contains(s), "left in the filter table: " + s + "\n" + filter);
        }
    }

    private static String strip(String save) {
        return save.replaceAll("(?m)^#.*\n", "");
    }
}
