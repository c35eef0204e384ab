package io.jnet.netlink.netfilter.expr;

import io.jnet.netlink.netfilter.NfAttrs;
import io.jnet.netlink.netfilter.NfWriter;

/** {@code ct load KEY => reg}: a property of the packet's connection (state, status, mark...) into a register. */
public record Ct(int key, int dreg) implements Expr {
    private static final int DREG = 1;
    private static final int KEY = 2;

    public static final int STATE = 0;
    public static final int DIRECTION = 1;
    public static final int STATUS = 2;
    public static final int MARK = 3;

    /** ct state bits (as nf_conntrack_common.h defines them for nft): invalid 1, established 2, related 4, new 8. */
    public static final int STATE_INVALID = 1;
    public static final int STATE_ESTABLISHED = 2;
    public static final int STATE_RELATED = 4;
    public static final int STATE_NEW = 8;
    /** ct status bit of a connection whose destination was translated (IPS_DST_NAT). */
    public static final int STATUS_DNAT = 0x20;
    /** IPS_SRC_NAT. */
    public static final int STATUS_SNAT = 0x10;

    private static final String[] NAMES = {"state", "direction", "status", "mark", "secmark", "expiration", "helper",
        "l3protocol", "src", "dst", "protocol", "proto_src", "proto_dst", "label"};

    @Override
    public String name() {
        return "ct";
    }

    @Override
    public void encodeData(NfWriter w) {
        w.be32(KEY, key).be32(DREG, dreg);
    }

    static Ct decode(NfAttrs d) {
        return new Ct(d.be32(KEY, -1), d.be32(DREG, -1));
    }

    @Override
    public String toString() {
        String k = key >= 0 && key < NAMES.length ? NAMES[key] : "key" + key;
        return "ct load " + k + " => " + Expr.reg(dreg);
    }
}
