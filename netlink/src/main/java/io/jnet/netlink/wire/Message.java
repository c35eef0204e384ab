package io.jnet.netlink.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** One received netlink message: its header fields and where its payload lies in {@link #buffer()}. */
public record Message(ByteBuffer buffer, int offset, int length, int type, int flags, int seq, int portId) {

    /** Splits a datagram of {@code len} bytes into messages (each a view into the same buffer). */
    public static List<Message> split(ByteBuffer buf, int len) {
        List<Message> out = new ArrayList<>();
        int pos = 0;
        while (pos + Nl.HEADER_LEN <= len) {
            int msgLen = buf.getInt(pos);
            if (msgLen < Nl.HEADER_LEN || pos + msgLen > len) {
                throw new MalformedMessageException("message length " + msgLen + " at " + pos + " in a datagram of " + len);
            }
            out.add(new Message(buf, pos, msgLen, Short.toUnsignedInt(buf.getShort(pos + 4)),
                    Short.toUnsignedInt(buf.getShort(pos + 6)), buf.getInt(pos + 8), buf.getInt(pos + 12)));
            pos += Nl.align(msgLen);
        }
        if (pos < len) {
            throw new MalformedMessageException((len - pos) + " bytes at " + pos + " are too few for a message header");
        }
        return out;
    }

    /** Wraps a single encoded message (for example {@link MessageWriter#toBytes()}). */
    public static Message of(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        List<Message> all = split(buf, bytes.length);
        if (all.size() != 1) {
            throw new MalformedMessageException("expected one message, found " + all.size());
        }
        return all.get(0);
    }

    /** A heap copy that outlives the receive buffer, starting at offset 0. */
    public Message copy() {
        ByteBuffer own = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
        own.put(0, buffer, offset, length);
        return new Message(own, 0, length, type, flags, seq, portId);
    }

    /** Absolute offset of the payload (after the 16-byte header). */
    public int payload() {
        return offset + Nl.HEADER_LEN;
    }

    public int end() {
        return offset + length;
    }

    /** The attributes that follow a fixed struct of {@code structLen} bytes. */
    public Attributes attributes(int structLen) {
        int start = payload() + Nl.align(structLen);
        if (start > end()) {
            throw new MalformedMessageException("message type " + type + " of " + length + " bytes is shorter than its struct");
        }
        return Attributes.parse(buffer, start, end());
    }

    public int u8(int payloadOffset) {
        return Byte.toUnsignedInt(buffer.get(field(payloadOffset, 1)));
    }

    public int u16(int payloadOffset) {
        return Short.toUnsignedInt(buffer.getShort(field(payloadOffset, 2)));
    }

    public int i32(int payloadOffset) {
        return buffer.getInt(field(payloadOffset, 4));
    }

    /** Where a fixed-struct field lies; a short message must not be read into the next one in the datagram. */
    private int field(int payloadOffset, int size) {
        if (payloadOffset < 0 || Nl.HEADER_LEN + payloadOffset + size > length) {
            throw new MalformedMessageException("message type " + type + " of " + length
                    + " bytes has no " + size + "-byte field at payload offset " + payloadOffset);
        }
        return payload() + payloadOffset;
    }

    /**
     * For an NLMSG_ERROR (or a DONE carrying a status): the positive errno, 0 for an ACK.
     */
    public int errno() {
        return -i32(0);
    }

    /** The kernel's extended-ack text on an NLMSG_ERROR, or null. */
    public String extAckMessage() {
        if ((flags & Nl.F_ACK_TLVS) == 0) {
            return null;
        }
        int echoed = payload() + 4;
        int echoedLen = (flags & Nl.F_CAPPED) != 0 ? Nl.HEADER_LEN : i32(4);
        // The echo must be at least a header and fit the error, or the TLVs would be sought inside or past it.
        if (echoedLen < Nl.HEADER_LEN || echoedLen > end() - echoed) {
            throw new MalformedMessageException("error message of " + length + " bytes echoes a request of " + echoedLen);
        }
        int start = echoed + Nl.align(echoedLen);
        if (start >= end()) {
            return null;
        }
        return Attributes.parse(buffer, start, end()).string(Nl.NLMSGERR_ATTR_MSG);
    }
}
