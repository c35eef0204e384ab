package io.jnet.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.engine.Frames;
import io.jnet.engine.Frames.Frame;
import io.jnet.testing.ExecResult;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may call and what the engine accepts: root only (by SO_PEERCRED), well-formed bounded frames only. */
@KernelTest
class EngineSecurityIT {

    @Test
    void aNonRootCallerIsRefusedByTheEngine(Sandbox sb) throws Exception {
        EngineLab lab = new EngineLab(sb);
        lab.version().assertOk();
        // Open the directory and socket to everyone, so only the engine's own check stands in the way.
        Files.setPosixFilePermissions(lab.engineDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(lab.engineDir.resolve("engine.sock"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Path dist = lab.dist();
        Files.setPosixFilePermissions(dist, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(lab.cni, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(lab.cni.resolve("bridge"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = lab.env("VERSION", null, null);
        env.put("JNET_ENGINE_DEBUG", "1");
        ExecResult r = sb.exec(lab.host, env, new byte[0], "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                lab.cni.resolve("bridge").toString());
        assertTrue(r.stderr().contains("engine sends us to the JVM: only root may call the jnet engine"), r.describe());
        assertEquals(1, lab.stat("refused"));
        assertEquals(1, lab.stat("callsServed"), "only the root call ran");
    }

    @Test
    void malformedAndOversizedRequestsGetACniErrorAndRunNothing(Sandbox sb) throws Exception {
        EngineLab lab = new EngineLab(sb);
        lab.version().assertOk();
        List<byte[]> bad = new ArrayList<>();
        bad.add(frame('P', "bridge".getBytes(StandardCharsets.UTF_8)));                           // no HELLO
        bad.add(concat(hello(), header('P', 2_000_000_000)));                                    // a 2 GB frame
        bad.add(concat(hello(), frame('P', utf8("bridge")), frame('E', utf8("NOEQUALS"))));      // env without a name
        bad.add(concat(hello(), frame('P', utf8("bridge")), frame('A', utf8("a\0b"))));          // NUL in an argument
        bad.add(concat(hello(), frame('P', utf8("bridge")), frame('Z', new byte[3])));           // unknown frame
        bad.add(concat(hello(), frame('P', utf8("bridge")), frame('.', new byte[0])));           // no CWD, UMASK, NS
        bad.add(concat(hello(), frame('P', utf8("sh")), frame('D', utf8("/")), frame('U', new byte[4]),
                frame('N', new byte[16]), frame('.', new byte[0])));                               // not one of ours
        for (byte[] request : bad) {
            List<Frame> answer = exchange(lab.engineDir.resolve("engine.sock"), request);
            assertEquals(2, answer.size(), "answer frames");
            assertEquals(Frames.OUT, answer.get(0).type());
            String json = answer.get(0).text();
            assertTrue(json.contains("\"code\": 6"), json);
            assertEquals(Frames.EXIT, answer.get(1).type());
            assertEquals(1, answer.get(1).u32(0));
        }
        assertEquals(bad.size(), lab.stat("badRequests"));
        assertEquals(1, lab.stat("callsServed"), "nothing ran");
        assertEquals(List.of(), lab.hostVeths());
    }

    private static List<Frame> exchange(Path socket, byte[] request) throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(request));
            List<Frame> out = new ArrayList<>();
            for (Frame f; (f = Frames.read(ch, Frames.MAX_FRAME)) != null; ) {
                out.add(f);
            }
            return out;
        }
    }

    private static byte[] hello() {
        return frame('H', ByteBuffer.allocate(4 + 4).putInt(Frames.PROTOCOL).put(utf8("test")).array());
    }

    private static byte[] header(char type, int len) {
        return ByteBuffer.allocate(5).put((byte) type).putInt(len).array();
    }

    private static byte[] frame(char type, byte[] payload) {
        return concat(header(type, payload.length), payload);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }
}
