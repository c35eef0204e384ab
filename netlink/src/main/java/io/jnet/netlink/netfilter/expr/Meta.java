package io.jnet.netlink.netfilter.expr;

import io.jnet.netlink.netfilter.NfAttrs;
import io.jnet.netlink.netfilter.NfWriter;

/** {@code meta load KEY => reg}: a packet property (mark, l4proto, nfproto, iifname...) into a register. */
public record Meta(int key, int dreg) implements Expr {
    static final int DREG = 1;
    static final int KEY = 2;
    static final int SREG = 3;

    public static final int LEN = 0;
    public static final int PROTOCOL = 1;
    public static final int MARK = 3;
    public static final int IIF = 4;
    public static final int OIF = 5;
    public static final int IIFNAME = 6;
    public static final int OIFNAME = 7;
    public static final int NFPROTO = 15;
    public static final int L4PROTO = 16;

    private static final String[] NAMES = {"len", "protocol", "priority", "mark", "iif", "oif", "iifname", "oifname",
        "iiftype", "oiftype", "skuid", "skgid", "nftrace", "rtclassid", "secmark", "nfproto", "l4proto",
        "bri_iifname", "bri_oifname", "pkttype", "cpu", "iifgroup", "oifgroup", "cgroup", "prandom"};

    static String keyName(int key) {
        return key >= 0 && key < NAMES.length ? NAMES[key] : "key" + key;
    }

    @Override
    public String name() {
        return "meta";
    }

    @Override
    public void encodeData(NfWriter w) {
        w.be32(KEY, key).be32(DREG, dreg);
    }

    static Meta decode(NfAttrs d) {
        return new Meta(d.be32(KEY, -1), d.be32(DREG, -1));
    }

    @Override
    public String toString() {
        return "meta load " + keyName(key) + " => " + Expr.reg(dreg);
    }
}
