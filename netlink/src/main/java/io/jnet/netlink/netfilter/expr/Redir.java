package io.jnet.netlink.netfilter.expr;

import io.jnet.netlink.netfilter.NfAttrs;
import io.jnet.netlink.netfilter.NfWriter;

/** {@code redir proto_min reg P}: destination NAT to the host itself on the port in a register ({@code redirect to :P}). */
public record Redir(int regProtoMin, int flags) implements Expr {
    private static final int REG_PROTO_MIN = 1;
    private static final int FLAGS = 3;

    @Override
    public String name() {
        return "redir";
    }

    @Override
    public void encodeData(NfWriter w) {
        if (regProtoMin > 0) {
            w.be32(REG_PROTO_MIN, regProtoMin);
        }
        if (flags != 0) {
            w.be32(FLAGS, flags);
        }
    }

    static Redir decode(NfAttrs d) {
        return new Redir(d.be32(REG_PROTO_MIN, 0), d.be32(FLAGS, 0));
    }

    @Override
    public String toString() {
        return "redir" + (regProtoMin > 0 ? " proto_min " + Expr.reg(regProtoMin) : "")
                + (flags != 0 ? " flags 0x" + Integer.toHexString(flags) : "");
    }
}
