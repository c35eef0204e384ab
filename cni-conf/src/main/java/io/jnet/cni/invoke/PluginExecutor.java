package io.jnet.cni.invoke;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.jnet.cni.result.ResultReader;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.JsonSupport;
import io.jnet.context.CallContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one plugin process: argument list (no shell), the given environment only, config on stdin, stdout and
 * stderr collected, killed at a deadline. A failing plugin's error comes from its stdout JSON, or from stderr
 * when stdout is empty.
 */
public final class PluginExecutor {
    private static final int TEXT_FILE_BUSY_RETRIES = 5;
    private static final Duration TEXT_FILE_BUSY_PAUSE = Duration.ofMillis(200);
    // After the process is gone, how long to wait for its pipes to drain (a grandchild may still hold them).
    private static final long DRAIN_MILLIS = 2_000;

    private final Duration timeout;
    private final PrintStream stderrSink;

    /**
     * @param timeout    how long a plugin may run before it and its descendants are killed
     * @param stderrSink where a plugin's stderr is copied (our own stderr), or null to drop it
     */
    public PluginExecutor(Duration timeout, PrintStream stderrSink) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.timeout = timeout;
        this.stderrSink = stderrSink;
    }

    /** The deadline this executor enforces. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Runs {@code plugin} and returns its stdout when it exits 0.
     *
     * @param env the complete environment of the child (nothing is inherited implicitly)
     * @throws CniException the plugin's own error, or code 999 when it timed out / failed without a parsable error,
     *                      or code 5 when it could not be started
     */
    public byte[] exec(Path plugin, byte[] stdin, Map<String, String> env) throws CniException {
        Process p = start(plugin, env);
        Pump out = new Pump(p.getInputStream());
        Pump err = new Pump(p.getErrorStream());
        Thread feeder = daemon(() -> feed(p.getOutputStream(), stdin), "cni-stdin");
        feeder.start();
        out.start();
        err.start();
        boolean finished;
        try {
            finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new CniException(CniException.INTERNAL, "interrupted while running plugin", plugin.toString(), e);
        }
        if (!finished) {
            kill(p);
        }
        byte[] stdout = out.drain();
        byte[] stderr = err.drain();
        if (stderrSink != null && stderr.length > 0) {
            stderrSink.write(stderr, 0, stderr.length);
            stderrSink.flush();
        }
        if (!finished) {
            throw new CniException(CniException.INTERNAL, "plugin timed out",
                    plugin + " killed after " + timeout.toMillis() + " ms");
        }
        int exit = p.exitValue();
        if (exit != 0) {
            throw pluginError(exit, stdout, stderr);
        }
        return stdout;
    }

    /**
     * Runs {@code plugin} expecting a result on stdout; returns the raw result object after checking that it
     * reads as a result ({@code fallbackVersion} when it names no version). Garbage is code 6.
     */
    public JsonObject execForResult(Path plugin, byte[] stdin, Map<String, String> env, String fallbackVersion)
            throws CniException {
        return parseResult(exec(plugin, stdin, env), fallbackVersion);
    }

    /** A plugin's stdout read as a result, however the plugin was run. */
    public static JsonObject parseResult(byte[] stdout, String fallbackVersion) throws CniException {
        JsonObject result;
        try {
            result = JsonSupport.parseObject(stdout, "plugin result");
        } catch (CniException e) {
            throw new CniException(CniException.DECODING_FAILURE, "failed to parse plugin result",
                    quote(new String(stdout, StandardCharsets.UTF_8)) + ": " + e.details(), e);
        }
        ResultReader.parse(result, fallbackVersion);
        return result;
    }

    /** Runs {@code plugin} for an operation without a result; anything it prints on success is ignored. */
    public void execWithoutResult(Path plugin, byte[] stdin, Map<String, String> env) throws CniException {
        exec(plugin, stdin, env);
    }

    private Process start(Path plugin, Map<String, String> env) throws CniException {
        // The caller's working directory inside the engine; the environment is always exactly env.
        ProcessBuilder pb = CallContext.current().prepare(new ProcessBuilder(plugin.toString()));
        pb.environment().clear();
        pb.environment().putAll(env);
        for (int attempt = 0; ; attempt++) {
            try {
                return pb.start();
            } catch (IOException e) {
                // The plugin binary may be mid-replacement (ETXTBSY); the reference retries too.
                boolean busy = e.getMessage() != null && e.getMessage().contains("Text file busy");
                if (!busy || attempt >= TEXT_FILE_BUSY_RETRIES) {
                    throw new CniException(CniException.IO_FAILURE, "failed to start plugin", plugin + ": " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(TEXT_FILE_BUSY_PAUSE.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new CniException(CniException.INTERNAL, "interrupted while starting plugin", plugin.toString(), ie);
                }
            }
        }
    }

    /** Kills the plugin and everything it started, so nothing keeps our pipes open. */
    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static CniException pluginError(int exit, byte[] stdout, byte[] stderr) {
        String out = new String(stdout, StandardCharsets.UTF_8);
        if (out.isBlank()) {
            String err = new String(stderr, StandardCharsets.UTF_8).strip();
            if (err.isEmpty()) {
                return new CniException(CniException.INTERNAL, "netplugin failed with no error message: exit status " + exit);
            }
            return new CniException(CniException.INTERNAL, "netplugin failed: " + quote(err));
        }
        try {
            JsonElement e = JsonSupport.parse(out, "plugin error");
            if (e.isJsonObject() && e.getAsJsonObject().has("code")) {
                CniException parsed = CniException.fromJson(e.getAsJsonObject());
                if (parsed.code() != 0) {
                    return parsed;
                }
                return new CniException(CniException.INTERNAL, parsed.msg(), parsed.details());
            }
            return new CniException(CniException.INTERNAL,
                    "netplugin failed but error parsing its diagnostic message " + quote(out), "no error code");
        } catch (CniException ex) {
            return new CniException(CniException.INTERNAL,
                    "netplugin failed but error parsing its diagnostic message " + quote(out), ex.details());
        }
    }

    private static String quote(String s) {
        String cut = s.length() > 4096 ? s.substring(0, 4096) + "..." : s;
        return "\"" + cut.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static void feed(OutputStream in, byte[] data) {
        try (in) {
            in.write(data);
        } catch (IOException ignored) {
            // The plugin closed stdin early or died; its exit status tells the story.
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Copies one pipe into memory on its own thread so neither pipe can fill up and block the plugin. */
    private static final class Pump {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final Thread thread;

        Pump(InputStream in) {
            this.in = in;
            this.thread = daemon(this::copy, "cni-pipe");
        }

        void start() {
            thread.start();
        }

        private void copy() {
            byte[] chunk = new byte[8192];
            try {
                int n;
                while ((n = in.read(chunk)) > 0) {
                    synchronized (buf) {
                        buf.write(chunk, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // closed under us by drain(): what was read so far is all we get
            }
        }

        byte[] drain() {
            try {
                thread.join(DRAIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // nothing more to do
                }
            }
            synchronized (buf) {
                return buf.toByteArray();
            }
        }
    }
}
