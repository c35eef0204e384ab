package io.jnet.reliability;

import java.util.Map;

/**
 * Cases that fail because of a bug found by these suites and not fixed yet, by the start of the case's name,
 * with what is wrong. Such a case still runs in full: when it fails as described it is reported as aborted
 * ("known bug: ..."), never as passed; when it passes, it fails, so the entry is removed once the bug is fixed.
 */
final class KnownBugs {
    private KnownBugs() {}

    static final Map<String, String> BY_CASE = Map.of(
            "[network names] jnet net create a\\nb", "jnet: the error line echoes a newline of the name, so it is two lines",
            "[namespace names] jnet netns add a\\nb", "jnet: the error line echoes a newline of the name, so it is two lines",
            "[bad values] jnet net create n1 --subnet 10.92.0.0/24 --cni-version 9.9.9",
            "jnet: net create accepts an unsupported --cni-version and writes a conflist every plugin refuses",
            "host-local symlink planted as network dir", "host-local follows a symlink at <dataDir>/<network> and writes its lock and "
                    + "last_reserved_ip into the target",
            "CLI results dir is a symlink", "jnet (ResultCache) follows a symlink at <cacheDir>/results and writes the cache entry into the target",
            "jnet attach killed", "jnet gc after a killed attach removes lease and rules but leaves the veth pair, which no command removes "
                    + "while the namespace lives");

    /** Cases whose failure depends on where a kill lands: they may also pass. */
    static final java.util.Set<String> TIMING = java.util.Set.of("jnet attach killed");

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
