package io.jnet.netlink.netfilter;

import io.jnet.netlink.wire.Nl;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Encodes nfnetlink messages back to back into one growing direct buffer: a batch is many messages sent as one
 * datagram. Each message is a netlink header, an nfgenmsg and attributes; integer attributes are big-endian as
 * nf_tables reads them, nests carry NLA_F_NESTED. Sequence numbers are left for the socket to fill in.
 */
public final class NfWriter {
    private ByteBuffer buf;
    private int messageStart = -1;
    private int count;

    public NfWriter(int capacity) {
        buf = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
    }

    /** Starts a message: header (type, flags) and nfgenmsg (family, version 0, resource id big-endian). */
    public NfWriter begin(int type, int flags, int family, int resourceId) {
        if (messageStart >= 0) {
            throw new IllegalStateException("message " + count + " is not ended");
        }
        ensure(Nl.HEADER_LEN + Nft.NFGENMSG_LEN);
        messageStart = buf.position();
        buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);
        buf.put((byte) family).put((byte) 0).put((byte) (resourceId >>> 8)).put((byte) resourceId);
        return this;
    }

    /** Ends the current message, patching its length. */
    public NfWriter end() {
        if (messageStart < 0) {
            throw new IllegalStateException("no message begun");
        }
        buf.putInt(messageStart, buf.position() - messageStart);
        messageStart = -1;
        count++;
        return this;
    }

    public NfWriter be32(int type, int value) {
        header(type, 4);
        buf.order(ByteOrder.BIG_ENDIAN).putInt(value).order(ByteOrder.nativeOrder());
        return this;
    }

    public NfWriter be64(int type, long value) {
        header(type, 8);
        buf.order(ByteOrder.BIG_ENDIAN).putLong(value).order(ByteOrder.nativeOrder());
        return this;
    }

    public NfWriter be16(int type, int value) {
        header(type, 2);
        buf.order(ByteOrder.BIG_ENDIAN).putShort((short) value).order(ByteOrder.nativeOrder());
        return pad();
    }

    public NfWriter u8(int type, int value) {
        header(type, 1);
        buf.put((byte) value);
        return pad();
    }

    /** A NUL-terminated string, as NLA_STRING and NLA_NUL_STRING policies take it. */
    public NfWriter string(int type, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        header(type, bytes.length + 1);
        buf.put(bytes).put((byte) 0);
        return pad();
    }

    public NfWriter bytes(int type, byte[] value) {
        header(type, value.length);
        buf.put(value);
        return pad();
    }

    /** Opens a nest (NLA_F_NESTED set); hand the mark to {@link #close(int)}. */
    public int nest(int type) {
        int start = buf.position();
        header(type | Nl.NLA_F_NESTED, 0);
        return start;
    }

    public NfWriter close(int mark) {
        buf.putShort(mark, (short) (buf.position() - mark));
        return this;
    }

    /** Messages ended so far. */
    public int count() {
        return count;
    }

    /** Bytes written so far (every message, from offset 0 of {@link #buffer()}). */
    public int length() {
        return buf.position();
    }

    public ByteBuffer buffer() {
        return buf;
    }

    /** A copy of everything written, for tests and logging. */
    public byte[] toBytes() {
        byte[] out = new byte[buf.position()];
        buf.duplicate().flip().get(out);
        return out;
    }

    private void header(int type, int payloadLen) {
        ensure(4 + payloadLen + 3);
        buf.putShort((short) (4 + payloadLen)).putShort((short) type);
    }

    private NfWriter pad() {
        while ((buf.position() & 3) != 0) {
            buf.put((byte) 0);
        }
        return this;
    }

    private void ensure(int more) {
        if (buf.remaining() >= more) {
            return;
        }
        int capacity = Math.max(buf.capacity() * 2, buf.position() + more);
        ByteBuffer bigger = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
        buf.flip();
        bigger.put(buf);
        buf = bigger;
    }
}
