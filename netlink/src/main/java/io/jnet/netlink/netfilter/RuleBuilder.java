package io.jnet.netlink.netfilter;

import io.jnet.inet.IpPrefix;
import io.jnet.netlink.netfilter.expr.Bitwise;
import io.jnet.netlink.netfilter.expr.Cmp;
import io.jnet.netlink.netfilter.expr.Counter;
import io.jnet.netlink.netfilter.expr.Ct;
import io.jnet.netlink.netfilter.expr.Expr;
import io.jnet.netlink.netfilter.expr.Fib;
import io.jnet.netlink.netfilter.expr.Immediate;
import io.jnet.netlink.netfilter.expr.Lookup;
import io.jnet.netlink.netfilter.expr.Masq;
import io.jnet.netlink.netfilter.expr.Meta;
import io.jnet.netlink.netfilter.expr.MetaSet;
import io.jnet.netlink.netfilter.expr.Nat;
import io.jnet.netlink.netfilter.expr.Redir;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a rule from matches and statements the way nft compiles them (the same expressions, registers and
 * protocol guards), and writes down the text nft prints for it, so a rule made here lists in {@code nft list
 * ruleset} exactly as written and describes itself as its {@code nft add rule} command.
 */
public final class RuleBuilder {
    private final NfFamily family;
    private final String table;
    private final String chain;
    private final List<Expr> exprs = new ArrayList<>();
    private final List<String> words = new ArrayList<>();
    private int guardedFamily;
    private String guardedL4;
    private String comment;

    private RuleBuilder(NfFamily family, String table, String chain) {
        this.family = family;
        this.table = table;
        this.chain = chain;
    }

    /** A rule for chain {@code chain} of table {@code FAMILY TABLE}. */
    public static RuleBuilder in(NfFamily family, String table, String chain) {
        return new RuleBuilder(family, table, chain);
    }

    // ---- matches

    /** {@code ip saddr 10.88.0.0/16} (a full-length prefix is written as the bare address). */
    public RuleBuilder match(Field field, IpPrefix prefix) {
        return prefix(field, prefix, Cmp.EQ, "");
    }

    /** {@code ip daddr != 10.88.0.0/16}. */
    public RuleBuilder matchNot(Field field, IpPrefix prefix) {
        return prefix(field, prefix, Cmp.NEQ, "!= ");
    }

    private RuleBuilder prefix(Field field, IpPrefix prefix, int op, String opText) {
        guard(field);
        byte[] addr = prefix.network().address().getAddress();
        if (addr.length != field.length()) {
            throw new IllegalArgumentException(field + " cannot match " + prefix);
        }
        int bits = prefix.length();
        if (bits % 8 == 0) {
            int bytes = bits / 8;
            exprs.add(field.loadPrefix(Nft.REG_1, bytes));
            exprs.add(new Cmp(Nft.REG_1, op, java.util.Arrays.copyOf(addr, bytes)));
        } else {
            byte[] mask = new byte[addr.length];
            for (int i = 0; i < bits; i++) {
                mask[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
            exprs.add(field.loadPrefix(Nft.REG_1, addr.length));
            exprs.add(new Bitwise(Nft.REG_1, Nft.REG_1, mask, new byte[addr.length]));
            exprs.add(new Cmp(Nft.REG_1, op, addr));
        }
        boolean host = bits == addr.length * 8;
        words.add(field.text() + " " + opText + (host ? IpPrefix.text(prefix.address()) : prefix.network().toString()));
        return this;
    }

    /** {@code tcp dport 8080} (likewise udp, sctp): the protocol guard, then the port. */
    public RuleBuilder dport(String protocol, int port) {
        l4Guard(protocol);
        exprs.add(Field.TH_DPORT.load(Nft.REG_1));
        exprs.add(new Cmp(Nft.REG_1, Cmp.EQ, port(port)));
        words.add(protocol + " dport " + port);
        return this;
    }

    /**
     * {@code tcp dport 8000-8010}: the protocol guard, then the port between {@code first} and {@code last} (two
     * comparisons of the big-endian port, as memcmp orders it); one port is {@link #dport}.
     */
    public RuleBuilder dportRange(String protocol, int first, int last) {
        if (first == last) {
            return dport(protocol, first);
        }
        if (first > last) {
            throw new IllegalArgumentException("port range " + first + "-" + last + " is reversed");
        }
        l4Guard(protocol);
        exprs.add(Field.TH_DPORT.load(Nft.REG_1));
        exprs.add(new Cmp(Nft.REG_1, Cmp.GTE, port(first)));
        exprs.add(new Cmp(Nft.REG_1, Cmp.LTE, port(last)));
        words.add(protocol + " dport " + first + "-" + last);
        return this;
    }

    /** {@code meta l4proto tcp}. */
    public RuleBuilder l4proto(String protocol) {
        exprs.add(new Meta(Meta.L4PROTO, Nft.REG_1));
        exprs.add(new Cmp(Nft.REG_1, Cmp.EQ, new byte[] {(byte) SetKey.protocolNumber(protocol)}));
        words.add("meta l4proto " + protocol);
        guardedL4 = protocol;
        return this;
    }

    /** {@code iifname "br0"} / {@code iifname != "br0"}. */
    public RuleBuilder iifname(String name, boolean equal) {
        return ifname(Field.IIFNAME, name, equal);
    }

    /** {@code oifname "br0"} / {@code oifname != "br0"}. */
    public RuleBuilder oifname(String name, boolean equal) {
        return ifname(Field.OIFNAME, name, equal);
    }

    private RuleBuilder ifname(Field field, String name, boolean equal) {
        exprs.add(field.load(Nft.REG_1));
        exprs.add(new Cmp(Nft.REG_1, equal ? Cmp.EQ : Cmp.NEQ, ifnameBytes(name)));
        words.add(field.text() + (equal ? " " : " != ") + "\"" + name + "\"");
        return this;
    }

    /** {@code ct state established,related}: any of these bits. */
    public RuleBuilder ctState(int bits) {
        return ctBits(Ct.STATE, bits, false, "ct state ", stateNames(bits));
    }

    /** {@code ct state ! established,related}: none of these bits. */
    public RuleBuilder ctStateNot(int bits) {
        return ctBits(Ct.STATE, bits, true, "ct state ! ", stateNames(bits));
    }

    /** {@code ct status dnat}. */
    public RuleBuilder ctStatus(int bits) {
        return ctBits(Ct.STATUS, bits, false, "ct status ", statusNames(bits));
    }

    /** {@code ct status ! dnat}. */
    public RuleBuilder ctStatusNot(int bits) {
        return ctBits(Ct.STATUS, bits, true, "ct status ! ", statusNames(bits));
    }

    private RuleBuilder ctBits(int key, int bits, boolean none, String text, String names) {
        exprs.add(new Ct(key, Nft.REG_1));
        exprs.add(new Bitwise(Nft.REG_1, Nft.REG_1, hostU32(bits), new byte[4]));
        exprs.add(new Cmp(Nft.REG_1, none ? Cmp.EQ : Cmp.NEQ, new byte[4]));
        words.add(text + names);
        return this;
    }

    /** {@code meta mark & 0x00002000 == 0x00002000}: all these mark bits are set. */
    public RuleBuilder markBits(int bits) {
        exprs.add(new Meta(Meta.MARK, Nft.REG_1));
        exprs.add(new Bitwise(Nft.REG_1, Nft.REG_1, hostU32(bits), new byte[4]));
        exprs.add(new Cmp(Nft.REG_1, Cmp.EQ, hostU32(bits)));
        String hex = hex(bits);
        words.add("meta mark & " + hex + " == " + hex);
        return this;
    }

    /** {@code fib daddr type local}: the destination is one of the host's own addresses. */
    public RuleBuilder fibDaddrLocal() {
        exprs.add(new Fib(Fib.F_DADDR, Fib.RESULT_ADDRTYPE, Nft.REG_1));
        exprs.add(new Cmp(Nft.REG_1, Cmp.EQ, hostU32(Fib.ADDRTYPE_LOCAL)));
        words.add("fib daddr type local");
        return this;
    }

    /** {@code ip saddr @set}: the field's value is in the set. */
    public RuleBuilder inSet(Field field, String set) {
        guard(field);
        exprs.add(field.load(Nft.REG_1));
        exprs.add(new Lookup(set, Nft.REG_1, -1, false));
        words.add(field.text() + " @" + set);
        return this;
    }

    /** {@code ether saddr 02:00:00:00:00:01}. */
    public RuleBuilder etherSaddr(byte[] mac) {
        exprs.add(Field.ETHER_SADDR.load(Nft.REG_1));
        exprs.add(new Cmp(Nft.REG_1, Cmp.EQ, mac));
        StringBuilder sb = new StringBuilder();
        for (byte b : mac) {
            sb.append(sb.length() == 0 ? "" : ":").append(String.format("%02x", b & 0xff));
        }
        words.add("ether saddr " + sb);
        return this;
    }

    // ---- statements

    /** {@code counter}. */
    public RuleBuilder counter() {
        exprs.add(Counter.zero());
        words.add("counter");
        return this;
    }

    /** {@code meta mark set meta mark | 0x00002000}: sets mark bits, keeping the others. */
    public RuleBuilder setMarkBits(int bits) {
        exprs.add(new Meta(Meta.MARK, Nft.REG_1));
        exprs.add(new Bitwise(Nft.REG_1, Nft.REG_1, hostU32(~bits), hostU32(bits)));
        exprs.add(new MetaSet(Meta.MARK, Nft.REG_1));
        words.add("meta mark set meta mark | " + hex(bits));
        return this;
    }

    /**
     * {@code KEY vmap @map}: the verdict the map holds for the key, a field or a concatenation
     * ({@code ip daddr . meta l4proto . th dport}); no verdict when the key is absent.
     */
    public RuleBuilder vmap(String map, Field... key) {
        int offset = 0;
        List<String> names = new ArrayList<>();
        for (Field f : key) {
            guard(f);
        }
        for (Field f : key) {
            exprs.add(f.load(offset == 0 ? Nft.REG_1 : Nft.reg32(offset)));
            offset += SetKey.padded(f.length());
            names.add(f.text());
        }
        exprs.add(new Lookup(map, Nft.REG_1, Nft.REG_VERDICT, false));
        words.add(String.join(" . ", names) + " vmap @" + map);
        return this;
    }

    /** {@code dnat to 10.88.0.5:80} ({@code [fd00::5]:80}); port 0 keeps the port. */
    public RuleBuilder dnat(InetAddress to, int port) {
        boolean v6 = to instanceof Inet6Address;
        exprs.add(Immediate.value(Nft.REG_1, to.getAddress()));
        if (port > 0) {
            exprs.add(Immediate.value(Nft.REG_2, port(port)));
        }
        // MAP_IPS as the kernel stores it (nft sends only PROTO_SPECIFIED), so the rule reads back as built
        exprs.add(new Nat(Nat.DNAT, v6 ? 10 : 2, Nft.REG_1, port > 0 ? Nft.REG_2 : 0,
                Nat.MAP_IPS | (port > 0 ? Nat.PROTO_SPECIFIED : 0)));
        String addr = IpPrefix.text(to);
        String target = port > 0 ? (v6 ? "[" + addr + "]:" + port : addr + ":" + port) : addr;
        String fam = family == NfFamily.INET ? (v6 ? " ip6" : " ip") : "";
        words.add("dnat" + fam + " to " + target);
        return this;
    }

    /** {@code redirect to :PORT}. */
    public RuleBuilder redirect(int port) {
        exprs.add(Immediate.value(Nft.REG_1, port(port)));
        exprs.add(new Redir(Nft.REG_1, Nat.PROTO_SPECIFIED));
        words.add("redirect to :" + port);
        return this;
    }

    /** {@code masquerade}. */
    public RuleBuilder masquerade() {
        exprs.add(new Masq(0));
        words.add("masquerade");
        return this;
    }

    /** {@code accept}, {@code drop}, {@code return}, {@code jump CHAIN}, {@code goto CHAIN}. */
    public RuleBuilder verdict(Verdict v) {
        exprs.add(Immediate.verdict(v));
        words.add(v.toString());
        return this;
    }

    /** {@code comment "..."}: where jnet records the owner of a rule. */
    public RuleBuilder comment(String text) {
        UserData.comment(UserData.COMMENT, text); // refuses an overlong comment now rather than at commit
        this.comment = text;
        return this;
    }

    public NfRule build() {
        return new NfRule(family, table, chain, 0, exprs, comment, String.join(" ", words));
    }

    // ---- helpers

    /** In an inet table, an IPv4 or IPv6 field needs {@code meta nfproto} first (once per rule), as nft adds. */
    private void guard(Field field) {
        int nfproto = field.nfproto();
        if (nfproto == 0 || family != NfFamily.INET || guardedFamily == nfproto) {
            if (nfproto != 0 && family != NfFamily.INET && family.code() != nfproto) {
                throw new IllegalArgumentException(field + " in a table of family " + family);
            }
            return;
        }
        exprs.add(new Meta(Meta.NFPROTO, Nft.REG_1));
        exprs.add(new Cmp(Nft.REG_1, Cmp.EQ, new byte[] {(byte) nfproto}));
        guardedFamily = nfproto;
    }

    private void l4Guard(String protocol) {
        if (protocol.equals(guardedL4)) {
            return;
        }
        exprs.add(new Meta(Meta.L4PROTO, Nft.REG_1));
        exprs.add(new Cmp(Nft.REG_1, Cmp.EQ, new byte[] {(byte) SetKey.protocolNumber(protocol)}));
        guardedL4 = protocol;
    }

    /** A port in network order (2 bytes). */
    static byte[] port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range");
        }
        return new byte[] {(byte) (port >>> 8), (byte) port};
    }

    /** An interface name as the kernel compares it: IFNAMSIZ (16) bytes, NUL-padded. */
    static byte[] ifnameBytes(String name) {
        byte[] raw = name.getBytes(StandardCharsets.UTF_8);
        if (raw.length > 15) {
            throw new IllegalArgumentException("interface name \"" + name + "\" is longer than 15 bytes");
        }
        return java.util.Arrays.copyOf(raw, 16);
    }

    /** A 32-bit value in host order, as meta mark, ct state and fib results sit in registers. */
    static byte[] hostU32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }

    private static String stateNames(int bits) {
        List<String> n = new ArrayList<>();
        int[] values = {Ct.STATE_INVALID, Ct.STATE_ESTABLISHED, Ct.STATE_RELATED, Ct.STATE_NEW, 0x40};
        String[] names = {"invalid", "established", "related", "new", "untracked"};
        for (int i = 0; i < names.length; i++) {
            if ((bits & values[i]) != 0) {
                n.add(names[i]);
            }
        }
        return String.join(",", n);
    }

    private static String statusNames(int bits) {
        List<String> n = new ArrayList<>();
        String[] names = {"expected", "seen-reply", "assured", "confirmed", "snat", "dnat", "dying"};
        for (int i = 0; i < names.length; i++) {
            if ((bits & (1 << i)) != 0) {
                n.add(names[i]);
            }
        }
        return String.join(",", n);
    }
}
