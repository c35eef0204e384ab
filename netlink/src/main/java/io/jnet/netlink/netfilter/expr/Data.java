package io.jnet.netlink.netfilter.expr;

import io.jnet.netlink.netfilter.NfAttrs;
import io.jnet.netlink.netfilter.NfWriter;
import io.jnet.netlink.netfilter.Nft;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** {@code NFTA_DATA_VALUE} nests and their text: the bytes as 32-bit host-order words, as libnftnl prints them. */
final class Data {
    private Data() {}

    static void value(NfWriter w, int type, byte[] value) {
        int n = w.nest(type);
        w.bytes(Nft.DATA_VALUE, value);
        w.close(n);
    }

    static byte[] value(NfAttrs attrs, int type) {
        byte[] v = attrs.nested(type).bytes(Nft.DATA_VALUE);
        return v == null ? new byte[0] : v;
    }

    static String words(byte[] value) {
        StringBuilder sb = new StringBuilder();
        ByteBuffer b = ByteBuffer.allocate((value.length + 3) & ~3).order(ByteOrder.LITTLE_ENDIAN);
        b.put(value).rewind();
        while (b.hasRemaining()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(String.format("0x%08x", b.getInt()));
        }
        return sb.toString();
    }
}
