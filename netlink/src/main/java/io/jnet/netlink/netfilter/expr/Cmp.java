package io.jnet.netlink.netfilter.expr;

import io.jnet.netlink.netfilter.NfAttrs;
import io.jnet.netlink.netfilter.NfWriter;

/** {@code cmp OP reg DATA}: compares a register with a value; a false comparison ends the rule. */
public record Cmp(int sreg, int op, byte[] data) implements Expr {
    private static final int SREG = 1;
    private static final int OP = 2;
    private static final int DATA = 3;

    public static final int EQ = 0;
    public static final int NEQ = 1;
    public static final int LT = 2;
    public static final int LTE = 3;
    public static final int GT = 4;
    public static final int GTE = 5;

    private static final String[] OPS = {"eq", "neq", "lt", "lte", "gt", "gte"};

    public Cmp {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public String name() {
        return "cmp";
    }

    @Override
    public void encodeData(NfWriter w) {
        w.be32(SREG, sreg).be32(OP, op);
        Data.value(w, DATA, data);
    }

    static Cmp decode(NfAttrs d) {
        return new Cmp(d.be32(SREG, -1), d.be32(OP, -1), Data.value(d, DATA));
    }

    @Override
    public String toString() {
        String o = op >= 0 && op < OPS.length ? OPS[op] : "op" + op;
        return "cmp " + o + " " + Expr.reg(sreg) + " " + Data.words(data);
    }
}
