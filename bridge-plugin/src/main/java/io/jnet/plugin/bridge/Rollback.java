package io.jnet.plugin.bridge;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;

/** The undo steps of an ADD in progress, run newest first when the ADD fails; each undo failure is logged, none stops the rest. */
final class Rollback {
    /** One undo step. */
    interface Step {
        void undo() throws Exception;
    }

    private final Deque<Step> steps = new ArrayDeque<>();
    private final Deque<String> names = new ArrayDeque<>();
    private final PrintStream log;

    Rollback(PrintStream log) {
        this.log = log;
    }

    void add(String what, Step step) {
        steps.push(step);
        names.push(what);
    }

    /** Undoes everything recorded, newest first; {@code cause} collects the failures as suppressed exceptions. */
    void run(Throwable cause) {
        while (!steps.isEmpty()) {
            Step s = steps.pop();
            String what = names.pop();
            try {
                s.undo();
            } catch (Exception e) {
                log.println("bridge: rollback of " + what + " failed: " + e.getMessage());
                cause.addSuppressed(e);
            }
        }
    }
}
