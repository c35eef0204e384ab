package io.jnet.containers.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jnet.containers.ContainerException;
import org.junit.jupiter.api.Test;

class LimitsTest {
    @Test
    void sizes_cpus_and_pids_parse_like_docker() {
        Limits l = Limits.parse("32m", "0.5", "16", 2);
        assertEquals(32L << 20, l.memoryBytes());
        assertEquals(50_000, l.cpuQuotaMicros());
        assertEquals(16, l.pids());
        assertEquals(1L << 30, Limits.memory("1g"));
        assertEquals(64L << 20, Limits.memory("64MiB"));
        assertEquals(7_000_000, Limits.memory("7000000"));
        assertEquals(200_000, Limits.cpuQuota("2", 2));
        assertEquals(Limits.none(), Limits.parse(null, null, null, 2));
    }

    @Test
    void out_of_range_and_malformed_values_are_usage_errors() {
        for (String m : new String[] {"1k", "5m", "0", "-1m", "32x", "", "99999999999999999999g", "1t"}) {
            assertEquals(ContainerException.Kind.USAGE, assertThrows(ContainerException.class, () -> Limits.memory(m), m).kind());
        }
        for (String c : new String[] {"0", "0.001", "3", "-1", "NaN", "half"}) {
            assertEquals(ContainerException.Kind.USAGE, assertThrows(ContainerException.class, () -> Limits.cpuQuota(c, 2), c).kind());
        }
        for (String p : new String[] {"0", "-1", "x", "5000000"}) {
            assertEquals(ContainerException.Kind.USAGE, assertThrows(ContainerException.class, () -> Limits.pids(p), p).kind());
        }
    }
}
