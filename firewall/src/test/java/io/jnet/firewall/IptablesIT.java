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
    void twoTablesChangeInOneRestoreAndReadBackInOneSave(Sandbox sb) throws Exception {
        Iptables ipt = Iptables.commandsIn(sb.host().path());
        Rule drop = Rule.of("-d", "10.1.0.9/32", "-j", "DROP");
        ipt.apply(Family.IPV4, java.util.List.of(new Transaction("filter").declareChain("CNI-f").append("CNI-f", drop),
                new Transaction("nat"), new Transaction("raw").declareChain("CNI-r").append("CNI-r", drop)));

        java.util.Map<String, Table> both = ipt.readTables(Family.IPV4, java.util.List.of("filter", "raw"));
        assertEquals(java.util.List.of("filter", "raw"), java.util.List.copyOf(both.keySet()));
        assertEquals(java.util.List.of(drop), both.get("filter").rules("CNI-f"));
        assertEquals(java.util.List.of(drop), both.get("raw").rules("CNI-r"));
        assertFalse(both.get("filter").hasChain("CNI-r"), "each table only its own chains");
        for (String table : java.util.List.of("filter", "raw")) {
            assertEquals(ipt.read(Family.IPV4, table).chains(), both.get(table).chains(), table);
        }
        assertEquals(java.util.Set.of(), ipt.readTables(Family.IPV6, java.util.List.of("filter", "raw")).get("raw").chains(),
                "a table with nothing in it reads as empty");

        Transaction bad = new Transaction("raw").delete("CNI-r", Rule.of("-j", "NO-SUCH-CHAIN"));
        assertThrows(FirewallException.class, () -> ipt.apply(Family.IPV4,
                java.util.List.of(new Transaction("filter").flush("CNI-f").deleteChain("CNI-f"), bad)));
        assertEquals(java.util.List.of(drop), ipt.read(Family.IPV4, "raw").rules("CNI-r"), "the failed table is unchanged");
        Transaction filter = new Transaction("filter"); // iptables-nft commits table by table: the filter part may be done
        if (ipt.read(Family.IPV4, "filter").hasChain("CNI-f")) {
            filter.flush("CNI-f").deleteChain("CNI-f");
        }
        ipt.apply(Family.IPV4, java.util.List.of(filter, new Transaction("raw").flush("CNI-r").deleteChain("CNI-r")));
        assertFalse(ipt.read(Family.IPV4, "filter").hasChain("CNI-f"));
        assertFalse(ipt.read(Family.IPV4, "raw").hasChain("CNI-r"));
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
