package io.jnet.netlink.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;

/** Hex helpers for byte expectations: whitespace in the text is ignored so fields can be spaced out. */
final class Hex {
    private Hex() {}

    static byte[] bytes(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
    }

    static String of(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** A native-order buffer holding {@code text}, as a receive buffer would. */
    static ByteBuffer buffer(String text) {
        byte[] raw = bytes(text);
        return ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
    }

    /** All messages of a datagram given as hex. */
    static List<Message> split(String text) {
        ByteBuffer buf = buffer(text);
        return Message.split(buf, buf.capacity());
    }
}
