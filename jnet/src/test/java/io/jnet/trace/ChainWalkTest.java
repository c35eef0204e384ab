package io.jnet.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.firewall.Rule;
import io.jnet.firewall.Table;
import io.jnet.inet.IpPrefix;
import java.net.InetAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Netfilter's chain semantics over jnet's own rule layouts (as iptables-save prints them after a lab and two isolated
 * networks): what decides, by which rule, with marks and DNAT state carried along. Root-free.
 */
class ChainWalkTest {
    private static final String NAT = """
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            :CNI-DN-abc - [0:0]
            :CNI-HOSTPORT-DNAT - [0:0]
            :CNI-HOSTPORT-MASQ - [0:0]
            :CNI-HOSTPORT-SETMARK - [0:0]
            :CNI-masq - [0:0]
            -A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT
            -A OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT
            -A POSTROUTING -m comment --comment "CNI portfwd requiring masquerade" -j CNI-HOSTPORT-MASQ
            -A POSTROUTING -s 172.17.0.3/32 -m comment --comment "name: \\"jnet\\" id: \\"c2\\"" -j CNI-masq
            -A CNI-DN-abc -s 172.17.0.0/16 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK
            -A CNI-DN-abc -s 127.0.0.1/32 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK
            -A CNI-DN-abc -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.3:80
            -A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"jnet\\" id: \\"c2\\"" -m multiport --dports 8080,9000:9010 -j CNI-DN-abc
            -A CNI-HOSTPORT-MASQ -m mark --mark 0x2000/0x2000 -j MASQUERADE
            -A CNI-HOSTPORT-SETMARK -m comment --comment "CNI portfwd masquerade mark" -j MARK --set-xmark 0x2000/0x2000
            -A CNI-masq -d 172.17.0.0/16 -j ACCEPT
            -A CNI-masq ! -d 224.0.0.0/4 -j MASQUERADE
            COMMIT
            """;
    private static final String FILTER = """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            :CNI-ADMIN - [0:0]
            :CNI-FORWARD - [0:0]
            :CNI-ISOLATION-STAGE-1 - [0:0]
            :CNI-ISOLATION-STAGE-2 - [0:0]
            -A FORWARD -j CNI-ISOLATION-STAGE-1
            -A FORWARD -j CNI-FORWARD
            -A CNI-FORWARD -j CNI-ADMIN
            -A CNI-FORWARD -d 172.17.0.3/32 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A CNI-FORWARD -s 172.17.0.3/32 -j ACCEPT
            -A CNI-FORWARD -d 172.17.0.3/32 -m conntrack --ctstate DNAT -j ACCEPT
            -A CNI-FORWARD -s 10.88.0.2/32 -j ACCEPT
            -A CNI-ISOLATION-STAGE-1 -i jn-web ! -o jn-web -j CNI-ISOLATION-STAGE-2
            -A CNI-ISOLATION-STAGE-1 -i jnet0 ! -o jnet0 -j CNI-ISOLATION-STAGE-2
            -A CNI-ISOLATION-STAGE-1 -j RETURN
            -A CNI-ISOLATION-STAGE-2 -o jnet0 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
            -A CNI-ISOLATION-STAGE-2 -o jn-web -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
            -A CNI-ISOLATION-STAGE-2 -j RETURN
            COMMIT
            """;
    private static final Set<String> LOCAL = Set.of("192.0.2.10", "172.17.0.1", "10.88.0.1", "127.0.0.1");

    private static Packet tcp(String src, String dst, int dport) {
        return new Packet(ip(src), ip(dst), "tcp", 40000, dport);
    }

    private static InetAddress ip(String s) {
        return IpPrefix.literal(s);
    }

    private static RuleMatch.Context at(String in, String out) {
        return new RuleMatch.Context() {
            @Override
            public String in() {
                return in;
            }

            @Override
            public String out() {
                return out;
            }

            @Override
            public String addressType(InetAddress a) {
                return LOCAL.contains(IpPrefix.text(a)) ? "LOCAL" : "UNICAST";
            }
        };
    }

    @Test
    void aPublishedPortFromOutsideIsDnatedAndThenAcceptedAsDnat() {
        Table nat = Table.parse("nat", NAT);
        Packet p = tcp("203.0.113.7", "192.0.2.10", 8080);
        ChainWalk.Result pre = ChainWalk.run(nat, "PREROUTING", p, at("eth0", null));
        assertEquals("DNAT", pre.target());
        assertEquals("CNI-DN-abc", pre.decider().chain());
        assertEquals(3, pre.decider().number());
        assertEquals(java.util.List.of("--to-destination", "172.17.0.3:80"), pre.options());
        assertEquals(0, p.mark, "from outside: no masquerade mark");
        p.dst = ip("172.17.0.3");
        p.dport = 80;
        p.dnat = true;
        ChainWalk.Result fwd = ChainWalk.run(Table.parse("filter", FILTER), "FORWARD", p, at("eth0", "jnet0"));
        assertEquals("ACCEPT", fwd.target());
        assertEquals("CNI-FORWARD", fwd.decider().chain());
        assertEquals(4, fwd.decider().number(), "the --ctstate DNAT rule, isolation let it pass because of the DNAT state");
        assertTrue(ChainWalk.run(nat, "POSTROUTING", p, at("eth0", "jnet0")).byPolicy(), "no masquerade for outside clients");
    }

    @Test
    void hairpinTrafficIsMarkedAndMasqueraded() {
        Table nat = Table.parse("nat", NAT);
        Packet p = tcp("172.17.0.3", "172.17.0.1", 8080);
        assertEquals("DNAT", ChainWalk.run(nat, "PREROUTING", p, at("jnet0", null)).target());
        assertEquals(0x2000, p.mark, "the SETMARK chain marked it on the way");
        ChainWalk.Result post = ChainWalk.run(nat, "POSTROUTING", p, at("jnet0", "jnet0"));
        assertEquals("MASQUERADE", post.target());
        assertEquals("CNI-HOSTPORT-MASQ", post.decider().chain());
    }

    @Test
    void isolationDropsNewConnectionsBetweenBridgesAndTheDropPolicyTheRest() {
        Table filter = Table.parse("filter", FILTER);
        ChainWalk.Result r = ChainWalk.run(filter, "FORWARD", tcp("10.88.0.2", "172.17.0.3", 80), at("jn-web", "jnet0"));
        assertEquals("DROP", r.target());
        assertFalse(r.byPolicy());
        assertEquals("CNI-ISOLATION-STAGE-2", r.decider().chain());
        assertEquals(1, r.decider().number());
        assertEquals(3, r.path().size(), "FORWARD #1, STAGE-1 #1, STAGE-2 #1");

        ChainWalk.Result stranger = ChainWalk.run(filter, "FORWARD", tcp("192.0.2.99", "198.51.100.1", 80), at("eth0", "eth1"));
        assertEquals("DROP", stranger.target());
        assertTrue(stranger.byPolicy(), "nothing accepts it, the policy drops it");
        assertNull(stranger.decider());
    }

    @Test
    void matchesEvaluateNegationPortsAndUnknownMatches() {
        RuleMatch.Context ctx = at("jnet0", "eth0");
        Packet p = tcp("172.17.0.2", "8.8.8.8", 53);
        assertEquals(RuleMatch.Result.MATCH, RuleMatch.matches(Rule.of("!", "-d", "224.0.0.0/4", "-j", "MASQUERADE"), p, ctx));
        assertEquals(RuleMatch.Result.NO_MATCH, RuleMatch.matches(Rule.of("-d", "224.0.0.0/4", "-j", "X"), p, ctx));
        assertEquals(RuleMatch.Result.MATCH, RuleMatch.matches(Rule.of("-i", "jnet+", "!", "-o", "jnet0", "-j", "X"), p, ctx));
        assertEquals(RuleMatch.Result.NO_MATCH, RuleMatch.matches(Rule.of("-p", "udp", "-j", "X"), p, ctx));
        assertEquals(RuleMatch.Result.MATCH, RuleMatch.matches(Rule.of("-p", "tcp", "-m", "multiport", "--dports", "22,50:60", "-j", "X"), p, ctx));
        assertEquals(RuleMatch.Result.NO_MATCH, RuleMatch.matches(Rule.of("-p", "tcp", "-m", "tcp", "!", "--dport", "53", "-j", "X"), p, ctx));
        assertEquals(RuleMatch.Result.MATCH, RuleMatch.matches(Rule.of("-m", "conntrack", "--ctstate", "NEW", "-j", "X"), p, ctx));
        assertEquals(RuleMatch.Result.NO_MATCH, RuleMatch.matches(Rule.of("-m", "conntrack", "--ctstate", "DNAT", "-j", "X"), p, ctx));
        assertEquals(RuleMatch.Result.UNKNOWN, RuleMatch.matches(Rule.of("-m", "set", "--match-set", "blocked", "src", "-j", "DROP"), p, ctx));
        Packet ping = new Packet(ip("fd00::2"), ip("fd00::3"), "icmp", 0, 0);
        assertEquals(RuleMatch.Result.MATCH, RuleMatch.matches(Rule.of("-p", "ipv6-icmp", "-m", "icmp6", "--icmpv6-type", "128", "-j", "X"), ping, ctx));
        assertEquals(RuleMatch.Result.NO_MATCH, RuleMatch.matches(Rule.of("-s", "10.0.0.0/8", "-j", "X"), ping, ctx), "another family never matches");
    }

    @Test
    void gotoReturnsToTheCallersCallerAndUnknownRulesAreReported() {
        Table t = Table.parse("filter", """
                *filter
                :FORWARD ACCEPT [0:0]
                :A - [0:0]
                :B - [0:0]
                -A FORWARD -j A
                -A FORWARD -j DROP
                -A A -g B
                -A A -j REJECT
                -A B -m set --match-set x src -j ACCEPT
                -A B -j RETURN
                COMMIT
                """);
        ChainWalk.Result r = ChainWalk.run(t, "FORWARD", tcp("10.0.0.1", "10.0.0.2", 1), at("a", "b"));
        assertEquals("DROP", r.target(), "B returns past A's REJECT, to FORWARD");
        assertEquals(2, r.decider().number());
        assertEquals(1, r.unevaluated().size());
        assertEquals("B", r.unevaluated().get(0).chain());
    }
}
