package io.jnet.netlink.netfilter.expr;

import io.jnet.netlink.netfilter.NfAttrs;
import io.jnet.netlink.netfilter.NfWriter;

/** {@code masq}: source NAT to the address of the outgoing interface ({@code masquerade}). */
public record Masq(int flags) implements Expr {
    private static final int FLAGS = 1;

    @Override
    public String name() {
        return "masq";
    }

    @Override
    public void encodeData(NfWriter w) {
        if (flags != 0) {
            w.be32(FLAGS, flags);
        }
    }

    static Masq decode(NfAttrs d) {
        return new Masq(d.be32(FLAGS, 0));
    }

    @Override
    public String toString() {
        return flags == 0 ? "masq" : "masq flags 0x" + Integer.toHexString(flags);
    }
}
