package io.jnet.firewall.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.firewall.ForwardSpec;
import io.jnet.firewall.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardPlansTest {
    private static final ForwardSpec OPEN = new ForwardSpec("n1", "CNI-ADMIN", false, false);
    private static final ForwardSpec ISOLATED = new ForwardSpec("n1", "CNI-ADMIN", true, false);

    @Test
    void firstAddCreatesChainsJumpsAndContainerRules() {
        String script = ForwardPlans.add(Table.parse("filter", "*filter\n:FORWARD DROP [0:0]\nCOMMIT\n"), ISOLATED, "c1", "br0",
                List.of("10.0.0.2/32")).script();
        assertEquals("""
                *filter
                :CNI-FORWARD - [0:0]
                :CNI-ADMIN - [0:0]
                :CNI-ISOLATION-STAGE-1 - [0:0]
                :CNI-ISOLATION-STAGE-2 - [0:0]
                -I FORWARD 1 -m comment --comment "CNI firewall plugin rules" -j CNI-FORWARD
                -I CNI-FORWARD 1 -m comment --comment "CNI firewall plugin admin overrides" -j CNI-ADMIN
                -A CNI-FORWARD -d 10.0.0.2/32 -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment "jnet name: \\"n1\\" id: \\"c1\\"" -j ACCEPT
                -A CNI-FORWARD -s 10.0.0.2/32 -m comment --comment "jnet name: \\"n1\\" id: \\"c1\\"" -j ACCEPT
                -A CNI-FORWARD -d 10.0.0.2/32 -m conntrack --ctstate DNAT -m comment --comment "jnet name: \\"n1\\" id: \\"c1\\"" -j ACCEPT
                -I CNI-ISOLATION-STAGE-1 1 -i br0 ! -o br0 -m comment --comment "jnet name: \\"n1\\"" -j CNI-ISOLATION-STAGE-2
                -I CNI-ISOLATION-STAGE-2 1 -o br0 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -m comment --comment "jnet name: \\"n1\\"" -j DROP
                -A CNI-ISOLATION-STAGE-1 -m comment --comment "CNI firewall plugin rules (ingressPolicy: same-bridge)" -j RETURN
                -A CNI-ISOLATION-STAGE-2 -m comment --comment "CNI firewall plugin rules (ingressPolicy: same-bridge)" -j RETURN
                -I FORWARD 1 -m comment --comment "CNI firewall plugin rules (ingressPolicy: same-bridge)" -j CNI-ISOLATION-STAGE-1
                COMMIT
                """, script);
    }

    @Test
    void isolationJumpIsMovedBackInFrontWhenTheForwardJumpIsInserted() {
        Table t = Table.parse("filter", """
                *filter
                :FORWARD DROP [0:0]
                :CNI-ISOLATION-STAGE-1 - [0:0]
                -A FORWARD -m comment --comment "CNI firewall plugin rules (ingressPolicy: same-bridge)" -j CNI-ISOLATION-STAGE-1
                COMMIT
                """);
        String script = ForwardPlans.add(t, OPEN, "c1", null, List.of("10.0.0.2/32")).script();
        int forward = script.indexOf("-I FORWARD 1 -m comment --comment \"CNI firewall plugin rules\" -j CNI-FORWARD");
        int delete = script.indexOf("-D FORWARD -m comment --comment \"CNI firewall plugin rules (ingressPolicy: same-bridge)\"");
        int reinsert = script.indexOf("-I FORWARD 1 -m comment --comment \"CNI firewall plugin rules (ingressPolicy: same-bridge)\"");
        assertTrue(forward >= 0 && forward < delete && delete < reinsert, script);
    }

    @Test
    void secondAddOnlyAppendsWhatIsMissing() {
        Table t = Table.parse("filter", """
                *filter
                :FORWARD DROP [0:0]
                :CNI-FORWARD - [0:0]
                :CNI-ADMIN - [0:0]
                -A FORWARD -m comment --comment "CNI firewall plugin rules" -j CNI-FORWARD
                -A CNI-FORWARD -m comment --comment "CNI firewall plugin admin overrides" -j CNI-ADMIN
                COMMIT
                """);
        String script = ForwardPlans.add(t, OPEN, "c2", null, List.of("10.0.0.3/32")).script();
        assertFalse(script.contains(":CNI-FORWARD"), script);
        assertFalse(script.contains("-I"), script);
        assertEquals(3, script.lines().filter(l -> l.startsWith("-A CNI-FORWARD")).count(), script);
    }

    @Test
    void removeKeepsSharedChainsWhileSomeoneElseUsesThem() {
        Table t = Table.parse("filter", """
                *filter
                :FORWARD DROP [0:0]
                :CNI-FORWARD - [0:0]
                :CNI-ADMIN - [0:0]
                -A FORWARD -m comment --comment "CNI firewall plugin rules" -j CNI-FORWARD
                -A CNI-FORWARD -m comment --comment "CNI firewall plugin admin overrides" -j CNI-ADMIN
                -A CNI-FORWARD -s 10.0.0.2/32 -m comment --comment "jnet name: \\"n1\\" id: \\"c1\\"" -j ACCEPT
                -A CNI-FORWARD -s 10.9.0.2/32 -j ACCEPT
                COMMIT
                """);
        String script = ForwardPlans.remove(t, "n1", "CNI-ADMIN", "c1"::equals).script();
        assertEquals("*filter\n-D CNI-FORWARD -s 10.0.0.2/32 -m comment --comment \"jnet name: \\\"n1\\\" id: \\\"c1\\\"\" -j ACCEPT\nCOMMIT\n",
                script, "a reference firewall plugin's rule keeps CNI-FORWARD alive");
    }
}
