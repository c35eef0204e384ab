package io.jnet.netlink.netfilter.expr;

import io.jnet.netlink.netfilter.NfAttrs;
import io.jnet.netlink.netfilter.NfWriter;

/** {@code counter}: packets and bytes that reached it. The values are left out of the text (rules compare equal). */
public record Counter(long packets, long bytes) implements Expr {
    private static final int BYTES = 1;
    private static final int PACKETS = 2;

    public static Counter zero() {
        return new Counter(0, 0);
    }

    @Override
    public String name() {
        return "counter";
    }

    @Override
    public void encodeData(NfWriter w) {
        w.be64(BYTES, bytes).be64(PACKETS, packets);
    }

    static Counter decode(NfAttrs d) {
        return new Counter(d.be64(PACKETS, 0), d.be64(BYTES, 0));
    }

    @Override
    public String toString() {
        return "counter";
    }
}
