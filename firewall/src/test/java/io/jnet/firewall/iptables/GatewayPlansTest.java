package io.jnet.firewall.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.firewall.Family;
import io.jnet.firewall.ForwardSpec;
import io.jnet.firewall.GatewayMode;
import io.jnet.firewall.PortMapping;
import io.jnet.firewall.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayPlansTest {
    private static final List<PortMapping> PORTS = List.of(
            new PortMapping(8080, 80, "tcp", null),
            new PortMapping(9000, 9000, "tcp", "127.0.0.1"),
            new PortMapping(9001, 9001, "tcp", "127.0.0.1"),
            new PortMapping(53, 53, "udp", "::1"));
    private static final ForwardSpec NAT = new ForwardSpec("n1", "CNI-ADMIN", true, false, GatewayMode.NAT, PORTS);
    private static final ForwardSpec ROUTED = new ForwardSpec("n1", "CNI-ADMIN", true, false, GatewayMode.ROUTED, PORTS);
    private static final String EMPTY_RAW = "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n";

    @Test
    void natModeDropsDirectAccessAndRemoteLoopbackBeforeNat() {
        String script = RawPlans.add(Table.parse("raw", EMPTY_RAW), NAT, "c1", "br0", Family.IPV4, List.of("10.0.0.2/32")).script();
        assertEquals("""
                *raw
                :JNET-RAW-PREROUTING - [0:0]
                -I PREROUTING 1 -m comment --comment "jnet: no direct access to containers" -j JNET-RAW-PREROUTING
                -I JNET-RAW-PREROUTING 1 -i br0 -m comment --comment "jnet name: \\"n1\\"" -j RETURN
                -A JNET-RAW-PREROUTING -d 10.0.0.2/32 ! -i br0 -m comment --comment "jnet name: \\"n1\\" id: \\"c1\\"" -j DROP
                -A JNET-RAW-PREROUTING -d 127.0.0.1/32 ! -i lo -p tcp -m tcp --dport 9000:9001 -m comment --comment "jnet name: \\"n1\\" id: \\"c1\\"" -j DROP
                COMMIT
                """, script);
        String v6 = RawPlans.add(Table.parse("raw", EMPTY_RAW), NAT, "c1", "br0", Family.IPV6, List.of("fd00::2/128")).script();
        assertTrue(v6.contains("-A JNET-RAW-PREROUTING -d ::1/128 ! -i lo -p udp -m udp --dport 53 -m comment"), v6);
    }

    @Test
    void addingTwiceChangesNothingAndRemovalGoesWithTheLastAttachment() {
        Table both = Table.parse("raw", """
                *raw
                :PREROUTING ACCEPT [0:0]
                :JNET-RAW-PREROUTING - [0:0]
                -A PREROUTING -m comment --comment "jnet: no direct access to containers" -j JNET-RAW-PREROUTING
                -A JNET-RAW-PREROUTING -i br0 -m comment --comment "jnet name: \\"n1\\"" -j RETURN
                -A JNET-RAW-PREROUTING -d 10.0.0.2/32 ! -i br0 -m comment --comment "jnet name: \\"n1\\" id: \\"c1\\"" -j DROP
                -A JNET-RAW-PREROUTING -d 127.0.0.1/32 ! -i lo -p tcp -m tcp --dport 9000:9001 -m comment --comment "jnet name: \\"n1\\" id: \\"c1\\"" -j DROP
                -A JNET-RAW-PREROUTING -d 10.0.0.3/32 ! -i br0 -m comment --comment "jnet name: \\"n1\\" id: \\"c2\\"" -j DROP
                COMMIT
                """);
        assertTrue(RawPlans.add(both, NAT, "c1", "br0", Family.IPV4, List.of("10.0.0.2/32")).isEmpty());
        assertEquals(List.of(), RawPlans.problems(both, NAT, "c1", "br0", Family.IPV4, List.of("10.0.0.2/32")));
        String one = RawPlans.remove(both, "n1", id -> id.equals("c1"), true).script();
        assertEquals(2, one.lines().filter(l -> l.startsWith("-D JNET-RAW-PREROUTING") && l.contains("id: \\\"c1\\\"")).count(), one);
        assertEquals(2, one.lines().filter(l -> l.startsWith("-")).count(), one);
        String last = RawPlans.remove(both, "n1", id -> true, false).script();
        assertTrue(last.contains("-D PREROUTING -m comment --comment \"jnet: no direct access to containers\"")
                && last.contains("-X JNET-RAW-PREROUTING") && last.contains("RETURN"), last);
    }

    @Test
    void withoutAModeOrWithoutProtectionTheRawTableIsLeftAlone() {
        ForwardSpec legacy = new ForwardSpec("n1", "CNI-ADMIN", true, false);
        assertTrue(RawPlans.add(Table.parse("raw", EMPTY_RAW), legacy, "c1", "br0", Family.IPV4, List.of("10.0.0.2/32")).isEmpty());
        ForwardSpec open = new ForwardSpec("n1", "CNI-ADMIN", true, false, GatewayMode.NAT_UNPROTECTED, PORTS);
        String s = RawPlans.add(Table.parse("raw", EMPTY_RAW), open, "c1", "br0", Family.IPV4, List.of("10.0.0.2/32")).script();
        assertTrue(s.contains("RETURN") && !s.contains("DROP"), s);
    }

    @Test
    void routedOpensThePublishedContainerPortsAndKeepsItsDropLast() {
        Table empty = Table.parse("filter", "*filter\n:FORWARD DROP [0:0]\nCOMMIT\n");
        String first = ForwardPlans.add(empty, ROUTED, "c1", "br0", List.of("10.0.0.2/32")).script();
        assertTrue(first.contains("-A CNI-FORWARD -d 10.0.0.2/32 ! -i br0 -o br0 -p tcp -m tcp --dport 80 -m comment"), first);
        assertTrue(first.contains("-A CNI-FORWARD -d 10.0.0.2/32 ! -i br0 -o br0 -p tcp -m tcp --dport 9000:9001 -m comment"), first);
        assertTrue(first.contains("-A CNI-FORWARD ! -i br0 -o br0 -p icmp -m comment"), first);
        int icmp = first.indexOf("-A CNI-FORWARD ! -i br0 -o br0 -p icmp");
        int drop = first.indexOf("-A CNI-FORWARD ! -i br0 -o br0 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT");
        assertTrue(icmp > 0 && drop > icmp, "the network's drop comes after its accepts: " + first);
        Table withC1 = Table.parse("filter", """
                *filter
                :FORWARD DROP [0:0]
                :CNI-FORWARD - [0:0]
                -A CNI-FORWARD -d 10.0.0.2/32 ! -i br0 -o br0 -p tcp -m tcp --dport 80 -m comment --comment "jnet name: \\"n1\\" id: \\"c1\\"" -j ACCEPT
                -A CNI-FORWARD ! -i br0 -o br0 -p icmp -m comment --comment "jnet name: \\"n1\\"" -j ACCEPT
                -A CNI-FORWARD ! -i br0 -o br0 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -m comment --comment "jnet name: \\"n1\\"" -j DROP
                COMMIT
                """);
        ForwardSpec c2 = new ForwardSpec("n1", "CNI-ADMIN", false, false, GatewayMode.ROUTED, List.of(new PortMapping(53, 53, "udp", null)));
        String second = ForwardPlans.add(withC1, c2, "c2", "br0", List.of("10.0.0.3/32")).script();
        int open = second.indexOf("-A CNI-FORWARD -d 10.0.0.3/32 ! -i br0 -o br0 -p udp -m udp --dport 53");
        int del = second.indexOf("-D CNI-FORWARD ! -i br0 -o br0 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT");
        int readd = second.indexOf("-A CNI-FORWARD ! -i br0 -o br0 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT");
        assertTrue(open >= 0 && del >= 0 && readd > open, second);
        String gone = ForwardPlans.remove(withC1, "n1", "CNI-ADMIN", id -> true).script();
        assertTrue(gone.contains("-D CNI-FORWARD ! -i br0 -o br0 -p icmp") && gone.contains("-D CNI-FORWARD ! -i br0 -o br0 -m conntrack"), gone);
    }
}
