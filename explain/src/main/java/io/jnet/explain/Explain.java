package io.jnet.explain;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the operations of one call are explained. Each operation the netlink, sysctl and firewall layers perform on
 * the kernel reports itself, once the kernel accepted it, as the command a person would type to do the same by hand
 * ({@code ip}, {@code bridge}, {@code sysctl}, {@code iptables}, {@code nft}). {@code jnet ... --explain} prints these
 * lines as they come; a plugin appends them to the file named by {@value #ENV} in its call's environment.
 *
 * <p>The sink is bound to the thread running a call ({@link #bind}), never to the process, so a resident engine
 * serving many calls in one JVM binds each call's own. Handles that outlive the binding (a netlink socket used from
 * another thread) keep the sink that was current when they were made.
 */
public interface Explain {
    /** The environment variable naming the file a plugin call appends its explanation to. */
    String ENV = "JNET_EXPLAIN";

    /** Explains nothing: the sink of every call that did not ask. */
    Explain NONE = new Explain() {
        @Override
        public void command(String line) {
            // not asked
        }

        @Override
        public boolean active() {
            return false;
        }
    };

    /** One operation performed, as a complete command line ({@code ip -n red link set eth0 up}). */
    void command(String line);

    /** A remark between commands, written as a shell comment so the explanation stays a runnable script. */
    default void note(String text) {
        for (String line : text.split("\n", -1)) {
            command("# " + line);
        }
    }

    /** Whether anything is listening: callers skip the work of describing an operation when not. */
    default boolean active() {
        return true;
    }

    /** The sink bound to the calling thread, {@link #NONE} when none is. */
    static Explain current() {
        return Binding.current();
    }

    /** Binds {@code sink} to the calling thread until the binding is closed, which restores the previous one. */
    static Binding bind(Explain sink) {
        return Binding.open(sink);
    }

    /** The sink a call's environment asks for: the file named by {@value #ENV}, else {@link #NONE}. */
    static Explain fromEnv(Map<String, String> env) {
        String path = env.get(ENV);
        return path == null || path.isEmpty() ? NONE : new ExplainFile(Path.of(path));
    }

    /** {@code sink}, with {@code heading} noted before the first command (and not at all when no command comes). */
    static Explain withHeading(Explain sink, String heading) {
        if (!sink.active()) {
            return sink;
        }
        return new Explain() {
            private boolean headed;

            @Override
            public synchronized void command(String line) {
                if (!headed) {
                    headed = true;
                    sink.note(heading);
                }
                sink.command(line);
            }
        };
    }
}
