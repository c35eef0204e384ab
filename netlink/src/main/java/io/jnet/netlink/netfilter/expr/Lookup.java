package io.jnet.netlink.netfilter.expr;

import io.jnet.netlink.netfilter.NfAttrs;
import io.jnet.netlink.netfilter.NfWriter;

/**
 * {@code lookup reg S set NAME [dreg D]}: whether the key in a register is in a set ({@code ip saddr @set}),
 * or, with a destination register, the value a map holds for it; into the verdict register that is a verdict map
 * ({@code ... vmap @map}).
 *
 * @param set    the set or map
 * @param sreg   the register holding the key (concatenations span the registers after it)
 * @param dreg   the register the map's value goes to, or -1 for a plain membership test
 * @param invert match when the key is absent ({@code != @set})
 */
public record Lookup(String set, int sreg, int dreg, boolean invert) implements Expr {
    private static final int SET = 1;
    private static final int SREG = 2;
    private static final int DREG = 3;
    private static final int FLAGS = 5;
    private static final int F_INV = 1;

    @Override
    public String name() {
        return "lookup";
    }

    @Override
    public void encodeData(NfWriter w) {
        w.string(SET, set).be32(SREG, sreg);
        if (dreg >= 0) {
            w.be32(DREG, dreg);
        }
        if (invert) {
            w.be32(FLAGS, F_INV);
        }
    }

    static Lookup decode(NfAttrs d) {
        return new Lookup(d.string(SET), d.be32(SREG, -1), d.be32(DREG, -1), (d.be32(FLAGS, 0) & F_INV) != 0);
    }

    @Override
    public String toString() {
        return "lookup " + Expr.reg(sreg) + " set " + set + (dreg >= 0 ? " dreg " + dreg : "") + (invert ? " 0x1" : "");
    }
}
