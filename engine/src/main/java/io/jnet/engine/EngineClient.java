package io.jnet.engine;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.engine.Frames.Frame;
import io.jnet.engine.Frames.FrameWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's control side for Java callers ({@code jnet engine start|stop|status}, tests): where the engine of a
 * dist lives, its status, stopping it, and starting one detached, as the native client does.
 */
public final class EngineClient {
    private EngineClient() {}

    /** The engine directory for a dist: JNET_ENGINE_DIR, else the dist's {@code lib/engine.dir}, else /run/jnet. */
    public static Path dir(Map<String, String> env, Path home) {
        String d = env.get("JNET_ENGINE_DIR");
        if (d != null && !d.isEmpty()) {
            return Path.of(d);
        }
        if (home != null) {
            try {
                String s = Files.readString(home.resolve("lib/engine.dir"), StandardCharsets.UTF_8).strip();
                if (!s.isEmpty()) {
                    return Path.of(s);
                }
            } catch (IOException absent) {
                // the default then
            }
        }
        return EngineSettings.DEFAULT_DIR;
    }

    /** The engine's status, or empty when no engine answers in {@code dir}. */
    public static Optional<JsonObject> status(Path dir) {
        return control(dir, Frames.STATUS);
    }

    /** Asks the engine to stop (it finishes the calls in flight); its last status, or empty when none answered. */
    public static Optional<JsonObject> stop(Path dir) {
        return control(dir, Frames.STOP);
    }

    private static Optional<JsonObject> control(Path dir, byte what) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(dir.resolve(EngineSettings.SOCKET)));
            FrameWriter w = new FrameWriter(ch);
            ByteBuffer hello = ByteBuffer.allocate(4).putInt(Frames.PROTOCOL);
            w.write(Frames.HELLO, hello.array());
            w.write(what, new byte[0]);
            Frame f = Frames.read(ch, Frames.MAX_FRAME);
            if (f == null) {
                return Optional.empty();
            }
            if (f.type() == Frames.FALLBACK) {
                throw new IllegalStateException(f.text());
            }
            if (f.type() != Frames.JSON) {
                return Optional.empty();
            }
            return Optional.of(JsonParser.parseString(f.text()).getAsJsonObject());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts an engine of the dist at {@code home} serving {@code dir}, in a session of its own (setsid), with a
     * fixed environment and its output appended to {@code dir/engine.log}; waits up to {@code waitMillis} for it
     * to answer. Returns its status, or empty when it did not answer in time (see the log).
     */
    public static Optional<JsonObject> start(Path home, Path dir, Map<String, String> env, long waitMillis) {
        Path launcher = home.resolve("lib/jvm/engine");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalArgumentException(launcher + " is missing");
        }
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            List<String> cmd = new ArrayList<>(List.of("setsid", "-f", launcher.toString(), "--dir", dir.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of("/").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("engine.log").toFile()));
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            pb.environment().put("MALLOC_ARENA_MAX", "2");
            for (String k : List.of("JNET_ENGINE_IDLE", "JNET_ENGINE_CALL_TIMEOUT")) {
                if (env.get(k) != null) {
                    pb.environment().put(k, env.get(k));
                }
            }
            pb.start().waitFor();
            long until = System.currentTimeMillis() + waitMillis;
            do {
                Optional<JsonObject> s = status(dir);
                if (s.isPresent()) {
                    return s;
                }
                Thread.sleep(20);
            } while (System.currentTimeMillis() < until);
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
