package io.jnet.firewall.nftables;

import io.jnet.netlink.netfilter.NfRule;
import io.jnet.netlink.netfilter.expr.Cmp;
import io.jnet.netlink.netfilter.expr.Expr;
import io.jnet.netlink.netfilter.expr.Meta;
import io.jnet.netlink.netfilter.expr.Nat;
import io.jnet.netlink.netfilter.expr.Payload;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * What a rule read back matches, found in its expressions (a load followed by an equality): the address, protocol
 * and port a rule of ours is about, which is how DEL learns an attachment's map keys from its own chain.
 */
final class RuleFacts {
    static final int IPV4_SADDR = 12;
    static final int IPV4_DADDR = 16;
    static final int IPV6_SADDR = 8;
    static final int IPV6_DADDR = 24;

    private RuleFacts() {}

    /** The value a payload load of {@code base/offset/len} is compared equal to, or null. */
    static byte[] payloadEquals(NfRule r, int base, int offset, int len) {
        List<Expr> e = r.exprs();
        for (int i = 0; i + 1 < e.size(); i++) {
            if (e.get(i) instanceof Payload p && p.base() == base && p.offset() == offset && p.len() == len
                    && e.get(i + 1) instanceof Cmp c && c.op() == Cmp.EQ) {
                return c.data();
            }
        }
        return null;
    }

    /** The address a rule matches equal at {@code offset} of the network header (4 or 16 bytes), or null. */
    static InetAddress address(NfRule r, int offset, int len) {
        byte[] raw = payloadEquals(r, Payload.NETWORK, offset, len);
        if (raw == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The layer 4 protocol number a rule requires ({@code meta l4proto}), or -1. */
    static int l4proto(NfRule r) {
        List<Expr> e = r.exprs();
        for (int i = 0; i + 1 < e.size(); i++) {
            if (e.get(i) instanceof Meta m && m.key() == Meta.L4PROTO && e.get(i + 1) instanceof Cmp c
                    && c.op() == Cmp.EQ && c.data().length == 1) {
                return c.data()[0] & 0xff;
            }
        }
        return -1;
    }

    /** The transport destination port a rule requires, or -1. */
    static int dport(NfRule r) {
        byte[] raw = payloadEquals(r, Payload.TRANSPORT, 2, 2);
        return raw == null ? -1 : ((raw[0] & 0xff) << 8) | (raw[1] & 0xff);
    }

    /**
     * The transport destination ports a rule requires, {@code {first, last}}: one port ({@code th dport == P}) or a
     * range ({@code th dport >= A}, {@code <= B}); null for none.
     */
    static int[] dports(NfRule r) {
        int one = dport(r);
        if (one >= 0) {
            return new int[] {one, one};
        }
        List<Expr> e = r.exprs();
        for (int i = 0; i + 2 < e.size(); i++) {
            if (e.get(i) instanceof Payload p && p.base() == Payload.TRANSPORT && p.offset() == 2 && p.len() == 2
                    && e.get(i + 1) instanceof Cmp lo && lo.op() == Cmp.GTE && e.get(i + 2) instanceof Cmp hi
                    && hi.op() == Cmp.LTE) {
                return new int[] {port(lo.data()), port(hi.data())};
            }
        }
        return null;
    }

    private static int port(byte[] raw) {
        return ((raw[0] & 0xff) << 8) | (raw[1] & 0xff);
    }

    /** Whether the rule translates addresses (a DNAT rule). */
    static boolean translates(NfRule r) {
        return r.exprs().stream().anyMatch(x -> x instanceof Nat);
    }
}
