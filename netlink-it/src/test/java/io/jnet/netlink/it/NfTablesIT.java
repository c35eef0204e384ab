package io.jnet.netlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.jnet.inet.IpPrefix;
import io.jnet.netlink.AlreadyExistsException;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.netfilter.Field;
import io.jnet.netlink.netfilter.NfBatch;
import io.jnet.netlink.netfilter.NfChain;
import io.jnet.netlink.netfilter.NfElement;
import io.jnet.netlink.netfilter.NfFamily;
import io.jnet.netlink.netfilter.NfRule;
import io.jnet.netlink.netfilter.NfSet;
import io.jnet.netlink.netfilter.NfTable;
import io.jnet.netlink.netfilter.NfTables;
import io.jnet.netlink.netfilter.Nft;
import io.jnet.netlink.netfilter.RuleBuilder;
import io.jnet.netlink.netfilter.SetKey;
import io.jnet.netlink.netfilter.Verdict;
import io.jnet.netlink.netfilter.expr.Ct;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * nf_tables through netlink, checked against the kernel and against the {@code nft} program's own listing: every
 * expression kind round-trips, rules list in nft exactly as the builder wrote them, sets and maps (verdict maps,
 * concatenated keys) take and give elements, objects go by handle, and a batch is all or nothing.
 */
@KernelTest
class NfTablesIT {

    private static List<String> withComments(List<NfRule> rules) {
        List<String> out = new ArrayList<>();
        for (NfRule r : rules) {
            out.add(r.body());
        }
        return out;
    }

    @Test
    void everyExpressionKindRoundTripsAndListsInNftAsWritten(Sandbox sb) throws Exception {
        NetNs ns = sb.host();
        NfTables nft = NfTables.open(ns);
        try (nft) {
            NfBatch b = new NfBatch()
                    .addTable(NfTable.of(NfFamily.IP, "t").withComment("jnet test"))
                    .addSet(NfSet.of(NfFamily.IP, "t", "s", SetKey.of(Field.IP_SADDR)))
                    .addSet(NfSet.verdictMap(NfFamily.IP, "t", "hp", SetKey.of(Field.L4PROTO, Field.TH_DPORT)))
                    .addChain(NfChain.regular(NfFamily.IP, "t", "x").withComment("a regular chain"))
                    .addChain(NfChain.base(NfFamily.IP, "t", "pre", "nat", Nft.HOOK_PREROUTING, Nft.PRIORITY_DSTNAT))
                    .addChain(NfChain.base(NfFamily.IP, "t", "post", "nat", Nft.HOOK_POSTROUTING, Nft.PRIORITY_SRCNAT))
                    .addChain(NfChain.base(NfFamily.IP, "t", "filter_fwd", "filter", Nft.HOOK_FORWARD, Nft.PRIORITY_FILTER));
            List<NfRule> pre = List.of(
                    RuleBuilder.in(NfFamily.IP, "t", "pre").fibDaddrLocal().verdict(Verdict.jump("x")).comment("fib").build(),
                    RuleBuilder.in(NfFamily.IP, "t", "pre").vmap("hp", Field.L4PROTO, Field.TH_DPORT).build(),
                    RuleBuilder.in(NfFamily.IP, "t", "pre").dport("tcp", 8080)
                            .match(Field.IP_SADDR, IpPrefix.parse("10.88.0.0/16")).setMarkBits(0x2000).build(),
                    RuleBuilder.in(NfFamily.IP, "t", "pre").dport("udp", 53)
                            .match(Field.IP_DADDR, IpPrefix.parse("10.0.0.1/32"))
                            .dnat(IpPrefix.literal("10.88.0.5"), 5353).build(),
                    RuleBuilder.in(NfFamily.IP, "t", "pre").dport("sctp", 99).redirect(100).build());
            List<NfRule> post = List.of(
                    RuleBuilder.in(NfFamily.IP, "t", "post").markBits(0x2000).masquerade().build(),
                    RuleBuilder.in(NfFamily.IP, "t", "post").matchNot(Field.IP_DADDR, IpPrefix.parse("224.0.0.0/4"))
                            .inSet(Field.IP_SADDR, "s").counter().masquerade().build());
            List<NfRule> fwd = List.of(
                    RuleBuilder.in(NfFamily.IP, "t", "filter_fwd").iifname("br0", true).oifname("br0", false)
                            .verdict(Verdict.DROP).comment("isolation").build(),
                    RuleBuilder.in(NfFamily.IP, "t", "filter_fwd").oifname("br0", true)
                            .ctStateNot(Ct.STATE_ESTABLISHED | Ct.STATE_RELATED).ctStatusNot(Ct.STATUS_DNAT)
                            .verdict(Verdict.DROP).build(),
                    RuleBuilder.in(NfFamily.IP, "t", "filter_fwd").l4proto("udp").ctState(Ct.STATE_NEW)
                            .verdict(Verdict.goTo("x")).build());
            pre.forEach(b::addRule);
            post.forEach(b::addRule);
            fwd.forEach(b::addRule);
            nft.commit(b);

            for (List<NfRule> chain : List.of(pre, post, fwd)) {
                String name = chain.get(0).chain();
                List<NfRule> read = nft.rules(NfFamily.IP, "t", name);
                assertEquals(chain.size(), read.size(), name);
                for (int i = 0; i < chain.size(); i++) {
                    assertEquals(chain.get(i).expressionText(), read.get(i).expressionText(), name + " rule " + i);
                    assertEquals(chain.get(i).comment(), read.get(i).comment());
                    assertTrue(read.get(i).handle() > 0);
                }
                List<String> listed = NftCli.ruleLines(sb, ns, "ip", "t", name);
                // nft prints the counter with its values; everything else exactly as written
                listed.replaceAll(l -> l.replace("counter packets 0 bytes 0", "counter"));
                assertEquals(withComments(chain), listed, "nft list chain ip t " + name);
            }
            NfTable t = nft.table(NfFamily.IP, "t").orElseThrow();
            assertEquals("jnet test", t.comment());
            assertEquals(6, t.use(), "four chains and two sets");
            NfChain x = nft.chain(NfFamily.IP, "t", "x").orElseThrow();
            assertEquals("a regular chain", x.comment());
            assertFalse(x.isBase());
            NfChain p = nft.chains(NfFamily.IP, "t").stream().filter(c -> c.name().equals("pre")).findFirst().orElseThrow();
            assertEquals(Nft.HOOK_PREROUTING, p.hook());
            assertEquals(-100, p.priority());
            assertEquals("nat", p.type());
            JsonObject jsonChain = NftCli.of(sb, ns, "chain").stream().filter(c -> c.get("name").getAsString().equals("pre"))
                    .findFirst().orElseThrow();
            assertEquals("prerouting", jsonChain.get("hook").getAsString());
            assertEquals(-100, jsonChain.get("prio").getAsInt());
        }
    }

    @Test
    void familiesIp6AndInetAndBridge(Sandbox sb) throws Exception {
        NetNs ns = sb.host();
        try (NfTables nft = NfTables.open(ns)) {
            List<NfRule> inet = List.of(
                    RuleBuilder.in(NfFamily.INET, "m", "c").match(Field.IP_DADDR, IpPrefix.parse("10.88.0.0/16"))
                            .verdict(Verdict.RETURN).comment("name: \"n\" id: \"c\"").build(),
                    RuleBuilder.in(NfFamily.INET, "m", "c").match(Field.IP6_DADDR, IpPrefix.parse("ff00::/8"))
                            .verdict(Verdict.RETURN).build(),
                    RuleBuilder.in(NfFamily.INET, "m", "c").match(Field.IP6_SADDR, IpPrefix.parse("fd00::5/128"))
                            .dnat(IpPrefix.literal("fd00::9"), 80).build());
            List<NfRule> ip6 = List.of(RuleBuilder.in(NfFamily.IP6, "p6", "dn").dport("tcp", 8080)
                    .dnat(IpPrefix.literal("fd00::5"), 80).build(),
                    RuleBuilder.in(NfFamily.IP6, "p6", "dn").vmap("hip6", Field.IP6_DADDR, Field.L4PROTO, Field.TH_DPORT).build());
            List<NfRule> bridge = List.of(
                    RuleBuilder.in(NfFamily.BRIDGE, "b", "x").etherSaddr(new byte[] {2, 0, 0, 0, 0, 1})
                            .verdict(Verdict.RETURN).build(),
                    RuleBuilder.in(NfFamily.BRIDGE, "b", "x").verdict(Verdict.DROP).build());
            NfBatch b = new NfBatch()
                    .addTable(NfTable.of(NfFamily.INET, "m"))
                    .addChain(NfChain.base(NfFamily.INET, "m", "c", "nat", Nft.HOOK_PREROUTING, Nft.PRIORITY_DSTNAT))
                    .addTable(NfTable.of(NfFamily.IP6, "p6"))
                    .addSet(NfSet.verdictMap(NfFamily.IP6, "p6", "hip6", SetKey.of(Field.IP6_DADDR, Field.L4PROTO, Field.TH_DPORT)))
                    .addChain(NfChain.base(NfFamily.IP6, "p6", "dn", "nat", Nft.HOOK_OUTPUT, Nft.PRIORITY_DSTNAT))
                    .addTable(NfTable.of(NfFamily.BRIDGE, "b"))
                    .addChain(NfChain.base(NfFamily.BRIDGE, "b", "pre", "filter", Nft.HOOK_PREROUTING, Nft.PRIORITY_RAW))
                    .addChain(NfChain.regular(NfFamily.BRIDGE, "b", "x"));
            inet.forEach(b::addRule);
            ip6.forEach(b::addRule);
            bridge.forEach(b::addRule);
            b.addRule(RuleBuilder.in(NfFamily.BRIDGE, "b", "pre").iifname("veth1", true).verdict(Verdict.jump("x")).build());
            nft.commit(b);

            assertEquals(withComments(inet), NftCli.ruleLines(sb, ns, "inet", "m", "c"));
            assertEquals(withComments(ip6), NftCli.ruleLines(sb, ns, "ip6", "p6", "dn"));
            assertEquals(withComments(bridge), NftCli.ruleLines(sb, ns, "bridge", "b", "x"));
            assertEquals(inet.get(0).expressionText(), nft.rules(NfFamily.INET, "m", "c").get(0).expressionText());
            assertEquals(ip6.get(1).expressionText(), nft.rules(NfFamily.IP6, "p6", "dn").get(1).expressionText(),
                    "registers of a long concatenation read back as written");
            List<String> tables = nft.tables().stream().map(NfTable::spec).sorted().toList();
            assertEquals(List.of("bridge b", "inet m", "ip6 p6"), tables);
            assertEquals(8, nft.rules(NfFamily.BRIDGE, "b").size() + nft.rules(NfFamily.INET, "m").size()
                    + nft.rules(NfFamily.IP6, "p6").size());
        }
    }

    @Test
    void setsAndVerdictMapsWithConcatenatedKeysTakeAndGiveElements(Sandbox sb) throws Exception {
        NetNs ns = sb.host();
        try (NfTables nft = NfTables.open(ns)) {
            SetKey key = SetKey.of(Field.IP_DADDR, Field.L4PROTO, Field.TH_DPORT);
            NfSet hip = NfSet.verdictMap(NfFamily.IP, "t", "hip", key).withComment("host ports");
            NfSet c4 = NfSet.of(NfFamily.IP, "t", "c4", SetKey.of(Field.IP_SADDR));
            byte[] k1 = key.key(new byte[] {10, 0, 0, 1}, new byte[] {6}, new byte[] {0x1f, (byte) 0x90});
            byte[] k2 = key.key(new byte[] {10, 0, 0, 2}, new byte[] {17}, new byte[] {0, 53});
            NfBatch b = new NfBatch().addTable(NfTable.of(NfFamily.IP, "t"))
                    .addChain(NfChain.regular(NfFamily.IP, "t", "dn1"))
                    .addSet(hip).addSet(c4)
                    .addElements(hip, List.of(NfElement.of(k1, Verdict.goTo("dn1")).withComment("name: \"n\" id: \"c1\""),
                            NfElement.of(k2, Verdict.jump("dn1"))))
                    .addElements(c4, List.of(NfElement.of(new byte[] {10, 88, 0, 5}).withComment("c5")));
            nft.commit(b);

            List<NfElement> elements = nft.elements(NfFamily.IP, "t", "hip");
            assertEquals(2, elements.size());
            NfElement one = nft.element(hip, k1).orElseThrow();
            assertEquals(Verdict.goTo("dn1"), one.verdict());
            assertEquals("name: \"n\" id: \"c1\"", one.comment());
            assertTrue(nft.element(hip, key.key(new byte[] {10, 0, 0, 1}, new byte[] {6}, new byte[] {0, 1})).isEmpty());
            assertEquals("c5", nft.elements(NfFamily.IP, "t", "c4").get(0).comment());
            NfSet read = nft.sets(NfFamily.IP, "t").stream().filter(s -> s.name().equals("hip")).findFirst().orElseThrow();
            assertEquals(key.type(), read.keyType());
            assertEquals("host ports", read.comment());

            String listing = NftCli.text(sb, ns);
            assertTrue(listing.contains("type ipv4_addr . inet_proto . inet_service : verdict"), listing);
            assertTrue(listing.contains("10.0.0.1 . tcp . 8080 comment \"name: \"n\" id: \"c1\"\" : goto dn1"), listing);
            assertTrue(listing.contains("10.0.0.2 . udp . 53 : jump dn1"), listing);

            // an existing key with another verdict is refused; the same element again is not
            assertThrows(NetlinkException.class, () -> nft.commit(new NfBatch()
                    .addChain(NfChain.regular(NfFamily.IP, "t", "dn2"))
                    .addElements(hip, List.of(NfElement.of(k1, Verdict.goTo("dn2"))))));
            nft.commit(new NfBatch().addElements(hip, List.of(NfElement.of(k2, Verdict.jump("dn1")))));

            nft.commit(new NfBatch().deleteElements(hip, List.of(NfElement.of(k1))));
            assertEquals(1, nft.elements(NfFamily.IP, "t", "hip").size());
            assertTrue(nft.element(hip, k1).isEmpty());
            assertFalse(nft.chain(NfFamily.IP, "t", "dn2").isPresent(), "the refused batch made no chain");
        }
    }

    @Test
    void rulesGoByHandleChainsByFlushAndTablesWhole(Sandbox sb) throws Exception {
        NetNs ns = sb.host();
        try (NfTables nft = NfTables.open(ns)) {
            NfBatch b = new NfBatch().addTable(NfTable.of(NfFamily.INET, "t"))
                    .addChain(NfChain.regular(NfFamily.INET, "t", "c"));
            for (int port = 1; port <= 3; port++) {
                b.addRule(RuleBuilder.in(NfFamily.INET, "t", "c").dport("tcp", port).verdict(Verdict.ACCEPT).build());
            }
            b.insertRule(RuleBuilder.in(NfFamily.INET, "t", "c").dport("udp", 9).verdict(Verdict.DROP).build());
            nft.commit(b);
            List<NfRule> rules = nft.rules(NfFamily.INET, "t", "c");
            assertEquals(List.of("udp dport 9 drop", "tcp dport 1 accept", "tcp dport 2 accept", "tcp dport 3 accept"),
                    NftCli.ruleLines(sb, ns, "inet", "t", "c"));

            nft.commit(new NfBatch().deleteRule(rules.get(2)));
            assertEquals(List.of("udp dport 9 drop", "tcp dport 1 accept", "tcp dport 3 accept"),
                    NftCli.ruleLines(sb, ns, "inet", "t", "c"));
            NetlinkException e = assertThrows(NetlinkException.class, () -> nft.commit(new NfBatch().deleteRule(rules.get(2))));
            assertTrue(e.getMessage().contains("delete rule inet t c handle " + rules.get(2).handle()), e.getMessage());

            nft.commit(new NfBatch().flushChain(NfFamily.INET, "t", "c").deleteChain(NfFamily.INET, "t", "c"));
            assertTrue(nft.chain(NfFamily.INET, "t", "c").isEmpty());
            assertEquals(List.of(), nft.rules(NfFamily.INET, "t", "c"));
            nft.commit(new NfBatch().deleteTable(NfFamily.INET, "t"));
            assertEquals(Optional.empty(), nft.table(NfFamily.INET, "t"));
            assertEquals("", NftCli.text(sb, ns).strip());
        }
    }

    @Test
    void aBatchWithOneBadChangeChangesNothing(Sandbox sb) throws Exception {
        NetNs ns = sb.host();
        try (NfTables nft = NfTables.open(ns)) {
            nft.commit(new NfBatch().addTable(NfTable.of(NfFamily.IP, "keep"))
                    .addChain(NfChain.regular(NfFamily.IP, "keep", "c"))
                    .addRule(RuleBuilder.in(NfFamily.IP, "keep", "c").verdict(Verdict.ACCEPT).build()));
            String before = NftCli.text(sb, ns);
            long gen = nft.generation();

            NfBatch bad = new NfBatch().addTable(NfTable.of(NfFamily.IP, "new"))
                    .addChain(NfChain.regular(NfFamily.IP, "new", "c"))
                    .addRule(RuleBuilder.in(NfFamily.IP, "keep", "c").verdict(Verdict.DROP).build())
                    .flushChain(NfFamily.IP, "keep", "c")
                    .addRule(RuleBuilder.in(NfFamily.IP, "new", "c").verdict(Verdict.jump("missing")).build())
                    .addRule(RuleBuilder.in(NfFamily.IP, "new", "c").verdict(Verdict.ACCEPT).build());
            NetlinkException e = assertThrows(NetlinkException.class, () -> nft.commit(bad));
            assertTrue(e.getMessage().contains("add rule ip new c jump missing"), e.getMessage());
            assertEquals(2, e.errno(), "ENOENT: no chain named missing");

            assertEquals(before, NftCli.text(sb, ns), "nothing of the refused batch took effect");
            assertEquals(gen, nft.generation(), "no new ruleset generation");
            assertTrue(nft.table(NfFamily.IP, "new").isEmpty());
            assertThrows(AlreadyExistsException.class, () -> nft.commit(new NfBatch()
                    .addChain(NfChain.regular(NfFamily.IP, "keep", "c"))
                    .addSet(NfSet.of(NfFamily.IP, "keep", "s", SetKey.of(Field.IP_SADDR)))
                    .addSet(NfSet.of(NfFamily.IP, "keep", "s", SetKey.of(Field.IP6_SADDR)))));
            assertEquals(before, NftCli.text(sb, ns));
        }
    }

    @Test
    void aSetLookupDecidesWhatPasses(Sandbox sb) throws Exception {
        NetNs host = sb.host();
        NfSet blocked = NfSet.of(NfFamily.INET, "f", "blocked", SetKey.of(Field.IP_DADDR));
        try (NfTables nft = NfTables.open(host)) {
            nft.commit(new NfBatch().addTable(NfTable.of(NfFamily.INET, "f")).addSet(blocked)
                    .addChain(NfChain.base(NfFamily.INET, "f", "out", "filter", Nft.HOOK_OUTPUT, Nft.PRIORITY_FILTER))
                    .addRule(RuleBuilder.in(NfFamily.INET, "f", "out").inSet(Field.IP_DADDR, "blocked").counter()
                            .verdict(Verdict.DROP).build()));
            sb.exec(host, "ping", "-c", "1", "-W", "1", "127.0.0.1").assertOk();
            NfElement lo = NfElement.of(new byte[] {127, 0, 0, 1});
            nft.commit(new NfBatch().addElements(blocked, List.of(lo)));
            sb.exec(host, "ping", "-c", "1", "-W", "1", "127.0.0.1").assertFailed();
            io.jnet.netlink.netfilter.expr.Counter counted = (io.jnet.netlink.netfilter.expr.Counter)
                    nft.rules(NfFamily.INET, "f", "out").get(0).exprs().stream()
                            .filter(x -> x instanceof io.jnet.netlink.netfilter.expr.Counter).findFirst().orElseThrow();
            assertTrue(counted.packets() >= 1, "the drop rule counted the ping");
            nft.commit(new NfBatch().deleteElements(blocked, List.of(lo)));
            sb.exec(host, "ping", "-c", "1", "-W", "1", "127.0.0.1").assertOk();
        }
    }
}
