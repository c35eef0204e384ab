package io.jnet.netlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.inet.IpPrefix;
import io.jnet.netlink.Addr;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.Veth;
import io.jnet.netlink.netfilter.Conntrack;
import io.jnet.netlink.netfilter.ConntrackEntry;
import io.jnet.netlink.netfilter.NfBatch;
import io.jnet.netlink.netfilter.NfChain;
import io.jnet.netlink.netfilter.NfFamily;
import io.jnet.netlink.netfilter.NfTable;
import io.jnet.netlink.netfilter.NfTables;
import io.jnet.netlink.netfilter.Nft;
import io.jnet.netlink.netfilter.RuleBuilder;
import io.jnet.netlink.netfilter.Verdict;
import io.jnet.netlink.netfilter.expr.Ct;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Connection tracking through ctnetlink: real UDP and TCP flows from a container namespace make entries in the
 * host namespace, and deleting by original destination port (and address) takes exactly the matching ones, as
 * {@code conntrack -L} confirms.
 */
@KernelTest
class ConntrackIT {

    @Test
    void entriesToAPortAreDeletedAndOthersKept(Sandbox sb) throws Exception {
        NetNs host = sb.host();
        NetNs c1 = sb.container("c1");
        Netlink h = sb.netlink(host);
        h.createVeth(Veth.of("ct0", "ct1").withPeerIn(c1));
        int dev = h.link("ct0").index();
        h.addAddress(Addr.of(dev, "10.77.0.1/24"));
        h.addAddress(Addr.of(dev, "fd77::1/64").withFlags(Addr.NODAD));
        h.setUp(dev);
        Netlink c = sb.netlink(c1);
        int cdev = c.link("ct1").index();
        c.addAddress(Addr.of(cdev, "10.77.0.2/24"));
        c.addAddress(Addr.of(cdev, "fd77::2/64").withFlags(Addr.NODAD));
        c.setUp(cdev);
        try (NfTables nft = NfTables.open(host)) {
            // a rule using conntrack makes the host namespace track connections
            nft.commit(new NfBatch().addTable(NfTable.of(NfFamily.INET, "track"))
                    .addChain(NfChain.base(NfFamily.INET, "track", "in", "filter", Nft.HOOK_INPUT, Nft.PRIORITY_FILTER))
                    .addRule(RuleBuilder.in(NfFamily.INET, "track", "in").ctState(Ct.STATE_INVALID).verdict(Verdict.DROP).build()));
        }
        sb.awaitIpv6Ready(host, c1);
        sb.tcpServer(host, "0.0.0.0", 5353, "hi");
        for (String dst : List.of("10.77.0.1", "fd77::1")) {
            sb.udpRequest(c1, dst, 5353, 200);
            sb.udpRequest(c1, dst, 7000, 200);
        }
        sb.tcpRequest(c1, "10.77.0.1", 5353, 2000);

        try (Conntrack ct = Conntrack.open(host)) {
            List<ConntrackEntry> v4 = ct.list(Conntrack.AF_INET);
            assertTrue(has(v4, 17, 5353) && has(v4, 17, 7000) && has(v4, 6, 5353), v4.toString());
            assertTrue(has(ct.list(Conntrack.AF_INET6), 17, 5353));
            assertTrue(sb.exec(host, "conntrack", "-L", "-p", "udp", "--dport", "5353").assertOk().stdout().contains("dport=5353"));

            assertEquals(0, ct.deleteByOriginalDestination(Conntrack.AF_INET, 17, 5353, IpPrefix.literal("10.77.0.9")),
                    "another destination address matches nothing");
            assertEquals(1, ct.deleteByOriginalDestination(Conntrack.AF_INET, 17, 5353, null));
            v4 = ct.list(Conntrack.AF_INET);
            assertFalse(has(v4, 17, 5353), v4.toString());
            assertTrue(has(v4, 17, 7000), "another port stays");
            assertTrue(has(v4, 6, 5353), "another protocol stays");
            assertTrue(has(ct.list(Conntrack.AF_INET6), 17, 5353), "another family stays");
            assertEquals(1, ct.deleteByOriginalDestination(Conntrack.AF_INET6, 17, 5353, IpPrefix.literal("fd77::1")));
            assertFalse(has(ct.list(Conntrack.AF_INET6), 17, 5353));
            assertEquals(0, ct.deleteByOriginalDestination(Conntrack.AF_INET, 17, 5353, null), "nothing left is fine");
            String tool = sb.exec(host, "conntrack", "-L", "-p", "udp").stdout();
            assertFalse(tool.contains("dport=5353"), tool);
            assertTrue(tool.contains("dport=7000"), tool);
        }
    }

    private static boolean has(List<ConntrackEntry> entries, int protocol, int port) {
        return entries.stream().anyMatch(e -> e.protocol() == protocol && e.destinationPort() == port);
    }
}
