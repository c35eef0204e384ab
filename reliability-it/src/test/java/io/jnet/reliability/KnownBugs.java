package io.jnet.reliability;

import java.util.Map;

/**
 * Cases that fail because of a bug found by these suites and not fixed yet, by the start of the case's name,
 * with what is wrong. Such a case still runs in full: when it fails as described it is reported as aborted
 * ("known bug: ..."), never as passed; when it passes, it fails, so the entry is removed once the bug is fixed.
 */
final class KnownBugs {
    private KnownBugs() {}

    static final Map<String, String> BY_CASE = Map.of();

    /** Cases whose failure depends on where a kill lands: they may also pass. */
    static final java.util.Set<String> TIMING = java.util.Set.of();

    /** The bug a case named {@code name} is known to hit, or null. */
    static String of(String name) {
        for (Map.Entry<String, String> e : BY_CASE.entrySet()) {
            if (name.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }
}
