package io.jnet.netlink.netfilter;

import io.jnet.netlink.wire.Attributes;
import io.jnet.netlink.wire.MalformedMessageException;
import io.jnet.netlink.wire.Message;
import io.jnet.netlink.wire.Nl;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * nf_tables attributes as they are read: big-endian integers, strings, nests, and lists of repeated
 * {@code NFTA_LIST_ELEM} nests (which a first-occurrence view cannot hold). A view over a received buffer.
 */
public final class NfAttrs {
    private final ByteBuffer buf;
    /** Big-endian reads go through a view so the shared buffer's own order is never changed. */
    private final ByteBuffer be;
    private final int start;
    private final int end;
    private final Attributes attrs;

    private NfAttrs(ByteBuffer buf, int start, int end) {
        this.buf = buf;
        this.be = buf.duplicate().order(ByteOrder.BIG_ENDIAN);
        this.start = start;
        this.end = end;
        this.attrs = Attributes.parse(buf, start, end);
    }

    /** The attributes of a message after its nfgenmsg. */
    public static NfAttrs of(Message m) {
        int from = m.payload() + Nft.NFGENMSG_LEN;
        if (from > m.end()) {
            throw new MalformedMessageException("nfnetlink message type " + m.type() + " shorter than its nfgenmsg");
        }
        return new NfAttrs(m.buffer(), from, m.end());
    }

    /** The attributes of a byte array holding only attributes (for tests). */
    public static NfAttrs of(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        return new NfAttrs(b, 0, raw.length);
    }

    public boolean has(int type) {
        return attrs.has(type);
    }

    public int be32(int type, int absent) {
        if (!attrs.has(type)) {
            return absent;
        }
        check(type, 4);
        return be.getInt(attrs.offset(type));
    }

    public long be64(int type, long absent) {
        if (!attrs.has(type)) {
            return absent;
        }
        check(type, 8);
        return be.getLong(attrs.offset(type));
    }

    public int be16(int type, int absent) {
        if (!attrs.has(type)) {
            return absent;
        }
        check(type, 2);
        return Short.toUnsignedInt(be.getShort(attrs.offset(type)));
    }

    public int u8(int type, int absent) {
        return attrs.u8(type, absent);
    }

    public String string(int type) {
        return attrs.string(type);
    }

    public byte[] bytes(int type) {
        return attrs.bytes(type);
    }

    /** The nest {@code type}, empty when absent. */
    public NfAttrs nested(int type) {
        if (!attrs.has(type)) {
            return new NfAttrs(buf, 0, 0);
        }
        int from = attrs.offset(type);
        return new NfAttrs(buf, from, from + attrs.length(type));
    }

    /** Every {@code NFTA_LIST_ELEM} nest inside the nest {@code type}, in order. */
    public List<NfAttrs> list(int type) {
        List<NfAttrs> out = new ArrayList<>();
        if (!attrs.has(type)) {
            return out;
        }
        int pos = attrs.offset(type);
        int stop = pos + attrs.length(type);
        while (pos + 4 <= stop) {
            int len = Short.toUnsignedInt(buf.getShort(pos));
            int t = Short.toUnsignedInt(buf.getShort(pos + 2)) & Nl.NLA_TYPE_MASK;
            if (len < 4 || pos + len > stop) {
                throw new MalformedMessageException("list element of length " + len + " overruns its list");
            }
            if (t == Nft.LIST_ELEM) {
                out.add(new NfAttrs(buf, pos + 4, pos + len));
            }
            pos += Nl.align(len);
        }
        return out;
    }

    /** Whether no attribute at all is here. */
    public boolean isEmpty() {
        return end <= start;
    }

    private void check(int type, int size) {
        if (attrs.length(type) < size) {
            throw new MalformedMessageException("attribute " + type + " holds " + attrs.length(type)
                    + " bytes, too few for a " + size + "-byte integer");
        }
    }
}
