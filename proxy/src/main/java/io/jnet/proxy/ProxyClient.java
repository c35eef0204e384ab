package io.jnet.proxy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.context.CallContext;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Talks to the proxy of the calling thread's network namespace, starting it when a port is published and none
 * runs. Each namespace has its own socket, {@code <dir>/net-<inode>.sock}; one lock file serialises clients, so
 * two first publishes start one proxy, and a publish never meets a proxy that is exiting.
 */
@SuppressWarnings("try") // try (Lock lock = lock()) holds the lock for the block; try (ch) only probes
public final class ProxyClient {
    /** Where the sockets live by default (root's, mode 0700). */
    public static final Path DEFAULT_DIR = Path.of("/run/jnet/proxy");
    /** The environment variable naming another directory (jnet passes {@code <stateDir>/proxy} to its plugins). */
    public static final String DIR_ENV = "JNET_PROXY_DIR";
    private static final long START_TIMEOUT_MS = 30_000;
    private static final List<String> SETSID = List.of("/usr/bin/setsid", "/bin/setsid");

    private final Path dir;

    public ProxyClient(Path dir) {
        this.dir = dir;
    }

    public static ProxyClient standard() {
        return new ProxyClient(DEFAULT_DIR);
    }

    /** The proxy directory a call's environment names ({@value #DIR_ENV}), else {@link #DEFAULT_DIR}. */
    public static ProxyClient fromEnv(Map<String, String> env) {
        String dir = env.get(DIR_ENV);
        return new ProxyClient(dir == null || dir.isBlank() ? DEFAULT_DIR : Path.of(dir));
    }

    /** Makes {@code bindings} the published ports of {@code owner}, starting the proxy if needed. */
    public void publish(String owner, List<Binding> bindings) throws ProxyException {
        Path socket = socket();
        try (Lock lock = lock()) {
            if (!answers(socket)) {
                start(socket);
            }
            expectOk(request(socket, ControlProtocol.publish(owner, bindings)));
        } catch (IOException e) {
            throw new ProxyException("userland proxy: " + e.getMessage(), e);
        }
    }

    /** Withdraws every port of {@code owner}; nothing to do when no proxy runs. The proxy exits with its last port. */
    public void unpublish(String owner) throws ProxyException {
        Path socket = socket();
        if (!Files.exists(socket)) {
            return;
        }
        try (Lock lock = lock()) {
            if (answers(socket)) {
                expectOk(request(socket, ControlProtocol.unpublish(owner)));
            }
        } catch (IOException e) {
            throw new ProxyException("userland proxy: " + e.getMessage(), e);
        }
    }

    /** What the proxy of this namespace serves, by owner; empty when none runs. */
    public Map<String, List<Binding>> published() throws ProxyException {
        Path socket = socket();
        Map<String, List<Binding>> out = new LinkedHashMap<>();
        if (!Files.exists(socket)) {
            return out;
        }
        try {
            JsonObject reply = request(socket, ControlProtocol.list());
            expectOk(reply);
            JsonElement p = reply.get("published");
            if (p != null && p.isJsonObject()) {
                for (Map.Entry<String, JsonElement> e : p.getAsJsonObject().entrySet()) {
                    List<Binding> bs = new ArrayList<>();
                    e.getValue().getAsJsonArray().forEach(b -> bs.add(Binding.fromJson(b)));
                    out.put(e.getKey(), bs);
                }
            }
            return out;
        } catch (IOException e) {
            return out; // a socket nobody answers on: no proxy
        } catch (RuntimeException e) {
            throw new ProxyException("userland proxy: unreadable answer: " + e.getMessage(), e);
        }
    }

    /** This thread's network namespace's control socket. */
    public Path socket() throws ProxyException {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString(); // net:[4026531840]
            return dir.resolve("net-" + link.replaceAll("[^0-9]", "") + ".sock");
        } catch (IOException e) {
            throw new ProxyException("cannot tell this network namespace: " + e.getMessage(), e);
        }
    }

    /** The log a proxy on {@code socket} writes its diagnostics to (removed when it ends cleanly). */
    static Path logOf(Path socket) {
        String name = socket.getFileName().toString();
        return socket.resolveSibling(name.substring(0, name.length() - ".sock".length()) + ".log");
    }

    /** The clients' lock: held while a client looks for, starts and talks to the proxy. */
    private Lock lock() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            return new Lock(ch, ch.lock());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private record Lock(FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            channel.close(); // releases the lock
        }
    }

    private static boolean answers(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Removes the sockets (and logs) of proxies that were killed: a socket nobody answers on. Called with the lock
     * held, so no proxy is between binding and answering (a bound socket answers at once).
     */
    private void sweep() {
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".sock")).toList()) {
                if (!answers(f)) {
                    Files.deleteIfExists(f);
                    Files.deleteIfExists(logOf(f));
                }
            }
        } catch (IOException e) {
            // best effort: a stale socket is only replaced when its namespace publishes again
        }
    }

    /** Starts the proxy in this thread's namespace, in its own session (a runtime killing our process group must not take it). */
    private void start(Path socket) throws IOException, ProxyException {
        sweep();
        List<String> cmd = new ArrayList<>();
        SETSID.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().ifPresent(cmd::add);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xshare:auto", "-Xmx64m", "-Xss512k",
                "-cp", System.getProperty("java.class.path"), ProxyMain.class.getName(), "--socket", socket.toString()));
        Path log = logOf(socket);
        // The call's environment (a call hosted by the engine must not pass on the engine's), cut to PATH and LANG.
        ProcessBuilder pb = CallContext.current().prepare(new ProcessBuilder(cmd))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().keySet().removeIf(k -> !k.equals("PATH") && !k.equals("LANG"));
        Process p = pb.start();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (!answers(socket)) {
            if (!p.isAlive() && !answers(socket)) {
                throw new ProxyException("the proxy exited at start: " + tail(log));
            }
            if (System.currentTimeMillis() > deadline) {
                p.destroy();
                throw new ProxyException("the proxy did not answer on " + socket + " within " + START_TIMEOUT_MS / 1000 + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProxyException("interrupted while starting the proxy");
            }
        }
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log).strip();
            return s.isEmpty() ? "(no message)" : s.substring(Math.max(0, s.length() - 500));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static JsonObject request(Path socket, JsonObject req) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap((req + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.shutdownOutput();
            String answer = new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8).strip();
            if (answer.isEmpty()) {
                throw new IOException("the proxy closed the request without an answer");
            }
            return JsonParser.parseString(answer).getAsJsonObject();
        }
    }

    private static void expectOk(JsonObject reply) throws ProxyException {
        JsonElement ok = reply.get("ok");
        if (ok == null || !ok.getAsBoolean()) {
            JsonElement err = reply.get("error");
            throw new ProxyException(err == null ? "the proxy refused the request" : err.getAsString());
        }
    }
}
