package io.jnet.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import org.junit.jupiter.api.Test;

@KernelTest
class IptablesIT {
    private static final Rule MASQ = Rule.of("!", "-d", "224.0.0.0/4", "-j", "MASQUERADE");

    @Test
    void transactionAppliesAndReadsBackIdentically(Sandbox sb) throws Exception {
        Iptables ipt = Iptables.commandsIn(sb.host().path());
        Rule jump = Rule.of("-s", "10.1.0.2/32", "-m", "comment", "--comment", "name: \"n\" id: \"c\"", "-j", "CNI-t");
        ipt.apply(Family.IPV4, new Transaction("nat").declareChain("CNI-t").append("CNI-t", MASQ).append("POSTROUTING", jump));

        Table nat = ipt.read(Family.IPV4, "nat");
        assertEquals(java.util.List.of(MASQ), nat.rules("CNI-t"));
        assertTrue(nat.contains("POSTROUTING", jump), nat.rules("POSTROUTING").toString());

        ipt.apply(Family.IPV4, new Transaction("nat").delete("POSTROUTING", jump).flush("CNI-t").deleteChain("CNI-t"));
        assertFalse(ipt.read(Family.IPV4, "nat").hasChain("CNI-t"));
    }

    @Test
    void readChainsMatchesTheFullReadForThoseChains(Sandbox sb) throws Exception {
        Iptables ipt = Iptables.commandsIn(sb.host().path());
        Rule jump = Rule.of("-s", "10.1.0.3/32", "-m", "comment", "--comment", "name: \"n\" id: \"c d\"", "-j", "CNI-r");
        ipt.apply(Family.IPV4, new Transaction("nat").declareChain("CNI-r").append("CNI-r", MASQ).declareChain("CNI-other")
                .append("CNI-other", Rule.of("-j", "RETURN")).append("POSTROUTING", jump));
        java.util.List<String> wanted = java.util.List.of("POSTROUTING", "CNI-r", "CNI-absent");

        Table some = ipt.readChains(Family.IPV4, "nat", wanted);
        Table all = ipt.read(Family.IPV4, "nat");
        assertEquals(java.util.Set.of("POSTROUTING", "CNI-r"), some.chains(), "an absent chain is simply not there");
        for (String chain : java.util.List.of("POSTROUTING", "CNI-r")) {
            assertEquals(all.rules(chain), some.rules(chain), chain);
        }
        assertTrue(some.contains("POSTROUTING", jump), "quoted comment read back token for token");
        assertFalse(some.hasChain("CNI-other"));
        assertEquals(java.util.Set.of(), ipt.readChains(Family.IPV6, "nat", java.util.List.of("CNI-r")).chains());
        ipt.apply(Family.IPV4, new Transaction("nat").delete("POSTROUTING", jump).flush("CNI-r").deleteChain("CNI-r")
                .flush("CNI-other").deleteChain("CNI-other"));
    }

    @Test
    void aFailingLineAppliesNothing(Sandbox sb) throws Exception {
        Iptables ipt = Iptables.commandsIn(sb.host().path());
        Transaction tx = new Transaction("nat").declareChain("CNI-u").append("CNI-u", MASQ)
                .delete("POSTROUTING", Rule.of("-j", "NO-SUCH-CHAIN"));
        FirewallException e = assertThrows(FirewallException.class, () -> ipt.apply(Family.IPV4, tx));
        assertTrue(e.getMessage().contains("iptables-restore"), e.getMessage());
        assertFalse(ipt.read(Family.IPV4, "nat").hasChain("CNI-u"));
    }

    @Test
    void createChainFailsWhenTheChainExistsAndKeepsItsRules(Sandbox sb) throws Exception {
        Iptables ipt = Iptables.commandsIn(sb.host().path());
        ipt.apply(Family.IPV4, new Transaction("nat").createChain("CNI-w").append("CNI-w", MASQ));
        Transaction again = new Transaction("nat").createChain("CNI-w").append("CNI-w", Rule.of("-j", "RETURN"));
        assertThrows(FirewallException.class, () -> ipt.apply(Family.IPV4, again));
        assertEquals(java.util.List.of(MASQ), ipt.read(Family.IPV4, "nat").rules("CNI-w"));
    }

    @Test
    void ipv6TablesAreSeparate(Sandbox sb) throws Exception {
        Iptables ipt = Iptables.commandsIn(sb.host().path());
        ipt.apply(Family.IPV6, new Transaction("nat").declareChain("CNI-v6").append("CNI-v6",
                Rule.of("!", "-d", "ff00::/8", "-j", "MASQUERADE")));
        assertTrue(ipt.read(Family.IPV6, "nat").hasChain("CNI-v6"));
        assertFalse(ipt.read(Family.IPV4, "nat").hasChain("CNI-v6"));
    }
}
