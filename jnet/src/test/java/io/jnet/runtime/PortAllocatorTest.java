package io.jnet.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortAllocatorTest {
    private static List<PortSpec> specs(String... s) {
        return java.util.Arrays.stream(s).map(PortSpec::parse).toList();
    }

    @Test
    void rangesExpandPortByPort() {
        PortAllocator a = new PortAllocator(100, 110, m -> true);
        List<PortMapping> m = a.resolve(specs("8000-8002:80-82/udp"), List.of());
        assertEquals(List.of(new PortMapping("", 8000, 80, "udp"), new PortMapping("", 8001, 81, "udp"), new PortMapping("", 8002, 82, "udp")), m);
    }

    @Test
    void automaticPortsSkipTakenOnesAndFollowTheLastPublished() {
        Set<Integer> held = Set.of(101, 102); // a host process holds these
        PortAllocator a = new PortAllocator(100, 105, m -> !held.contains(m.hostPort()));
        assertEquals(List.of(new PortMapping("", 100, 80, "tcp"), new PortMapping("", 103, 81, "tcp")),
                a.resolve(specs("80", "81"), List.of()));
        // another attachment published 103: the next one comes after it, wrapping round the pool
        assertEquals(List.of(new PortMapping("", 104, 80, "tcp"), new PortMapping("", 105, 81, "tcp"), new PortMapping("", 100, 82, "tcp")),
                a.resolve(specs("80-82"), List.of(new PortMapping("", 103, 9, "tcp"))));
        PortAllocator full = new PortAllocator(100, 101, m -> false);
        JnetException e = assertThrows(JnetException.class, () -> full.resolve(specs("80"), List.of()));
        assertEquals(JnetException.Kind.CONFLICT, e.kind());
    }

    @Test
    void aHostRangeForOnePortPicksOneFreePortOfIt() {
        PortAllocator a = new PortAllocator(100, 110, m -> m.hostPort() != 8000);
        assertEquals(List.of(new PortMapping("", 8001, 80, "tcp")), a.resolve(specs("8000-8005:80"), List.of()));
        PortAllocator none = new PortAllocator(100, 110, m -> false);
        assertEquals(JnetException.Kind.CONFLICT, assertThrows(JnetException.class, () -> none.resolve(specs("8000-8001:80"), List.of())).kind());
    }

    @Test
    void thePoolIsTheEphemeralRangeElseDockers(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ip_local_port_range");
        Files.writeString(f, "32768\t60999\n");
        assertArrayEquals(new int[] {32768, 60999}, PortAllocator.pool(f));
        Files.writeString(f, "garbage");
        assertArrayEquals(new int[] {49153, 65535}, PortAllocator.pool(f));
        assertArrayEquals(new int[] {49153, 65535}, PortAllocator.pool(dir.resolve("missing")));
    }
}
