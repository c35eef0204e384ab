package io.jnet.netlink.netfilter.expr;

import io.jnet.netlink.netfilter.NfAttrs;
import io.jnet.netlink.netfilter.NfWriter;

/** {@code meta set KEY with reg}: writes a register into a packet property (for example the mark). */
public record MetaSet(int key, int sreg) implements Expr {

    @Override
    public String name() {
        return "meta";
    }

    @Override
    public void encodeData(NfWriter w) {
        w.be32(Meta.KEY, key).be32(Meta.SREG, sreg);
    }

    static MetaSet decode(NfAttrs d) {
        return new MetaSet(d.be32(Meta.KEY, -1), d.be32(Meta.SREG, -1));
    }

    @Override
    public String toString() {
        return "meta set " + Meta.keyName(key) + " with " + Expr.reg(sreg);
    }
}
