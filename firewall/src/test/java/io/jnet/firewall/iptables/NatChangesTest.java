package io.jnet.firewall.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.firewall.Family;
import io.jnet.firewall.Table;
import io.jnet.inet.IpPrefix;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NatChangesTest {
    private static final String EMPTY = "*nat\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n";

    private static DnatPlan plan(String cid, int port) throws Exception {
        return DnatPlanTest.build(DnatPlanTest.conf("", "{\"hostPort\":" + port + ",\"containerPort\":80,\"protocol\":\"udp\"}"),
                cid, Family.IPV4, IpPrefix.parse("10.88.0.5/16"));
    }

    /** The table {@code script} would leave behind, applied by hand to an empty one (appends only). */
    private static Table after(String script) {
        StringBuilder save = new StringBuilder("*nat\n");
        for (String line : script.split("\n")) {
            if (line.startsWith(":")) {
                save.append(line).append('\n');
            } else if (line.startsWith("-N ")) {
                save.append(':').append(line.substring(3)).append(" - [0:0]\n");
            } else if (line.startsWith("-A ") || line.startsWith("-I ")) {
                save.append(line.replaceFirst("^-I (\\S+) 1 ", "-A $1 ")).append('\n');
            }
        }
        return Table.parse("nat", save.toString());
    }

    @Test
    void firstAddCreatesSharedChainsAndJumpsOnce() throws Exception {
        DnatPlan p = plan("a", 5353);
        String script = NatChanges.add(Table.parse("nat", EMPTY), p).script();
        for (String chain : List.of(Chains.SETMARK, Chains.MASQ, Chains.TOP_DNAT)) {
            assertTrue(script.contains("-N " + chain + "\n"), script);
        }
        assertTrue(script.contains(":" + p.chain() + " - [0:0]"), "our own chain is declared (flushed if there): " + script);
        assertTrue(script.contains("-I POSTROUTING 1 -m comment --comment \"CNI portfwd requiring masquerade\" -j CNI-HOSTPORT-MASQ"), script);
        assertTrue(script.contains("-A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT"), script);
        assertTrue(script.contains("-A OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT"), script);
        assertFalse(script.contains("-D "), script);

        Table nat = after(script);
        assertTrue(NatChanges.problems(nat, p).isEmpty(), NatChanges.problems(nat, p).toString());
        assertEquals(List.of(5353), NatChanges.udpPorts(nat, p.chain()));

        // a second attachment: shared chains are not declared again (that would flush them)
        String second = NatChanges.add(nat, plan("b", 5354)).script();
        assertFalse(second.contains(Chains.SETMARK + " "), second);
        assertFalse(second.contains("-N "), second);
        assertFalse(second.contains("POSTROUTING"), second);
        assertFalse(second.contains("-A OUTPUT"), second);
    }

    @Test
    void removeDeletesOnlyExistingJumpsAndChains() throws Exception {
        DnatPlan p = plan("a", 5353);
        Table nat = after(NatChanges.add(Table.parse("nat", EMPTY), p).script());
        String script = NatChanges.remove(nat, List.of(p.chain(), Chains.oldSnatChain("mynet", "a"))).script();
        assertTrue(script.contains("-D CNI-HOSTPORT-DNAT -p udp -m comment --comment \"dnat name: \\\"mynet\\\" id: \\\"a\\\"\""), script);
        assertTrue(script.contains("-F " + p.chain() + "\n-X " + p.chain()), script);
        assertFalse(script.contains("CNI-SN-"), "a chain that is not there is not named: " + script);
        assertTrue(NatChanges.remove(Table.parse("nat", EMPTY), List.of(p.chain())).isEmpty());
    }

    @Test
    void checkNamesWhatIsMissing() throws Exception {
        DnatPlan p = plan("a", 5353);
        assertEquals(List.of("chain " + p.chain() + " is missing"), NatChanges.problems(Table.parse("nat", EMPTY), p));
        Table other = after(NatChanges.add(Table.parse("nat", EMPTY), plan("a", 5354)).script());
        assertFalse(NatChanges.problems(other, p).isEmpty());
    }

    @Test
    void publishedPortsOverlapByProtocolPortAndAddress() throws Exception {
        Table nat = after(NatChanges.add(Table.parse("nat", EMPTY), plan("a", 5353)).script());
        List<PublishedPorts.Port> ports = PublishedPorts.read(nat);
        assertEquals(1, ports.size());
        PublishedPorts.Port p = ports.get(0);
        assertEquals("network \"mynet\" container \"a\"", p.owner());
        assertTrue(p.overlaps("udp", 5353, null));
        assertTrue(p.overlaps("udp", 5353, "10.0.0.1"));
        assertFalse(p.overlaps("tcp", 5353, null));
        assertFalse(p.overlaps("udp", 5354, null));
        PublishedPorts.Port bound = new PublishedPorts.Port("c", "o", "tcp", 80, "10.0.0.1");
        assertTrue(bound.overlaps("tcp", 80, "10.0.0.1"));
        assertFalse(bound.overlaps("tcp", 80, "10.0.0.2"));
    }

    @Test
    void aPublishedRangeIsEveryPortOfIt() {
        Table nat = Table.parse("nat", """
                *nat
                :CNI-DN-x - [0:0]
                -A CNI-DN-x -p udp -m udp --dport 9000:9002 -j DNAT --to-destination 10.0.0.2
                -A CNI-DN-x -p tcp -m tcp --dport http -j DNAT --to-destination 10.0.0.2:80
                COMMIT
                """);
        assertEquals(List.of(9000, 9001, 9002), PublishedPorts.read(nat).stream().map(PublishedPorts.Port::hostPort).toList());
        assertEquals(List.of(9000, 9001, 9002), NatChanges.udpPorts(nat, "CNI-DN-x"));
    }

    @Test
    void gcFindsAttachmentsOfThisNetworkThatAreNotValid() throws Exception {
        Table nat = after(NatChanges.add(Table.parse("nat", EMPTY), plan("a", 5353)).script()
                + NatChanges.add(Table.parse("nat", EMPTY), plan("b", 5354)).script());
        assertEquals(Set.of("a"), IptablesPorts.staleContainers(nat, "mynet", Set.of("b")));
        assertEquals(Set.of(), IptablesPorts.staleContainers(nat, "othernet", Set.of()));
    }
}
