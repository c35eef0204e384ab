package io.jnet.netlink.netfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jnet.inet.IpPrefix;
import io.jnet.netlink.netfilter.expr.Ct;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rules built here compile to the expressions nft 1.0.6 makes of the same text: each expectation below is the
 * {@code nft --debug=netlink} output for the rule text (captured in a throwaway namespace), so nft lists what we
 * add exactly as the text says.
 */
class RuleBuilderTest {

    private static RuleBuilder ip(String chain) {
        return RuleBuilder.in(NfFamily.IP, "t", chain);
    }

    private static RuleBuilder inet() {
        return RuleBuilder.in(NfFamily.INET, "m", "c");
    }

    private static void assertRule(String text, List<String> expressions, NfRule rule) {
        assertEquals(text, rule.text());
        assertEquals(expressions, rule.expressionText());
    }

    @Test
    void fibLocalJump() {
        assertRule("fib daddr type local jump ports", List.of(
                "fib daddr type => reg 1",
                "cmp eq reg 1 0x00000002",
                "immediate reg 0 jump -> ports"),
                ip("pre").fibDaddrLocal().verdict(Verdict.jump("ports")).build());
    }

    @Test
    void concatenatedVerdictMapLookups() {
        assertRule("ip daddr . meta l4proto . th dport vmap @hip", List.of(
                "payload load 4b @ network header + 16 => reg 1",
                "meta load l4proto => reg 9",
                "payload load 2b @ transport header + 2 => reg 10",
                "lookup reg 1 set hip dreg 0"),
                ip("ports").vmap("hip", Field.IP_DADDR, Field.L4PROTO, Field.TH_DPORT).build());
        assertRule("meta l4proto . th dport vmap @hp", List.of(
                "meta load l4proto => reg 1",
                "payload load 2b @ transport header + 2 => reg 9",
                "lookup reg 1 set hp dreg 0"),
                ip("ports").vmap("hp", Field.L4PROTO, Field.TH_DPORT).build());
    }

    @Test
    void aConcatenationPastSixteenBytesContinuesInTheRegistersTheKernelNames() {
        // the kernel lists the 4-byte register at offset 16 as the second 16-byte register (REG32_04 is REG_2)
        assertRule("ip6 daddr . meta l4proto . th dport vmap @hip6", List.of(
                "payload load 16b @ network header + 24 => reg 1",
                "meta load l4proto => reg 2",
                "payload load 2b @ transport header + 2 => reg 13",
                "lookup reg 1 set hip6 dreg 0"),
                RuleBuilder.in(NfFamily.IP6, "t", "ports").vmap("hip6", Field.IP6_DADDR, Field.L4PROTO, Field.TH_DPORT).build());
    }

    @Test
    void markTestAndMasquerade() {
        assertRule("meta mark & 0x00002000 == 0x00002000 masquerade", List.of(
                "meta load mark => reg 1",
                "bitwise reg 1 = ( reg 1 & 0x00002000 ) ^ 0x00000000",
                "cmp eq reg 1 0x00002000",
                "masq"),
                ip("post").markBits(0x2000).masquerade().build());
    }

    @Test
    void inetPrefixesGetTheirFamilyGuard() {
        assertRule("ip daddr 10.88.0.0/16 return", List.of(
                "meta load nfproto => reg 1",
                "cmp eq reg 1 0x00000002",
                "payload load 2b @ network header + 16 => reg 1",
                "cmp eq reg 1 0x0000580a",
                "immediate reg 0 return"),
                inet().match(Field.IP_DADDR, IpPrefix.parse("10.88.0.0/16")).verdict(Verdict.RETURN).build());
        assertRule("ip daddr 224.0.0.0/4 return", List.of(
                "meta load nfproto => reg 1",
                "cmp eq reg 1 0x00000002",
                "payload load 4b @ network header + 16 => reg 1",
                "bitwise reg 1 = ( reg 1 & 0x000000f0 ) ^ 0x00000000",
                "cmp eq reg 1 0x000000e0",
                "immediate reg 0 return"),
                inet().match(Field.IP_DADDR, IpPrefix.parse("224.0.0.0/4")).verdict(Verdict.RETURN).build());
        assertRule("ip6 daddr ff00::/8 return", List.of(
                "meta load nfproto => reg 1",
                "cmp eq reg 1 0x0000000a",
                "payload load 1b @ network header + 24 => reg 1",
                "cmp eq reg 1 0x000000ff",
                "immediate reg 0 return"),
                inet().match(Field.IP6_DADDR, IpPrefix.parse("ff00::/8")).verdict(Verdict.RETURN).build());
        assertRule("ip saddr vmap @masq4", List.of(
                "meta load nfproto => reg 1",
                "cmp eq reg 1 0x00000002",
                "payload load 4b @ network header + 12 => reg 1",
                "lookup reg 1 set masq4 dreg 0"),
                inet().vmap("masq4", Field.IP_SADDR).build());
    }

    @Test
    void interfaceAndConntrackMatches() {
        assertRule("iifname \"br0\" oifname != \"br0\" drop", List.of(
                "meta load iifname => reg 1",
                "cmp eq reg 1 0x00307262 0x00000000 0x00000000 0x00000000",
                "meta load oifname => reg 1",
                "cmp neq reg 1 0x00307262 0x00000000 0x00000000 0x00000000",
                "immediate reg 0 drop"),
                inet().iifname("br0", true).oifname("br0", false).verdict(Verdict.DROP).build());
        int estRel = Ct.STATE_ESTABLISHED | Ct.STATE_RELATED;
        assertRule("oifname \"br0\" ct state ! established,related ct status ! dnat drop", List.of(
                "meta load oifname => reg 1",
                "cmp eq reg 1 0x00307262 0x00000000 0x00000000 0x00000000",
                "ct load state => reg 1",
                "bitwise reg 1 = ( reg 1 & 0x00000006 ) ^ 0x00000000",
                "cmp eq reg 1 0x00000000",
                "ct load status => reg 1",
                "bitwise reg 1 = ( reg 1 & 0x00000020 ) ^ 0x00000000",
                "cmp eq reg 1 0x00000000",
                "immediate reg 0 drop"),
                inet().oifname("br0", true).ctStateNot(estRel).ctStatusNot(Ct.STATUS_DNAT).verdict(Verdict.DROP).build());
        assertRule("ip daddr @c4 ct state established,related accept", List.of(
                "meta load nfproto => reg 1",
                "cmp eq reg 1 0x00000002",
                "payload load 4b @ network header + 16 => reg 1",
                "lookup reg 1 set c4",
                "ct load state => reg 1",
                "bitwise reg 1 = ( reg 1 & 0x00000006 ) ^ 0x00000000",
                "cmp neq reg 1 0x00000000",
                "immediate reg 0 accept"),
                inet().inSet(Field.IP_DADDR, "c4").ctState(estRel).verdict(Verdict.ACCEPT).build());
        assertRule("ip daddr @c4 ct status dnat accept", List.of(
                "meta load nfproto => reg 1",
                "cmp eq reg 1 0x00000002",
                "payload load 4b @ network header + 16 => reg 1",
                "lookup reg 1 set c4",
                "ct load status => reg 1",
                "bitwise reg 1 = ( reg 1 & 0x00000020 ) ^ 0x00000000",
                "cmp neq reg 1 0x00000000",
                "immediate reg 0 accept"),
                inet().inSet(Field.IP_DADDR, "c4").ctStatus(Ct.STATUS_DNAT).verdict(Verdict.ACCEPT).build());
    }

    @Test
    void portsMarksAndTranslations() {
        assertRule("tcp dport 8080 ip saddr 10.88.0.0/16 meta mark set meta mark | 0x00002000", List.of(
                "meta load l4proto => reg 1",
                "cmp eq reg 1 0x00000006",
                "payload load 2b @ transport header + 2 => reg 1",
                "cmp eq reg 1 0x0000901f",
                "payload load 2b @ network header + 12 => reg 1",
                "cmp eq reg 1 0x0000580a",
                "meta load mark => reg 1",
                "bitwise reg 1 = ( reg 1 & 0xffffdfff ) ^ 0x00002000",
                "meta set mark with reg 1"),
                ip("dn").dport("tcp", 8080).match(Field.IP_SADDR, IpPrefix.parse("10.88.0.0/16")).setMarkBits(0x2000).build());
        assertRule("udp dport 53 ip daddr 10.0.0.1 dnat to 10.88.0.5:5353", List.of(
                "meta load l4proto => reg 1",
                "cmp eq reg 1 0x00000011",
                "payload load 2b @ transport header + 2 => reg 1",
                "cmp eq reg 1 0x00003500",
                "payload load 4b @ network header + 16 => reg 1",
                "cmp eq reg 1 0x0100000a",
                "immediate reg 1 0x0500580a",
                "immediate reg 2 0x0000e914",
                "nat dnat ip addr_min reg 1 proto_min reg 2 flags 0x3"), // MAP_IPS, which the kernel adds to nft's 0x2
                ip("dn").dport("udp", 53).match(Field.IP_DADDR, IpPrefix.parse("10.0.0.1/32"))
                        .dnat(IpPrefix.literal("10.88.0.5"), 5353).build());
        assertRule("sctp dport 99 redirect to :100", List.of(
                "meta load l4proto => reg 1",
                "cmp eq reg 1 0x00000084",
                "payload load 2b @ transport header + 2 => reg 1",
                "cmp eq reg 1 0x00006300",
                "immediate reg 1 0x00006400",
                "redir proto_min reg 1 flags 0x2"),
                ip("dn").dport("sctp", 99).redirect(100).build());
        assertRule("tcp dport 8080 dnat to [fd00::5]:80", List.of(
                "meta load l4proto => reg 1",
                "cmp eq reg 1 0x00000006",
                "payload load 2b @ transport header + 2 => reg 1",
                "cmp eq reg 1 0x0000901f",
                "immediate reg 1 0x000000fd 0x00000000 0x00000000 0x05000000",
                "immediate reg 2 0x00005000",
                "nat dnat ip6 addr_min reg 1 proto_min reg 2 flags 0x3"),
                RuleBuilder.in(NfFamily.IP6, "p6", "dn").dport("tcp", 8080).dnat(IpPrefix.literal("fd00::5"), 80).build());
    }

    @Test
    void bridgeMacCheck() {
        assertRule("ether saddr 02:00:00:00:00:01 return", List.of(
                "payload load 6b @ link header + 6 => reg 1",
                "cmp eq reg 1 0x00000002 0x00000100",
                "immediate reg 0 return"),
                RuleBuilder.in(NfFamily.BRIDGE, "b", "x").etherSaddr(new byte[] {2, 0, 0, 0, 0, 1}).verdict(Verdict.RETURN).build());
    }

    @Test
    void commentsAreKeptApartFromTheTextAndLimited() {
        NfRule r = ip("c").verdict(Verdict.ACCEPT).comment("name: \"n\" id: \"c\"").build();
        assertEquals("accept", r.text());
        assertEquals("accept comment \"name: \"n\" id: \"c\"\"", r.body());
        assertThrows(IllegalArgumentException.class, () -> ip("c").comment("x".repeat(128)));
    }

    @Test
    void aFieldOfTheOtherFamilyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ip("c").match(Field.IP6_DADDR, IpPrefix.parse("fd00::/8")));
    }
}
