package io.jnet.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One iptables command per line of a transaction, quoted for a shell, in the transaction's order. */
class IptablesEquivalentsTest {

    @Test
    void everyLineOfTheRestoreInputBecomesOneCommand() {
        Transaction tx = new Transaction("nat")
                .declareChain("CNI-abc")
                .createChain("CNI-HOSTPORT-DNAT")
                .append("CNI-abc", Rule.of("!", "-d", "224.0.0.0/4", "-m", "comment", "--comment", "name: \"jnet\" id: \"c1\"", "-j", "MASQUERADE"))
                .insert("POSTROUTING", Rule.of("-s", "10.0.0.2/32", "-j", "CNI-abc"))
                .delete("POSTROUTING", Rule.of("-s", "10.0.0.9/32", "-j", "CNI-old"))
                .flush("CNI-old")
                .deleteChain("CNI-old");
        assertEquals(List.of(
                "iptables -t nat -N CNI-abc 2>/dev/null || iptables -t nat -F CNI-abc",
                "iptables -t nat -N CNI-HOSTPORT-DNAT",
                "iptables -t nat -A CNI-abc ! -d 224.0.0.0/4 -m comment --comment 'name: \"jnet\" id: \"c1\"' -j MASQUERADE",
                "iptables -t nat -I POSTROUTING 1 -s 10.0.0.2/32 -j CNI-abc",
                "iptables -t nat -D POSTROUTING -s 10.0.0.9/32 -j CNI-old",
                "iptables -t nat -F CNI-old",
                "iptables -t nat -X CNI-old"), IptablesEquivalents.commands(Family.IPV4, tx, null));
    }

    @Test
    void theFilterTableIsTheDefaultAndOtherNamespacesAreEntered() {
        Transaction tx = new Transaction("filter").append("CNI-FORWARD", Rule.of("-s", "fd00::2/128", "-j", "ACCEPT"));
        assertEquals(List.of("ip netns exec red ip6tables -A CNI-FORWARD -s fd00::2/128 -j ACCEPT"),
                IptablesEquivalents.commands(Family.IPV6, tx, "red"));
        assertEquals(List.of(), IptablesEquivalents.commands(Family.IPV4, new Transaction("nat"), null));
    }
}
