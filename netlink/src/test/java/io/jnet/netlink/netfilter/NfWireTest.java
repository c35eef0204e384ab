package io.jnet.netlink.netfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.inet.IpPrefix;
import io.jnet.netlink.netfilter.expr.Counter;
import io.jnet.netlink.netfilter.expr.Ct;
import io.jnet.netlink.netfilter.expr.Expr;
import io.jnet.netlink.netfilter.expr.Lookup;
import io.jnet.netlink.netfilter.expr.Masq;
import io.jnet.netlink.netfilter.expr.Nat;
import io.jnet.netlink.wire.Message;
import io.jnet.netlink.wire.Nl;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Root-free wire checks: what a batch encodes decodes back to the same objects, the framing is what nfnetlink
 * expects (BEGIN and END around the changes, only the changes asking for an ACK), and element bytes match what
 * nft 1.0.6 sends for the same element ({@code nft --debug=mnl}).
 */
class NfWireTest {
    private static final HexFormat HEX = HexFormat.of();

    private static List<Message> encode(NfBatch b) {
        NfWriter w = new NfWriter(64);
        b.encode(w);
        ByteBuffer buf = ByteBuffer.wrap(w.toBytes()).order(ByteOrder.nativeOrder());
        return Message.split(buf, buf.capacity());
    }

    @Test
    void batchIsFramedByBeginAndEndAndOnlyChangesAskForAnAck() {
        NfBatch b = new NfBatch().addTable(NfTable.of(NfFamily.IP, "t")).deleteTable(NfFamily.IP6, "u");
        List<Message> m = encode(b);
        assertEquals(4, m.size());
        assertEquals(Nft.NFNL_MSG_BATCH_BEGIN, m.get(0).type());
        assertEquals(Nft.NFNL_MSG_BATCH_END, m.get(3).type());
        for (Message edge : List.of(m.get(0), m.get(3))) {
            assertEquals(Nl.F_REQUEST, edge.flags());
            assertEquals(0, edge.u8(0));
            assertEquals(Nft.NFNL_SUBSYS_NFTABLES, (edge.u8(2) << 8) | edge.u8(3), "res_id, big-endian");
        }
        assertEquals(0x0a00, m.get(1).type(), "NFT_MSG_NEWTABLE of subsystem 10");
        assertEquals(Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE, m.get(1).flags());
        assertEquals(NfFamily.IP.code(), m.get(1).u8(0));
        assertEquals(0x0a02, m.get(2).type());
        assertEquals(Nl.F_REQUEST | Nl.F_ACK, m.get(2).flags());
        assertEquals(NfFamily.IP6.code(), m.get(2).u8(0));
        assertEquals("t", NfAttrs.of(m.get(1)).string(Nft.TABLE_NAME));
        assertEquals(List.of("add table ip t", "delete table ip6 u"), b.commands());
    }

    @Test
    void rulesRoundTripThroughTheirEncoding() {
        NfRule built = RuleBuilder.in(NfFamily.INET, "m", "c")
                .match(Field.IP_DADDR, IpPrefix.parse("224.0.0.0/4")).inSet(Field.IP_SADDR, "s")
                .dport("udp", 53).ctState(Ct.STATE_NEW).counter().dnat(IpPrefix.literal("10.1.2.3"), 53)
                .comment("owner").build();
        Message m = encode(new NfBatch().addRule(built)).get(1);
        assertEquals(Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | Nft.NLM_F_APPEND, m.flags());
        NfRule read = NfRule.decode(m);
        assertEquals(built.expressionText(), read.expressionText());
        assertEquals("owner", read.comment());
        assertEquals("c", read.chain());
        assertTrue(read.sameAs(built));
        assertNull(read.text());
    }

    @Test
    void everyExpressionKindDecodesToItself() {
        List<Expr> all = List.of(new Masq(0), new Nat(Nat.SNAT, 10, 1, 0, 0), new Lookup("s", 1, -1, true),
                new Counter(5, 600), new io.jnet.netlink.netfilter.expr.Redir(1, 2),
                new io.jnet.netlink.netfilter.expr.MetaSet(3, 1));
        NfRule r = new NfRule(NfFamily.IP, "t", "c", 0, all, null, null);
        NfRule read = NfRule.decode(encode(new NfBatch().insertRule(r)).get(1));
        assertEquals(r.expressionText(), read.expressionText());
        assertEquals(new Counter(5, 600).packets(), ((Counter) read.exprs().get(3)).packets());
        assertEquals(true, ((Lookup) read.exprs().get(2)).invert());
    }

    @Test
    void verdictMapElementMatchesNftsBytes() {
        SetKey key = SetKey.of(Field.L4PROTO, Field.TH_DPORT);
        NfSet map = NfSet.verdictMap(NfFamily.IP, "t", "hp", key);
        NfElement e = NfElement.of(key.key(new byte[] {6}, new byte[] {0x1f, (byte) 0x90}), Verdict.goTo("dn1"))
                .withComment("xy");
        NfBatch b = new NfBatch().addElements(map, List.of(e));
        assertEquals(List.of("add element ip t hp { tcp . 8080 comment \"xy\" : goto dn1 }"), b.commands());
        Message m = encode(b).get(1);
        NfAttrs a = NfAttrs.of(m);
        // nft --debug=mnl of: add element ip t hp { tcp . 8080 comment "xy" : goto dn1 } (its set-id attribute aside)
        String nft = "3c00 0380"
                + "3800 0180"
                + "1000 0180 0c00 0100 06000000 1f900000"
                + "1800 0280 1400 0280 0800 0100 fffffffc 0800 0200 646e3100"
                + "0900 0600 0003 7879 00 000000";
        int at = a.nested(Nft.SET_ELEM_LIST_ELEMENTS).isEmpty() ? -1 : 0;
        assertEquals(0, at);
        byte[] raw = encodedAttribute(m, Nft.SET_ELEM_LIST_ELEMENTS);
        assertEquals(nft.replace(" ", ""), HEX.formatHex(raw));
        NfElement read = NfElement.decode(a.list(Nft.SET_ELEM_LIST_ELEMENTS).get(0));
        assertEquals(e, read);
        assertEquals(Verdict.goTo("dn1"), read.verdict());
    }

    @Test
    void setDeclarationsCarryTypeAndLength() {
        SetKey key = SetKey.of(Field.IP_DADDR, Field.L4PROTO, Field.TH_DPORT);
        assertEquals(0x730d, key.type(), "ipv4_addr . inet_proto . inet_service as nft numbers it");
        assertEquals(12, key.length());
        NfSet map = NfSet.verdictMap(NfFamily.IP, "t", "hip", key);
        NfBatch b = new NfBatch().addSet(map);
        assertEquals("add map ip t hip { type ipv4_addr . inet_proto . inet_service : verdict; }", b.commands().get(0));
        NfSet read = NfSet.decode(encode(b).get(1));
        assertEquals(Nft.SET_F_MAP, read.flags());
        assertEquals(0x730d, read.keyType());
        assertEquals(12, read.keyLen());
        assertEquals(Nft.DATA_TYPE_VERDICT, read.dataType());
        assertTrue(read.isMap());
        assertEquals("10.0.0.1 . udp . 53", key.text(key.key(new byte[] {10, 0, 0, 1}, new byte[] {17}, new byte[] {0, 53})));
        assertFalse(NfSet.of(NfFamily.INET, "m", "c4", SetKey.of(Field.IP_SADDR)).isMap());
    }

    @Test
    void chainsAndTablesRoundTripWithComments() {
        NfChain base = NfChain.base(NfFamily.INET, "m", "post", "nat", Nft.HOOK_POSTROUTING, Nft.PRIORITY_SRCNAT)
                .withComment("jnet");
        NfBatch b = new NfBatch().addTable(NfTable.of(NfFamily.INET, "m").withComment("owned by jnet")).addChain(base)
                .addChain(NfChain.regular(NfFamily.INET, "m", "x")).flushChain(NfFamily.INET, "m", "x")
                .deleteRule(NfFamily.INET, "m", "x", 42);
        assertEquals(List.of("add table inet m { comment \"owned by jnet\"; }",
                "add chain inet m post { type nat hook postrouting priority 100; policy accept; comment \"jnet\"; }",
                "add chain inet m x", "flush chain inet m x", "delete rule inet m x handle 42"), b.commands());
        List<Message> m = encode(b);
        assertEquals("owned by jnet", NfTable.decode(m.get(1)).comment());
        NfChain read = NfChain.decode(m.get(2));
        assertEquals(base.hook(), read.hook());
        assertEquals(base.priority(), read.priority());
        assertEquals("nat", read.type());
        assertEquals("jnet", read.comment());
        assertFalse(NfChain.decode(m.get(3)).isBase());
        assertEquals(42, NfAttrs.of(m.get(5)).be64(Nft.RULE_HANDLE, 0));
    }

    @Test
    void userDataCommentsAreTypeLengthValueRecords() {
        byte[] u = UserData.comment(UserData.COMMENT, "xy");
        assertEquals("0003787900", HEX.formatHex(u));
        assertEquals("xy", UserData.comment(u, UserData.COMMENT));
        assertNull(UserData.comment(u, UserData.SET_COMMENT));
        assertNull(UserData.comment(new byte[] {0, 9, 1}, 0), "a record overrunning the data is not read");
    }

    /** The bytes of top-level attribute {@code type} of an nfnetlink message, header included. */
    private static byte[] encodedAttribute(Message m, int type) {
        ByteBuffer b = m.buffer();
        int pos = m.payload() + Nft.NFGENMSG_LEN;
        while (pos < m.end()) {
            int len = Short.toUnsignedInt(b.getShort(pos));
            int t = b.getShort(pos + 2) & Nl.NLA_TYPE_MASK;
            if (t == type) {
                byte[] out = new byte[len];
                b.get(pos, out);
                return out;
            }
            pos += Nl.align(len);
        }
        throw new AssertionError("no attribute " + type);
    }
}
