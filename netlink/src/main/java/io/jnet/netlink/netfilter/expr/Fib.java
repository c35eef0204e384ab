package io.jnet.netlink.netfilter.expr;

import io.jnet.netlink.netfilter.NfAttrs;
import io.jnet.netlink.netfilter.NfWriter;

/** {@code fib daddr type => reg}: a routing lookup's answer (the address type: local, unicast...) into a register. */
public record Fib(int flags, int result, int dreg) implements Expr {
    private static final int DREG = 1;
    private static final int RESULT = 2;
    private static final int FLAGS = 3;

    public static final int F_SADDR = 1;
    public static final int F_DADDR = 2;
    public static final int RESULT_OIF = 1;
    public static final int RESULT_OIFNAME = 2;
    public static final int RESULT_ADDRTYPE = 3;
    /** RTN_LOCAL, the address type of the host's own addresses. */
    public static final int ADDRTYPE_LOCAL = 2;

    @Override
    public String name() {
        return "fib";
    }

    @Override
    public void encodeData(NfWriter w) {
        w.be32(DREG, dreg).be32(RESULT, result).be32(FLAGS, flags);
    }

    static Fib decode(NfAttrs d) {
        return new Fib(d.be32(FLAGS, 0), d.be32(RESULT, 0), d.be32(DREG, -1));
    }

    @Override
    public String toString() {
        String key = ((flags & F_SADDR) != 0 ? "saddr" : "") + ((flags & F_DADDR) != 0 ? "daddr" : "");
        String res = switch (result) {
            case RESULT_OIF -> "oif";
            case RESULT_OIFNAME -> "oifname";
            case RESULT_ADDRTYPE -> "type";
            default -> "result" + result;
        };
        return "fib " + key + " " + res + " => " + Expr.reg(dreg);
    }
}
