package io.jnet.netlink.wire;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A parsed run of netlink attributes over a message buffer: first occurrence of each type wins
 * (the kernel sends each at most once in the messages we read). Values are read lazily from the buffer.
 */
public final class Attributes {
    private static final int MAX_TYPE = 64;

    private final ByteBuffer buf;
    private final int[] offset = new int[MAX_TYPE];
    private final int[] length = new int[MAX_TYPE];

    private Attributes(ByteBuffer buf) {
        this.buf = buf;
        java.util.Arrays.fill(offset, -1);
    }

    /** Parses attributes in {@code buf} from {@code start} (inclusive) to {@code end} (exclusive). */
    public static Attributes parse(ByteBuffer buf, int start, int end) {
        Attributes attrs = new Attributes(buf);
        int pos = start;
        while (pos + 4 <= end) {
            int len = Short.toUnsignedInt(buf.getShort(pos));
            int type = Short.toUnsignedInt(buf.getShort(pos + 2)) & Nl.NLA_TYPE_MASK;
            if (len < 4 || pos + len > end) {
                throw new MalformedMessageException("attribute " + type + " of length " + len + " at " + pos
                        + " overruns its container ending at " + end);
            }
            if (type < MAX_TYPE && attrs.offset[type] < 0) {
                attrs.offset[type] = pos + 4;
                attrs.length[type] = len - 4;
            }
            pos += Nl.align(len);
        }
        return attrs;
    }

    public boolean has(int type) {
        return type < MAX_TYPE && offset[type] >= 0;
    }

    public int length(int type) {
        return has(type) ? length[type] : -1;
    }

    /** Start of the payload of {@code type} in the underlying buffer. */
    public int offset(int type) {
        return has(type) ? offset[type] : -1;
    }

    public int u8(int type, int absent) {
        return has(type) ? Byte.toUnsignedInt(buf.get(value(type, 1))) : absent;
    }

    public int u16(int type, int absent) {
        return has(type) ? Short.toUnsignedInt(buf.getShort(value(type, 2))) : absent;
    }

    public int u32(int type, int absent) {
        return has(type) ? buf.getInt(value(type, 4)) : absent;
    }

    /** Where an integer of {@code size} bytes lies; a shorter payload must not be read into the next attribute. */
    private int value(int type, int size) {
        if (length[type] < size) {
            throw new MalformedMessageException("attribute " + type + " holds " + length[type]
                    + " bytes, too few for a " + size + "-byte integer");
        }
        return offset[type];
    }

    /** A string attribute without its trailing NUL, or null when absent. */
    public String string(int type) {
        if (!has(type)) {
            return null;
        }
        int len = length[type];
        while (len > 0 && buf.get(offset[type] + len - 1) == 0) {
            len--;
        }
        byte[] bytes = new byte[len];
        buf.get(offset[type], bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public byte[] bytes(int type) {
        if (!has(type)) {
            return null;
        }
        byte[] bytes = new byte[length[type]];
        buf.get(offset[type], bytes);
        return bytes;
    }

    /** An address attribute (4 or 16 bytes), or null when absent. */
    public InetAddress address(int type) {
        byte[] raw = bytes(type);
        if (raw == null) {
            return null;
        }
        try {
            // Inet6Address keeps ::ffff:a.b.c.d IPv6; InetAddress.getByAddress would make it an Inet4Address.
            return raw.length == 16 ? Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new MalformedMessageException("attribute " + type + " holds " + raw.length + " bytes, not an address");
        }
    }

    /** The attributes nested in {@code type}, or an empty set when absent. */
    public Attributes nested(int type) {
        if (!has(type)) {
            return new Attributes(buf);
        }
        return parse(buf, offset[type], offset[type] + length[type]);
    }
}
