package io.jnet.context;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/**
 * What one call of a jnet program takes from "its process": environment, working directory, standard streams
 * and the exit status. A program started as a JVM of its own gets {@link #process()}, which is exactly that
 * process's; the engine runs many calls in one JVM and binds each call's own context to the call's thread
 * (inherited by the threads it starts), so no call ever sees the engine's environment or another call's.
 * Code that would read {@code System.getenv}, call {@code System.exit} or start a program reads this instead.
 */
public final class CallContext {
    private static final InheritableThreadLocal<CallContext> CURRENT = new InheritableThreadLocal<>();
    private static volatile CallContext process;

    private final Map<String, String> env;
    private final Path cwd;
    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final PrintStream systemOut;
    private final boolean hosted;
    private volatile int exitCode = -1;

    private CallContext(Map<String, String> env, Path cwd, InputStream stdin, PrintStream stdout, PrintStream stderr,
            PrintStream systemOut, boolean hosted) {
        this.env = Map.copyOf(env);
        this.cwd = cwd;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.systemOut = systemOut;
        this.hosted = hosted;
    }

    /** This JVM's own process: its environment, directory, streams; {@link #exit} exits the JVM. */
    public static CallContext process() {
        CallContext p = process;
        if (p == null) {
            p = new CallContext(System.getenv(), Path.of(System.getProperty("user.dir")).toAbsolutePath(), System.in,
                    System.out, System.err, System.out, false);
            process = p;
        }
        return p;
    }

    /**
     * A call hosted inside a longer-lived JVM.
     *
     * @param cwd       the caller's working directory (absolute)
     * @param systemOut where a stray {@code System.out} print of this call goes (a plugin's goes to stderr, so it
     *                  can never corrupt the one JSON document on stdout)
     */
    public static CallContext hosted(Map<String, String> env, Path cwd, InputStream stdin, PrintStream stdout,
            PrintStream stderr, PrintStream systemOut) {
        if (!cwd.isAbsolute()) {
            throw new IllegalArgumentException("working directory must be absolute: " + cwd);
        }
        return new CallContext(env, cwd, stdin, stdout, stderr, systemOut, true);
    }

    /** The context of the calling thread: a hosted call's, else the process's. */
    public static CallContext current() {
        CallContext c = CURRENT.get();
        return c != null ? c : process();
    }

    /** The call's complete environment (unmodifiable). */
    public Map<String, String> env() {
        return env;
    }

    /** One variable of the call's environment, or null. */
    public String getenv(String name) {
        return env.get(name);
    }

    /** The caller's working directory. */
    public Path cwd() {
        return cwd;
    }

    /** {@code p} made absolute against the caller's working directory (not the JVM's). */
    public Path absolute(Path p) {
        return p.isAbsolute() ? p : cwd.resolve(p);
    }

    public InputStream stdin() {
        return stdin;
    }

    public PrintStream stdout() {
        return stdout;
    }

    public PrintStream stderr() {
        return stderr;
    }

    /** Where {@code System.out} leads during this call (see {@link CallStreams}). */
    PrintStream systemOut() {
        return systemOut;
    }

    /** True for a call inside a longer-lived JVM, false for a JVM of its own. */
    public boolean isHosted() {
        return hosted;
    }

    /**
     * Ends the call with {@code code}: a process exits; a hosted call records the code for its host, and the
     * caller returns (a program's main calls this last).
     */
    public void exit(int code) {
        if (!hosted) {
            stdout.flush();
            stderr.flush();
            System.exit(code);
        }
        exitCode = code;
    }

    /** The code a hosted call passed to {@link #exit}, if it did. */
    public OptionalInt exitCode() {
        int c = exitCode;
        return c < 0 ? OptionalInt.empty() : OptionalInt.of(c);
    }

    /**
     * Gives a program about to be started this call's environment and working directory (a process's own
     * builder already has them; a hosted call's must not inherit the host's). Returns {@code pb}.
     */
    public ProcessBuilder prepare(ProcessBuilder pb) {
        if (hosted) {
            pb.environment().clear();
            pb.environment().putAll(env);
            pb.directory(cwd.toFile());
        }
        return pb;
    }

    /** Runs {@code task} on the calling thread with this context bound (threads it starts inherit it). */
    public <T> T call(Callable<T> task) throws Exception {
        CallContext before = CURRENT.get();
        CURRENT.set(this);
        try {
            return task.call();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }
}
