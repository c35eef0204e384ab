package io.jnet.runtime;

import io.jnet.context.CallContext;
import io.jnet.netlink.ns.NetNs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The lab's HTTP responder process: {@code jnet serve-http} started inside a namespace and left running. */
public final class Responder {
    static final String SUBCOMMAND = "serve-http";

    private Responder() {}

    /**
     * Starts {@code jnet serve-http} inside {@code netns}, in its own session (so a terminal's Ctrl-C aimed at
     * jnet does not reach it), output to {@code log}. A process spawned from a thread that entered the
     * namespace lives in that namespace.
     */
    public static Process start(Path netns, int port, String name, Path log) {
        List<String> cmd = new ArrayList<>();
        Path setsid = Probes.onPath("setsid");
        if (setsid != null) {
            cmd.add(setsid.toString());
        }
        cmd.addAll(selfCommand());
        cmd.addAll(List.of(SUBCOMMAND, "--port", Integer.toString(port), "--name", name));
        ProcessBuilder pb = CallContext.current().prepare(new ProcessBuilder(cmd)).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try (NetNs ns = NetNs.open(netns)) {
            Files.createDirectories(log.getParent());
            return ns.call(pb::start);
        } catch (IOException e) {
            throw JnetException.failed("cannot start the HTTP responder: " + e.getMessage(), "check that java is on PATH", e);
        }
    }

    /** How to run jnet itself: the launcher when we were started by it, else this JVM with its class path. */
    public static List<String> selfCommand() {
        Optional<Path> launcher = Settings.home().map(h -> h.resolve("bin/jnet")).filter(Files::isExecutable);
        if (launcher.isPresent()) {
            return List.of(launcher.get().toString());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.jnet.cli.Main");
    }

    /** The responder recorded in the state, if that pid is still the same process running serve-http. */
    public static Optional<ProcessHandle> find(long pid, long startMillis) {
        if (pid <= 0) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> !exited(pid))
                .filter(h -> h.info().startInstant().map(i -> i.toEpochMilli() == startMillis).orElse(false))
                .filter(h -> h.info().commandLine().map(c -> c.contains(SUBCOMMAND)).orElse(true));
    }

    /** Stops it: SIGTERM, then SIGKILL after 5 s. */
    public static void stop(ProcessHandle h) {
        h.destroy();
        if (!awaitExit(h.pid(), 5000)) {
            h.destroyForcibly();
            awaitExit(h.pid(), 5000);
        }
    }

    /** Whether the process is gone, or dead and only waiting for its new parent to reap it (a zombie). */
    public static boolean exited(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) == 'Z' || stat.charAt(close + 2) == 'X';
        } catch (IOException e) {
            return true;
        }
    }

    // Not onExit(): the responder is not our child, and once dead it may stay a zombie until init reaps it.
    private static boolean awaitExit(long pid, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (!exited(pid)) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return exited(pid);
            }
        }
        return true;
    }
}
