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

    @Test
    void aRangeIsOneRuleOfEachKindAndOneMapElementPerPort() {
        List<PortMapping> m = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            m.add(new PortMapping(20000 + i, 20000 + i, "tcp", null)); // the same ports on both sides
        }
        for (int i = 0; i < 3; i++) {
            m.add(new PortMapping(8000 + i, 80 + i, "udp", null)); // shifted
        }
        m.add(new PortMapping(9000, 9000, "tcp", "127.0.0.1"));
        PortPublication p = new PortPublication("net", "ctr", IpPrefix.parse("10.88.0.5/16"), null, m, true, false, 13, null,
                List.of(), List.of(), true);
        List<NfRule> rules = HostportTable.of(Family.IPV4).chainRules(p, "dnat-x");
        assertEquals(List.of(
                "ip daddr 127.0.0.0/8 return",
                "tcp dport 20000-20999 ip saddr 10.88.0.0/16 meta mark set meta mark | 0x00002000",
                "tcp dport 20000-20999 dnat to 10.88.0.5",
                "udp dport 8000-8002 ip saddr 10.88.0.0/16 meta mark set meta mark | 0x00002000",
                "udp dport 8000 dnat to 10.88.0.5:80",
                "udp dport 8001 dnat to 10.88.0.5:81",
                "udp dport 8002 dnat to 10.88.0.5:82"), rules.stream().map(NfRule::text).toList(),
                "with the proxy: loopback returns, no localhost mark, nothing for the 127.0.0.1 mapping");
        assertEquals(1003, NftPorts.keys(p, Family.IPV4).size(), "every port its element; the proxy's 127.0.0.1 port none");
        assertTrue(java.util.Arrays.equals(new int[] {20000, 20999}, RuleFacts.dports(rules.get(2))));
        assertTrue(java.util.Arrays.equals(new int[] {8001, 8001}, RuleFacts.dports(rules.get(5))));
        assertEquals(null, RuleFacts.dports(rules.get(0)));
    }

    @Test
    void gatewayModesDropDirectAccessBeforeNatAndRoutedOpensOnlyPublishedContainerPorts() throws Exception {
        // runs of consecutive container ports in mapping order, as on iptables
        List<PortMapping> published = List.of(new PortMapping(8080, 80, "tcp", null), new PortMapping(9000, 9000, "tcp", "127.0.0.1"),
                new PortMapping(9001, 9001, "tcp", "127.0.0.1"), new PortMapping(81, 81, "tcp", null));
        io.jnet.firewall.ForwardSpec nat = new io.jnet.firewall.ForwardSpec("n1", "CNI-ADMIN", true, false,
                io.jnet.firewall.GatewayMode.NAT, published);
        assertEquals(List.of(
                "iifname \"br0\" return",
                "ip daddr 10.0.0.2 iifname != \"br0\" drop",
                "ip daddr 127.0.0.1 iifname != \"lo\" tcp dport 9000-9001 drop"),
                NftGateway.wanted(nat, "fw-x", "br0", List.of("10.0.0.2/32")).stream().map(NfRule::text).toList());
        io.jnet.firewall.ForwardSpec unprotected = new io.jnet.firewall.ForwardSpec("n1", "CNI-ADMIN", true, false,
                io.jnet.firewall.GatewayMode.NAT_UNPROTECTED, published);
        assertEquals(1, NftGateway.wanted(unprotected, "fw-x", "br0", List.of("10.0.0.2/32")).size(), "the return alone");
        assertEquals(0, NftGateway.wanted(new io.jnet.firewall.ForwardSpec("n1", "CNI-ADMIN", true, false), "fw-x", "br0",
                List.of("10.0.0.2/32")).size(), "no mode: no raw rule");
        io.jnet.firewall.ForwardSpec routed = new io.jnet.firewall.ForwardSpec("n1", "CNI-ADMIN", true, false,
                io.jnet.firewall.GatewayMode.ROUTED, published);
        assertEquals(List.of(
                "ip daddr 10.0.0.2 iifname != \"br0\" oifname \"br0\" tcp dport 80 accept",
                "ip daddr 10.0.0.2 iifname != \"br0\" oifname \"br0\" tcp dport 9000-9001 accept",
                "ip daddr 10.0.0.2 iifname != \"br0\" oifname \"br0\" tcp dport 81 accept",
                "ip daddr 10.0.0.2 iifname != \"br0\" oifname \"br0\" meta l4proto icmp accept",
                "ip daddr 10.0.0.2 iifname != \"br0\" oifname \"br0\" drop"),
                NftGateway.routed(routed, "fw-x", "br0", java.net.InetAddress.getByName("10.0.0.2"), "c").stream()
                        .map(NfRule::text).toList());
    }
}
