package io.jnet.dns;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of what the resolver did, for the control socket's {@code stats} (tests and benchmarks read them). */
public final class Stats {
    final AtomicLong answered = new AtomicLong();
    final AtomicLong forwarded = new AtomicLong();
    final AtomicLong upstreamFailed = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();

    public long forwarded() {
        return forwarded.get();
    }

    public long malformed() {
        return malformed.get();
    }

    public long dropped() {
        return dropped.get();
    }

    @Override
    public String toString() {
        return "answered=" + answered + " forwarded=" + forwarded + " upstreamFailed=" + upstreamFailed + " refused=" + refused
                + " malformed=" + malformed + " dropped=" + dropped;
    }
}
