package io.jnet.netlink.netfilter.expr;

import io.jnet.netlink.netfilter.NfAttrs;
import io.jnet.netlink.netfilter.NfWriter;
import io.jnet.netlink.netfilter.Nft;
import io.jnet.netlink.netfilter.Verdict;

/**
 * {@code immediate reg N DATA}: a constant into a register (an address and port for NAT), or, into the verdict
 * register, the rule's verdict (accept, drop, return, jump, goto).
 *
 * @param dreg    the register
 * @param data    the constant, or null for a verdict
 * @param verdict the verdict, or null for a constant
 */
public record Immediate(int dreg, byte[] data, Verdict verdict) implements Expr {
    private static final int DREG = 1;
    private static final int DATA = 2;

    public Immediate {
        data = data == null ? null : data.clone();
    }

    public static Immediate verdict(Verdict v) {
        return new Immediate(Nft.REG_VERDICT, null, v);
    }

    public static Immediate value(int dreg, byte[] data) {
        return new Immediate(dreg, data, null);
    }

    @Override
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    @Override
    public String name() {
        return "immediate";
    }

    @Override
    public void encodeData(NfWriter w) {
        w.be32(DREG, dreg);
        int d = w.nest(DATA);
        if (verdict != null) {
            verdict.encode(w);
        } else {
            w.bytes(Nft.DATA_VALUE, data);
        }
        w.close(d);
    }

    static Immediate decode(NfAttrs d) {
        NfAttrs data = d.nested(DATA);
        if (data.has(Nft.DATA_VERDICT)) {
            return new Immediate(d.be32(DREG, -1), null, Verdict.decode(data));
        }
        byte[] v = data.bytes(Nft.DATA_VALUE);
        return new Immediate(d.be32(DREG, -1), v == null ? new byte[0] : v, null);
    }

    @Override
    public String toString() {
        if (verdict != null) {
            String v = verdict.chain() == null ? verdict.toString()
                    : verdict.toString().replace(" ", " -> ");
            return "immediate " + Expr.reg(dreg) + " " + v;
        }
        return "immediate " + Expr.reg(dreg) + " " + Data.words(data);
    }
}
