package io.jnet.dns;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The resolver process seen from a runtime: started when the first DNS network gets an attachment, told to reload
 * (and answering when it has) on every change, stopped after the last one goes. The caller holds
 * {@link ResolverFiles#lock()} so two runtimes never start two resolvers.
 */
public final class ResolverProcess {
    private static final long START_MILLIS = 60_000; // a JVM start on a loaded two-core machine
    private static final long STOP_MILLIS = 10_000;
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final ResolverFiles files;
    private final List<String> launch;

    /**
     * @param launch the command that runs {@link ResolverMain} without {@code --dir} (see {@link #javaCommand})
     */
    public ResolverProcess(ResolverFiles files, List<String> launch) {
        this.files = files;
        this.launch = List.copyOf(launch);
    }

    /** This JVM's java and class path running {@link ResolverMain}, following {@code resolvConf}. */
    public static List<String> javaCommand(Path resolvConf) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), ResolverMain.class.getName()));
        if (resolvConf != null) {
            cmd.addAll(List.of("--resolv-conf", resolvConf.toString()));
        }
        return cmd;
    }

    /**
     * Makes the running resolver match the records: reload (starting it first when needed) while any network has
     * records, stop it when none has.
     *
     * @return the resolver's reload line ({@code ok ...}), or "stopped"/"not running"
     * @throws IOException when it cannot be started or refuses the reload
     */
    public String update(boolean wanted) throws IOException {
        if (!wanted) {
            return stop();
        }
        Optional<String> answer = send("reload");
        if (answer.isEmpty()) {
            start();
            answer = send("reload");
        }
        String line = answer.orElseThrow(() -> new IOException("the resolver stopped answering on " + files.control()));
        if (!line.startsWith("ok")) {
            throw new IOException("the resolver refused the update: " + line);
        }
        return line;
    }

    /** Stops the resolver and waits for it to exit; "not running" when there was none. */
    public String stop() throws IOException {
        Optional<ProcessHandle> proc = pid().flatMap(ProcessHandle::of);
        Optional<String> answer = send("stop");
        if (answer.isEmpty()) {
            return "not running";
        }
        if (proc.isPresent()) {
            try {
                proc.get().onExit().get(STOP_MILLIS, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                proc.get().destroyForcibly();
                throw new IOException("the resolver (pid " + proc.get().pid() + ") did not stop in time; it was killed");
            }
        }
        return "stopped";
    }

    /** Sends one command; the answer line, or empty when no resolver listens. */
    public Optional<String> send(String command) throws IOException {
        if (!Files.exists(files.control())) {
            return Optional.empty();
        }
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(files.control()));
            c.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            c.shutdownOutput();
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (buf.hasRemaining() && c.read(buf) >= 0) {
                // until the resolver closes
            }
            String line = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
            return line.isEmpty() ? Optional.empty() : Optional.of(line);
        } catch (IOException e) {
            return Optional.empty(); // a socket file without a resolver behind it: the next start replaces it
        }
    }

    /** The running resolver's pid, from its pid file. */
    public Optional<Long> pid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(files.pid()).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void start() throws IOException {
        Files.createDirectories(files.records());
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            cmd.add(SETSID.toString()); // its own session: a Ctrl-C meant for jnet must not reach it
        }
        cmd.addAll(launch);
        cmd.addAll(List.of("--dir", files.dir().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(files.log().toFile()));
        Process p = pb.start();
        long deadline = System.currentTimeMillis() + START_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (send("ping").filter(l -> l.startsWith("ok")).isPresent()) {
                return;
            }
            if (!p.isAlive()) {
                throw new IOException("the resolver exited at start (" + lastLine() + ")");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the resolver started");
            }
        }
        p.destroyForcibly();
        throw new IOException("the resolver did not answer within " + START_MILLIS / 1000 + " s (" + lastLine() + ")");
    }

    private String lastLine() {
        try {
            List<String> lines = Files.readAllLines(files.log());
            return lines.isEmpty() ? "no output; see " + files.log() : lines.get(lines.size() - 1) + "; see " + files.log();
        } catch (IOException e) {
            return "see " + files.log();
        }
    }
}
