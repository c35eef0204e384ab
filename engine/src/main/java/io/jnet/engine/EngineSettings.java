package io.jnet.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the engine lives and how long it waits. Each value: a command-line option, else an environment variable,
 * else the default. The native client resolves the directory the same way, plus {@code lib/engine.dir} of its
 * dist (how a test's private dist points at its own engine).
 *
 * @param dir               the state directory ({@code --dir}, {@code JNET_ENGINE_DIR}, default {@code /run/jnet}), mode 0700
 * @param idleMillis        exit after this long without a call ({@code --idle SECONDS}, {@code JNET_ENGINE_IDLE}, default 600; 0 never)
 * @param callTimeoutMillis a call's deadline ({@code --call-timeout SECONDS}, {@code JNET_ENGINE_CALL_TIMEOUT}, default 300)
 * @param home              the dist directory the engine runs from ({@code -Djnet.home}), null outside a dist
 * @param inherit           serve the listening socket inherited on stdin (systemd socket activation)
 */
record EngineSettings(Path dir, long idleMillis, long callTimeoutMillis, Path home, boolean inherit) {
    static final Path DEFAULT_DIR = Path.of("/run/jnet");
    static final String SOCKET = "engine.sock";
    static final String PID = "engine.pid";

    Path socket() {
        return dir.resolve(SOCKET);
    }

    Path pidFile() {
        return dir.resolve(PID);
    }

    static EngineSettings parse(String[] args, Map<String, String> env, String home) {
        String dir = env.get("JNET_ENGINE_DIR");
        String idle = env.getOrDefault("JNET_ENGINE_IDLE", "600");
        String timeout = env.getOrDefault("JNET_ENGINE_CALL_TIMEOUT", "300");
        boolean inherit = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = value(args, ++i);
                case "--idle" -> idle = value(args, ++i);
                case "--call-timeout" -> timeout = value(args, ++i);
                case "--inherit" -> inherit = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (usage: engine [--dir DIR] [--idle SECONDS] [--call-timeout SECONDS] [--inherit])");
            }
        }
        Path d = dir == null || dir.isEmpty() ? DEFAULT_DIR : Path.of(dir).toAbsolutePath();
        long callTimeout = seconds(timeout, "call timeout");
        if (callTimeout == 0) {
            throw new IllegalArgumentException("the call timeout must be positive");
        }
        return new EngineSettings(d, seconds(idle, "idle time"), callTimeout,
                home == null || home.isEmpty() ? null : Path.of(home).toAbsolutePath().normalize(), inherit);
    }

    /** The build id of the dist at {@code home} ({@code lib/build-id}); "dev" outside a dist, "gone" when it vanished. */
    static String readBuild(Path home) {
        if (home == null) {
            return "dev";
        }
        try {
            return Files.readString(home.resolve("lib").resolve("build-id"), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "gone";
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static long seconds(String s, String what) {
        try {
            long v = Long.parseLong(s.trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v * 1000;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + what + " \"" + s + "\": a number of seconds");
        }
    }
}
