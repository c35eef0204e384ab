package io.jnet.differential;

import static org.junit.jupiter.api.Assertions.fail;

import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The differential fuzz: random but valid host-local, bridge and bridge+portmap networks (cniVersion 0.3.1, 0.4.0,
 * 1.0.0), the same calls played against the reference plugins 1.1.1 and against jnet, each case in fresh throwaway
 * namespaces, comparing every call's outcome and then results, store files, links, addresses, routes, sysctls and
 * every iptables table. Only {@link Documented} differences are forgiven.
 *
 * <p>Seed and size: {@code -Ddifferential.seed=N} (default in the pom), {@code -Ddifferential.cases=N} (default 150),
 * {@code -Ddifferential.case=I} to play case I of that seed alone. The run prints its seed and case counts.
 */
@KernelTest
class DifferentialFuzzIT {
    private static final long SEED = longProperty("differential.seed", 20261130L);
    private static final int CASES = (int) longProperty("differential.cases", 150);
    private static final long ONLY = longProperty("differential.case", -1);

    private static final Map<String, AtomicInteger> counts = new TreeMap<>();
    private static final AtomicInteger same = new AtomicInteger();
    private static final AtomicInteger different = new AtomicInteger();
    private static final AtomicInteger calls = new AtomicInteger();
    private static long started;

    static Stream<FuzzCase> cases() {
        CaseGenerator gen = new CaseGenerator(SEED);
        IntStream indexes = ONLY >= 0 ? IntStream.of((int) ONLY) : IntStream.range(0, CASES);
        return indexes.mapToObj(gen::generate);
    }

    @BeforeAll
    static void announce() {
        started = System.nanoTime();
        System.out.println("[differential] seed " + SEED + ", " + (ONLY >= 0 ? "case " + ONLY + " alone" : CASES + " cases")
                + " (replay one: -Ddifferential.seed=" + SEED + " -Ddifferential.case=I)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameAsTheReference(FuzzCase c, Sandbox sb) throws Exception {
        count(c.kind());
        count("cniVersion " + c.version());
        CaseRunner runner = new CaseRunner(c, sb);
        List<String> diffs;
        try {
            diffs = runner.run();
        } finally {
            calls.addAndGet(runner.calls);
        }
        System.out.println("[differential] case " + c + ": " + (diffs.isEmpty() ? "same" : "DIFFERENT") + " (" + runner.calls
                + " calls)");
        if (diffs.isEmpty()) {
            same.incrementAndGet();
            return;
        }
        different.incrementAndGet();
        fail("jnet differs from the reference (seed " + SEED + ", replay: -Ddifferential.seed=" + SEED
                + " -Ddifferential.case=" + c.index() + ")\n" + c.describe() + String.join("\n", diffs));
    }

    private static void count(String key) {
        counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    @AfterAll
    static void report() {
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        System.out.println("[differential] seed " + SEED + ": " + (same.get() + different.get()) + " cases " + counts
                + "; " + same.get() + " same as the reference, " + different.get() + " different; "
                + calls.get() + " plugin calls (both sides); " + seconds + " s");
    }

    private static long longProperty(String key, long fallback) {
        String v = System.getProperty(key, "").strip();
        return v.isEmpty() ? fallback : Long.parseLong(v);
    }
}
