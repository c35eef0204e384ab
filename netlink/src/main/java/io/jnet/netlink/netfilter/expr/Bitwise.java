package io.jnet.netlink.netfilter.expr;

import io.jnet.netlink.netfilter.NfAttrs;
import io.jnet.netlink.netfilter.NfWriter;

/** {@code bitwise reg D = ( reg S & MASK ) ^ XOR}: masks a prefix, tests bits, or sets bits ({@code mark | 0x2000}). */
public record Bitwise(int sreg, int dreg, byte[] mask, byte[] xor) implements Expr {
    private static final int SREG = 1;
    private static final int DREG = 2;
    private static final int LEN = 3;
    private static final int MASK = 4;
    private static final int XOR = 5;

    public Bitwise {
        if (mask.length != xor.length) {
            throw new IllegalArgumentException("bitwise mask and xor differ in length");
        }
        mask = mask.clone();
        xor = xor.clone();
    }

    @Override
    public byte[] mask() {
        return mask.clone();
    }

    @Override
    public byte[] xor() {
        return xor.clone();
    }

    @Override
    public String name() {
        return "bitwise";
    }

    @Override
    public void encodeData(NfWriter w) {
        w.be32(SREG, sreg).be32(DREG, dreg).be32(LEN, mask.length);
        Data.value(w, MASK, mask);
        Data.value(w, XOR, xor);
    }

    static Bitwise decode(NfAttrs d) {
        return new Bitwise(d.be32(SREG, -1), d.be32(DREG, -1), Data.value(d, MASK), Data.value(d, XOR));
    }

    @Override
    public String toString() {
        return "bitwise " + Expr.reg(dreg) + " = ( " + Expr.reg(sreg) + " & " + Data.words(mask) + " ) ^ " + Data.words(xor);
    }
}
