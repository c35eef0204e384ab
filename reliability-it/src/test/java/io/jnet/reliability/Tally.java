package io.jnet.reliability;

import java.util.Map;
import java.util.TreeMap;

/** Counts the cases of each kind a suite ran and passed, printed as one summary line at the end of its class. */
final class Tally {
    private final String suite;
    private final Map<String, int[]> counts = new TreeMap<>();

    Tally(String suite) {
        this.suite = suite;
    }

    synchronized void ran(String kind) {
        counts.computeIfAbsent(kind, k -> new int[2])[0]++;
    }

    synchronized void passed(String kind) {
        counts.computeIfAbsent(kind, k -> new int[2])[1]++;
    }

    /** Runs {@code body} as one case of {@code kind}. */
    void count(String kind, ThrowingRunnable body) throws Throwable {
        ran(kind);
        body.run();
        passed(kind);
    }

    /**
     * Runs {@code body} as the case {@code name} of {@code kind}; when {@link KnownBugs} lists it, a failure is
     * reported as an aborted "known bug" case (counted apart, never as passed) and a pass fails.
     */
    void count(String kind, String name, ThrowingRunnable body) throws Throwable {
        String bug = KnownBugs.of(name);
        if (bug == null) {
            count(kind, body);
            return;
        }
        ran(kind);
        try {
            body.run();
        } catch (AssertionError e) {
            synchronized (this) {
                knownBugs++;
            }
            throw new org.opentest4j.TestAbortedException("known bug: " + bug + " -- " + e.getMessage(), e);
        }
        if (!KnownBugs.TIMING.contains(name)) {
            throw new AssertionError("listed in KnownBugs but passed (fixed?): remove it from the list: " + name);
        }
        passed(kind);
    }

    private int knownBugs;

    synchronized String summary() {
        StringBuilder b = new StringBuilder("[reliability] " + suite + ":");
        int ran = 0;
        int passed = 0;
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            b.append(' ').append(e.getKey()).append('=').append(e.getValue()[1]).append('/').append(e.getValue()[0]);
            ran += e.getValue()[0];
            passed += e.getValue()[1];
        }
        return b.append(" | total passed ").append(passed).append(" of ").append(ran).append(" cases")
                .append(knownBugs == 0 ? "" : ", " + knownBugs + " failed on known bugs (see KnownBugs)").toString();
    }

    void print() {
        System.out.println(summary());
    }

    interface ThrowingRunnable {
        void run() throws Throwable;
    }
}
