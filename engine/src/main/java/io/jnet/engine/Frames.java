package io.jnet.engine;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * The engine's wire format, shared with the native client ({@code client/jnet-client.c}): a sequence of frames,
 * each one type byte, a 32-bit big-endian payload length and the payload. Every frame is bounded
 * ({@link #MAX_FRAME}); a reader never allocates more than a frame's stated length after checking it.
 *
 * <pre>
 * client -> engine   HELLO(u32 protocol, build id)  then either STATUS | STOP
 *                    or PROGRAM(name) ARG* ENV* CWD UMASK(u32) NS(u64 net, u64 mnt) STDIN* END
 *                    and, after the engine's READY, GO
 * engine -> client   READY | FALLBACK(reason) | MISMATCH(engine build)
 *                    then OUT* ERR* EXIT(u32)   (or JSON(status) for STATUS)
 * </pre>
 * Writes of one frame are atomic with respect to other writers of the same {@link FrameWriter}.
 */
public final class Frames {
    private Frames() {}

    /** Bumped on any incompatible change; a client of another version is sent MISMATCH. */
    public static final int PROTOCOL = 1;
    /** Largest payload of one frame. */
    public static final int MAX_FRAME = 1 << 20;

    public static final byte HELLO = 'H';
    public static final byte STATUS = 'S';
    public static final byte STOP = 'Q';
    public static final byte PROGRAM = 'P';
    public static final byte ARG = 'A';
    public static final byte ENV = 'E';
    public static final byte CWD = 'D';
    public static final byte UMASK = 'U';
    public static final byte NS = 'N';
    public static final byte STDIN = 'I';
    public static final byte END = '.';
    public static final byte GO = 'G';

    public static final byte READY = 'R';
    public static final byte FALLBACK = 'F';
    public static final byte MISMATCH = 'M';
    public static final byte OUT = '1';
    public static final byte ERR = '2';
    public static final byte EXIT = 'X';
    public static final byte JSON = 'J';

    /** One frame as read. */
    public record Frame(byte type, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int u32(int at) {
            return ByteBuffer.wrap(payload, at, 4).getInt();
        }

        public long u64(int at) {
            return ByteBuffer.wrap(payload, at, 8).getLong();
        }
    }

    /** A frame that breaks the format: unknown type, wrong length, out of order, too large. */
    public static final class BadFrame extends IOException {
        public BadFrame(String message) {
            super(message);
        }
    }

    /**
     * Reads one frame; {@code null} at a clean end of stream before its first byte.
     *
     * @throws BadFrame when the stated length exceeds {@code max}
     * @throws EOFException when the stream ends inside a frame
     */
    public static Frame read(ByteChannel ch, int max) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(5);
        if (!fill(ch, head, true)) {
            return null;
        }
        head.flip();
        byte type = head.get();
        int len = head.getInt();
        if (len < 0 || len > max) {
            throw new BadFrame("frame '" + printable(type) + "' of " + Integer.toUnsignedString(len) + " bytes exceeds the limit of " + max);
        }
        ByteBuffer body = ByteBuffer.allocate(len);
        fill(ch, body, false);
        return new Frame(type, body.array());
    }

    private static boolean fill(ByteChannel ch, ByteBuffer b, boolean cleanEofAllowed) throws IOException {
        boolean first = true;
        while (b.hasRemaining()) {
            int n = ch.read(b);
            if (n < 0) {
                if (first && cleanEofAllowed) {
                    return false;
                }
                throw new EOFException("connection closed inside a frame");
            }
            first = first && n == 0;
        }
        return true;
    }

    static String printable(byte type) {
        return type >= 0x20 && type < 0x7f ? Character.toString((char) type) : String.format("\\x%02x", type & 0xff);
    }

    public static byte[] u32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes frames to one channel; safe for concurrent use (call output and the deadline's answer). */
    public static final class FrameWriter {
        private final ByteChannel ch;

        public FrameWriter(ByteChannel ch) {
            this.ch = ch;
        }

        public synchronized void write(byte type, byte[] payload, int off, int len) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(5 + len);
            b.put(type).putInt(len).put(payload, off, len).flip();
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }

        public void write(byte type, byte[] payload) throws IOException {
            write(type, payload, 0, payload.length);
        }

        public void write(byte type, String text) throws IOException {
            write(type, utf8(text));
        }
    }
}
