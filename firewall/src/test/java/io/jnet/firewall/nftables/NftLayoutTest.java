package io.jnet.firewall.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.firewall.Family;
import io.jnet.firewall.PortMapping;
import io.jnet.firewall.PortPublication;
import io.jnet.inet.IpPrefix;
import io.jnet.netlink.netfilter.NfRule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Names, keys and the attachment chain of the nftables layout, without a kernel. */
class NftLayoutTest {

    @Test
    void chainNamesShareTheNetworksPrefixAndTellAttachmentsApart() {
        String a = NftNames.chain("dnat", "net", "ctr1");
        assertTrue(a.startsWith(NftNames.chainPrefix("dnat", "net")), a);
        assertTrue(a.matches("dnat-[0-9a-f]{16}-[0-9a-f]{16}"), a);
        assertEquals(a, NftNames.chain("dnat", "net", "ctr1"));
        assertNotEquals(a, NftNames.chain("dnat", "net", "ctr2"));
        assertNotEquals(a, NftNames.chain("dnat", "ne", "tctr1"), "the separator keeps (ne, tctr1) apart from (net, ctr1)");
        assertNotEquals(NftNames.chainPrefix("dnat", "net"), NftNames.chainPrefix("dnat", "net2"));
    }

    @Test
    void commentsAreCutToWhatNftTakesWithoutDoubleQuotes() {
        String c = NftNames.owner("portmap", "n".repeat(200), "c");
        assertEquals(127, c.getBytes(StandardCharsets.UTF_8).length);
        assertTrue(c.endsWith("..."));
        assertEquals("jnet x name='a' id=b", NftNames.comment("jnet x name=\"a\" id=b"));
        String multibyte = NftNames.comment("é".repeat(100));
        assertTrue(multibyte.getBytes(StandardCharsets.UTF_8).length <= 127 && multibyte.endsWith("..."), multibyte);
    }

    @Test
    void mapKeysRoundTripInBothFamilies() {
        HostportTable v4 = HostportTable.of(Family.IPV4);
        NftPorts.Key k = new NftPorts.Key(6, 8080, IpPrefix.parse("10.0.0.1/32"));
        assertEquals(k, v4.keyOf(v4.key(k), true));
        NftPorts.Key any = new NftPorts.Key(17, 53, null);
        assertEquals(any, v4.keyOf(v4.key(any), false));
        assertEquals("10.0.0.1 . tcp . 8080", v4.map(k).key().text(v4.key(k)));
        HostportTable v6 = HostportTable.of(Family.IPV6);
        NftPorts.Key k6 = new NftPorts.Key(132, 9000, IpPrefix.parse("fd00::1/128"));
        assertEquals(k6, v6.keyOf(v6.key(k6), true));
    }

    @Test
    void attachmentChainRulesFollowTheReferencesOrderAndNameTheirKeys() {
        PortPublication p = new PortPublication("net", "ctr", IpPrefix.parse("10.88.0.5/16"), null,
                List.of(new PortMapping(8080, 80, "tcp", null), new PortMapping(8443, 443, "tcp", "10.0.0.1")),
                true, false, 13, null, List.of(), List.of());
        List<NfRule> rules = HostportTable.of(Family.IPV4).chainRules(p, "dnat-x");
        assertEquals(List.of(
                "tcp dport 8080 ip saddr 10.88.0.0/16 meta mark set meta mark | 0x00002000",
                "tcp dport 8080 ip saddr 127.0.0.1 meta mark set meta mark | 0x00002000",
                "tcp dport 8080 dnat to 10.88.0.5:80",
                "ip daddr 10.0.0.1 tcp dport 8443 ip saddr 10.88.0.0/16 meta mark set meta mark | 0x00002000",
                "ip daddr 10.0.0.1 tcp dport 8443 ip saddr 127.0.0.1 meta mark set meta mark | 0x00002000",
                "ip daddr 10.0.0.1 tcp dport 8443 dnat to 10.88.0.5:443"), rules.stream().map(NfRule::text).toList());
        for (NfRule r : rules) {
            assertEquals(6, RuleFacts.l4proto(r));
            assertTrue(RuleFacts.dport(r) == 8080 || RuleFacts.dport(r) == 8443);
        }
        assertEquals("10.0.0.1", IpPrefix.text(RuleFacts.address(rules.get(5), RuleFacts.IPV4_DADDR, 4)));
        assertEquals(null, RuleFacts.address(rules.get(2), RuleFacts.IPV4_DADDR, 4));
        assertEquals(List.of(new NftPorts.Key(6, 8080, null), new NftPorts.Key(6, 8443, IpPrefix.parse("10.0.0.1/32"))),
                NftPorts.keys(p, Family.IPV4));
        PortPublication masqAll = new PortPublication("net", "ctr", IpPrefix.parse("10.88.0.5/16"), null,
                List.of(new PortMapping(8080, 80, "tcp", null)), true, true, 13, null, List.of(), List.of());
        assertEquals(List.of("tcp dport 8080 meta mark set meta mark | 0x00002000", "tcp dport 8080 dnat to 10.88.0.5:80"),
                HostportTable.of(Family.IPV4).chainRules(masqAll, "c").stream().map(NfRule::text).toList());
    }
}
