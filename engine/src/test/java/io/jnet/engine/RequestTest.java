package io.jnet.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTest {
    @Test
    void aWellFormedCallIsReadWhole() throws IOException {
        byte[] bytes = concat(hello("b1"), frame('P', "bridge"), frame('A', "x"), frame('E', "CNI_COMMAND=ADD"), frame('E', "EMPTY="),
                frame('D', "/work"), frame('U', u32(022)), frame('N', new byte[16]), frame('I', "{\"a\""), frame('I', ":1}"),
                frame('.', ""));
        Request r = Request.read(channel(bytes));
        assertEquals(Request.Kind.CALL, r.kind());
        assertEquals("b1", r.build());
        assertEquals("bridge", r.program());
        assertEquals(List.of("x"), r.args());
        assertEquals(Map.of("CNI_COMMAND", "ADD", "EMPTY", ""), r.env());
        assertEquals("/work", r.cwd());
        assertEquals(022, r.umask());
        assertArrayEquals("{\"a\":1}".getBytes(StandardCharsets.UTF_8), r.stdin());
    }

    @Test
    void everyDeviationIsABadFrame() {
        List<byte[]> bad = List.of(
                frame('P', "bridge"),
                concat(hello("b"), frame('P', "bridge"), frame('E', "=x")),
                concat(hello("b"), frame('P', "bridge"), frame('D', "relative")),
                concat(hello("b"), frame('P', "bridge"), frame('U', u32(01000))),
                concat(hello("b"), frame('P', "bridge"), frame('N', new byte[15])),
                concat(hello("b"), frame('P', "bri\0dge")),
                concat(hello("b"), frame('P', "bridge"), head('I', Frames.MAX_FRAME + 1)),
                concat(hello("b"), frame('P', "bridge"), frame('.', "")),
                concat(hello("b"), frame('P', "bridge"), frame('D', "/")));
        for (byte[] b : bad) {
            assertThrows(Frames.BadFrame.class, () -> Request.read(channel(b)));
        }
    }

    @Test
    void frameReadingStopsAtACleanEndAndRefusesACutOne() throws IOException {
        assertNull(Frames.read(channel(new byte[0]), 10));
        assertThrows(java.io.EOFException.class, () -> Frames.read(channel(new byte[] {'X', 0, 0}), 10));
        assertTrue(Programs.cliFallbackReason(List.of("--config-dir", "netns", "serve-http")) != null);
        assertNull(Programs.cliFallbackReason(List.of("--config-dir", "serve-http", "netns", "ls")));
        assertTrue(Programs.cliFallbackReason(List.of("--json", "netns", "exec", "red", "--", "sh")) != null);
        assertNull(Programs.cliFallbackReason(List.of("attach", "red", "--", "exec")));
        assertTrue(Programs.cliFallbackReason(List.of("graph", "--format", "html", "--watch", "-o", "g.html")) != null);
        assertNull(Programs.cliFallbackReason(List.of("graph", "--format", "svg")));
        assertTrue(Programs.cliFallbackReason(List.of("run", "-d", "--name", "web", "busybox", "httpd")) != null);
        assertTrue(Programs.cliFallbackReason(List.of("--data-dir", "/tmp/d", "logs", "web")) != null);
        assertNull(Programs.cliFallbackReason(List.of("ps")));
    }

    @Test
    void attachmentLocksSerializeOneAttachmentAndForgetIdleOnes() throws Exception {
        AttachmentLocks locks = new AttachmentLocks();
        AttachmentLocks.Key k = new AttachmentLocks.Key("bridge", "n", "c", "eth0");
        try (AttachmentLocks.Held first = locks.acquire(k, 1000)) {
            assertTrue(first.acquired());
            boolean[] second = new boolean[1];
            Thread t = new Thread(() -> {
                try (AttachmentLocks.Held h = locks.acquire(k, 50)) {
                    second[0] = h.acquired();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            t.join();
            assertEquals(false, second[0], "a second holder of the same attachment waits");
            try (AttachmentLocks.Held other = locks.acquire(new AttachmentLocks.Key("bridge", "n", "c", "eth1"), 50)) {
                assertTrue(other.acquired(), "another attachment does not wait");
            }
            // bridge delegating to an exec'd host-local: same network, container and interface, nested in the first
            try (AttachmentLocks.Held ipam = locks.acquire(new AttachmentLocks.Key("host-local", "n", "c", "eth0"), 50)) {
                assertTrue(ipam.acquired(), "the plugin's own IPAM call does not wait for the plugin");
            }
        }
        assertEquals(0, locks.size());
        try (AttachmentLocks.Held none = locks.acquire(null, 0)) {
            assertTrue(none.acquired());
        }
    }

    private static ByteChannel channel(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        return new ByteChannel() {
            @Override
            public int read(ByteBuffer dst) {
                if (!in.hasRemaining()) {
                    return -1;
                }
                int n = Math.min(dst.remaining(), in.remaining());
                for (int i = 0; i < n; i++) {
                    dst.put(in.get());
                }
                return n;
            }

            @Override
            public int write(ByteBuffer src) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    private static byte[] hello(String build) {
        return frame('H', concat(u32(Frames.PROTOCOL), build.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    private static byte[] head(char type, int len) {
        return ByteBuffer.allocate(5).put((byte) type).putInt(len).array();
    }

    private static byte[] frame(char type, String text) {
        return frame(type, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] frame(char type, byte[] payload) {
        return concat(head(type, payload.length), payload);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }
}
