package io.jnet.netlink.netfilter.expr;

import io.jnet.netlink.netfilter.NfWriter;

/** An expression kind this library reads but does not model (another tool's rule in a listed chain). */
public record OtherExpr(String name) implements Expr {

    @Override
    public void encodeData(NfWriter w) {
        throw new UnsupportedOperationException("cannot re-encode a " + name + " expression that was only read");
    }

    @Override
    public String toString() {
        return name;
    }
}
