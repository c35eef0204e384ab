package io.jnet.netlink.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Encodes one netlink request in place into a reusable direct buffer: header, fixed struct,
 * attributes, and nests whose lengths are patched when they close (like iproute2's addattr_nest).
 * Not thread-safe; a handle owns one writer and serialises requests.
 */
public final class MessageWriter {
    private final ByteBuffer buf;

    public MessageWriter(int capacity) {
        this.buf = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
    }

    /** Starts a message; the length and sequence number are filled in by {@link #finish(int, int)}. */
    public MessageWriter begin(int type, int flags) {
        buf.clear();
        buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);
        return this;
    }

    /**
     * Starts a message from bytes encoded elsewhere (header included, for example an nfnetlink request);
     * {@link #finish(int, int)} then patches its length, sequence number and port as for any other.
     */
    public MessageWriter raw(byte[] message) {
        buf.clear();
        buf.put(message);
        return this;
    }

    public MessageWriter u8(int value) {
        buf.put((byte) value);
        return this;
    }

    public MessageWriter u16(int value) {
        buf.putShort((short) value);
        return this;
    }

    public MessageWriter u32(int value) {
        buf.putInt(value);
        return this;
    }

    /** struct ifinfomsg. */
    public MessageWriter ifinfomsg(int family, int index, int flags, int change) {
        return u8(family).u8(0).u16(0).u32(index).u32(flags).u32(change);
    }

    public MessageWriter attrU8(int type, int value) {
        header(type, 1);
        buf.put((byte) value);
        return pad();
    }

    public MessageWriter attrU16(int type, int value) {
        header(type, 2);
        buf.putShort((short) value);
        return pad();
    }

    public MessageWriter attrU32(int type, int value) {
        header(type, 4);
        buf.putInt(value);
        return this;
    }

    /** A NUL-terminated string attribute, as the kernel's NLA_STRING/NLA_NUL_STRING policies expect. */
    public MessageWriter attrString(int type, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        header(type, bytes.length + 1);
        buf.put(bytes).put((byte) 0);
        return pad();
    }

    public MessageWriter attrBytes(int type, byte[] value) {
        header(type, value.length);
        buf.put(value);
        return pad();
    }

    /** Opens a nested attribute; returns the mark to hand to {@link #endNest(int)}. */
    public int beginNest(int type) {
        int start = buf.position();
        header(type, 0);
        return start;
    }

    public MessageWriter endNest(int start) {
        buf.putShort(start, (short) (buf.position() - start));
        return this;
    }

    /** Patches the header; returns the message length. The bytes are at offset 0 of {@link #buffer()}. */
    public int finish(int seq, int portId) {
        int len = buf.position();
        buf.putInt(0, len).putInt(8, seq).putInt(12, portId);
        return len;
    }

    public ByteBuffer buffer() {
        return buf;
    }

    /** A copy of the message written so far, for tests and logging. */
    public byte[] toBytes() {
        byte[] out = new byte[buf.position()];
        buf.duplicate().flip().get(out);
        return out;
    }

    private void header(int type, int payloadLen) {
        buf.putShort((short) (4 + payloadLen)).putShort((short) type);
    }

    private MessageWriter pad() {
        while ((buf.position() & 3) != 0) {
            buf.put((byte) 0);
        }
        return this;
    }
}
