package io.jnet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.firewall.Family;
import io.jnet.firewall.Iptables;
import io.jnet.firewall.Table;
import io.jnet.firewall.Transaction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostTidyTest {
    /** An Iptables that shows fixed save output and records what would be applied. */
    static final class FakeIptables implements Iptables {
        final String v4;
        final List<String> applied = new ArrayList<>();

        FakeIptables(String v4) {
            this.v4 = v4;
        }

        @Override
        public Table read(Family family, String table) {
            return Table.parse(table, family == Family.IPV4 ? v4 : "*nat\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n");
        }

        @Override
        public void apply(Family family, Transaction tx) {
            applied.add(family + "\n" + tx.script());
        }

        @Override
        public String unavailableReason(Family family) {
            return null;
        }
    }

    private static final String LEFT_BY_PORTMAP = """
            *nat
            :PREROUTING ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            :CNI-HOSTPORT-DNAT - [0:0]
            :CNI-HOSTPORT-MASQ - [0:0]
            :CNI-HOSTPORT-SETMARK - [0:0]
            :DOCKER - [0:0]
            -A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT
            -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
            -A OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT
            -A POSTROUTING -m comment --comment "CNI portfwd requiring masquerade" -j CNI-HOSTPORT-MASQ
            -A CNI-HOSTPORT-MASQ -m mark --mark 0x2000/0x2000 -j MASQUERADE
            -A CNI-HOSTPORT-SETMARK -m comment --comment "CNI portfwd masquerade mark" -j MARK --set-xmark 0x2000/0x2000
            COMMIT
            """;

    @Test
    void removesTheSharedChainsAndOnlyTheJumpsToThem() {
        FakeIptables ipt = new FakeIptables(LEFT_BY_PORTMAP);
        HostTidy tidy = new HostTidy(ipt);
        assertEquals(List.of("IPV4"), tidy.familiesWithChains());
        assertEquals(List.of(), tidy.removeUnused(List.of()));
        assertEquals(List.of("""
                IPV4
                *nat
                -D PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT
                -D OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT
                -D POSTROUTING -m comment --comment "CNI portfwd requiring masquerade" -j CNI-HOSTPORT-MASQ
                -F CNI-HOSTPORT-DNAT
                -F CNI-HOSTPORT-MASQ
                -F CNI-HOSTPORT-SETMARK
                -X CNI-HOSTPORT-DNAT
                -X CNI-HOSTPORT-MASQ
                -X CNI-HOSTPORT-SETMARK
                COMMIT
                """), ipt.applied);
    }

    @Test
    void keepsChainsThatWereThereBeforeOrStillPublishAPort() {
        FakeIptables before = new FakeIptables(LEFT_BY_PORTMAP);
        new HostTidy(before).removeUnused(List.of("IPV4"));
        assertTrue(before.applied.isEmpty(), "they were there before the lab");

        FakeIptables inUse = new FakeIptables(LEFT_BY_PORTMAP.replace("COMMIT",
                "-A CNI-HOSTPORT-DNAT -p tcp -m multiport --destination-ports 9090 -j CNI-DN-abc\nCOMMIT"));
        new HostTidy(inUse).removeUnused(List.of());
        assertTrue(inUse.applied.isEmpty(), "another attachment still publishes a port");
    }
}
