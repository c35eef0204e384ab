package io.jnet.firewall.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.firewall.Family;
import io.jnet.firewall.Rule;
import io.jnet.firewall.Table;
import io.jnet.inet.IpPrefix;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IptablesMasqueradeTest {
    private static final String C = "name: \"mynet\" id: \"ctr1\"";
    private static final String CHAIN = "CNI-5145007e2a8415ce07579739";

    @Test
    void chainNameIsTheReferencesHashAndTheCommentNamesNetworkAndContainer() {
        // what /usr/lib/cni/bridge wrote for network "mynet", container "ctr1"
        assertEquals(CHAIN, IptablesMasquerade.masqChain("mynet", "ctr1"));
        assertEquals(28, IptablesMasquerade.masqChain("n", "a-very-long-container-id-0123456789abcdef").length());
        assertEquals(C, IptablesMasquerade.comment("mynet", "ctr1"));
    }

    @Test
    void setupWritesTheReferenceLayoutOneTransactionPerFamily() throws Exception {
        FakeIptables ipt = new FakeIptables();
        new IptablesMasquerade(ipt).setup("mynet", "ctr1", List.of("10.77.0.2/24", "fd77::2/64"));
        assertEquals(2, ipt.applies);
        Table v4 = ipt.read(Family.IPV4, "nat");
        assertEquals(List.of(Rule.of("-s", "10.77.0.2/32", "-m", "comment", "--comment", C, "-j", CHAIN)), v4.rules("POSTROUTING"));
        assertEquals(List.of(Rule.of("-d", "10.77.0.0/24", "-m", "comment", "--comment", C, "-j", "ACCEPT"),
                Rule.of("!", "-d", "224.0.0.0/4", "-m", "comment", "--comment", C, "-j", "MASQUERADE")), v4.rules(CHAIN));
        Table v6 = ipt.read(Family.IPV6, "nat");
        assertEquals(List.of(Rule.of("-d", "fd77::/64", "-m", "comment", "--comment", C, "-j", "ACCEPT"),
                Rule.of("!", "-d", "ff00::/8", "-m", "comment", "--comment", C, "-j", "MASQUERADE")), v6.rules(CHAIN));
    }

    @Test
    void setupTwiceAddsNothingNew() throws Exception {
        FakeIptables ipt = new FakeIptables();
        IptablesMasquerade m = new IptablesMasquerade(ipt);
        m.setup("mynet", "ctr1", List.of("10.77.0.2/24"));
        m.setup("mynet", "ctr1", List.of("10.77.0.2/24"));
        Table v4 = ipt.read(Family.IPV4, "nat");
        assertEquals(1, v4.rules("POSTROUTING").size());
        assertEquals(2, v4.rules(CHAIN).size());
    }

    @Test
    void teardownNeedsOnlyTheIdentityAndToleratesAbsence() throws Exception {
        FakeIptables ipt = new FakeIptables();
        IptablesMasquerade m = new IptablesMasquerade(ipt);
        m.setup("mynet", "ctr1", List.of("10.77.0.2/24", "fd77::2/64"));
        m.setup("mynet", "ctr2", List.of("10.77.0.3/24"));
        m.teardown("mynet", "ctr1", Set.of());
        for (Family f : Family.values()) {
            Table t = ipt.read(f, "nat");
            assertFalse(t.hasChain(CHAIN));
            assertTrue(t.rules("POSTROUTING").stream().noneMatch(r -> r.args().contains(CHAIN)));
        }
        assertTrue(ipt.read(Family.IPV4, "nat").hasChain(IptablesMasquerade.masqChain("mynet", "ctr2")));
        m.teardown("mynet", "ctr1", Set.of()); // again: nothing to do, no failure
    }

    @Test
    void teardownOfOneInterfaceKeepsTheOtherInterfacesJumpAndTheSharedChain() throws Exception {
        FakeIptables ipt = new FakeIptables();
        IptablesMasquerade m = new IptablesMasquerade(ipt);
        m.setup("mynet", "ctr1", List.of("10.77.0.2/24")); // eth0
        m.setup("mynet", "ctr1", List.of("10.77.0.3/24")); // net1 of the same container: same chain, a second jump
        assertEquals(2, ipt.read(Family.IPV4, "nat").rules("POSTROUTING").size());

        m.teardown("mynet", "ctr1", Set.of(IpPrefix.literal("10.77.0.3"))); // eth0 goes, net1 still holds .3
        Table v4 = ipt.read(Family.IPV4, "nat");
        assertEquals(List.of(Rule.of("-s", "10.77.0.3/32", "-m", "comment", "--comment", C, "-j", CHAIN)), v4.rules("POSTROUTING"));
        assertEquals(2, v4.rules(CHAIN).size(), "the shared chain keeps its rules");

        m.teardown("mynet", "ctr1", Set.of()); // net1, the last user
        v4 = ipt.read(Family.IPV4, "nat");
        assertTrue(v4.rules("POSTROUTING").isEmpty());
        assertFalse(v4.hasChain(CHAIN));
    }

    @Test
    void gcRemovesOnlyThisNetworksInvalidAttachments() throws Exception {
        FakeIptables ipt = new FakeIptables();
        IptablesMasquerade m = new IptablesMasquerade(ipt);
        m.setup("mynet", "keep", List.of("10.77.0.2/24"));
        m.setup("mynet", "stale", List.of("10.77.0.3/24", "fd77::3/64"));
        m.setup("other", "stale", List.of("10.78.0.3/24"));
        List<String> removed = m.gc("mynet", Set.of("keep"));
        assertTrue(removed.contains(IptablesMasquerade.masqChain("mynet", "stale")));
        Table v4 = ipt.read(Family.IPV4, "nat");
        assertFalse(v4.hasChain(IptablesMasquerade.masqChain("mynet", "stale")));
        assertFalse(ipt.read(Family.IPV6, "nat").hasChain(IptablesMasquerade.masqChain("mynet", "stale")));
        assertTrue(v4.hasChain(IptablesMasquerade.masqChain("mynet", "keep")));
        assertTrue(v4.hasChain(IptablesMasquerade.masqChain("other", "stale")));
        assertEquals(2, v4.rules("POSTROUTING").size());
    }
}
