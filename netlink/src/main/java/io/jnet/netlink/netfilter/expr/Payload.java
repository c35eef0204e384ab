package io.jnet.netlink.netfilter.expr;

import io.jnet.netlink.netfilter.NfAttrs;
import io.jnet.netlink.netfilter.NfWriter;

/** {@code payload load LEN @ BASE header + OFFSET => reg}: packet bytes (addresses, ports) into a register. */
public record Payload(int base, int offset, int len, int dreg) implements Expr {
    private static final int DREG = 1;
    private static final int BASE = 2;
    private static final int OFFSET = 3;
    private static final int LEN = 4;

    public static final int LINK = 0;
    public static final int NETWORK = 1;
    public static final int TRANSPORT = 2;

    private static final String[] BASES = {"link", "network", "transport", "inner"};

    @Override
    public String name() {
        return "payload";
    }

    @Override
    public void encodeData(NfWriter w) {
        w.be32(DREG, dreg).be32(BASE, base).be32(OFFSET, offset).be32(LEN, len);
    }

    static Payload decode(NfAttrs d) {
        return new Payload(d.be32(BASE, -1), d.be32(OFFSET, -1), d.be32(LEN, -1), d.be32(DREG, -1));
    }

    @Override
    public String toString() {
        String b = base >= 0 && base < BASES.length ? BASES[base] : "base" + base;
        return "payload load " + len + "b @ " + b + " header + " + offset + " => " + Expr.reg(dreg);
    }
}
