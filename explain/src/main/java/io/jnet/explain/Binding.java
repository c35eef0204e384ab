package io.jnet.explain;

/**
 * The sink of the call running on a thread. A binding is undone by closing it, which puts back the sink that was
 * bound before (a plugin running another one in-process binds and unbinds inside the outer call).
 */
public final class Binding implements AutoCloseable {
    private static final ThreadLocal<Explain> CURRENT = new ThreadLocal<>();

    private final Explain previous;
    private final Thread owner;
    private boolean closed;

    private Binding(Explain previous) {
        this.previous = previous;
        this.owner = Thread.currentThread();
    }

    static Explain current() {
        Explain e = CURRENT.get();
        return e == null ? Explain.NONE : e;
    }

    static Binding open(Explain sink) {
        Binding b = new Binding(CURRENT.get());
        CURRENT.set(sink == null ? Explain.NONE : sink);
        return b;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("an explain binding is closed on the thread that made it");
        }
        closed = true;
        if (previous == null) {
            CURRENT.remove(); // a pooled thread keeps nothing of the call
        } else {
            CURRENT.set(previous);
        }
    }
}
