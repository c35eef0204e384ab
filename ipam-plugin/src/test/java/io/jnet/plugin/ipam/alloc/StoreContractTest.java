package io.jnet.plugin.ipam.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.plugin.ipam.config.Ip;
import io.jnet.plugin.ipam.store.DiskStore;
import io.jnet.plugin.ipam.store.Owner;
import io.jnet.plugin.ipam.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The same behaviour from the disk store and the in-memory fake the allocator tests use. */
class StoreContractTest {
    @TempDir
    static Path tmp;

    interface Factory {
        Store create() throws Exception;
    }

    static Stream<Factory> stores() {
        int[] n = {0};
        return Stream.of(MemoryStore::new, () -> DiskStore.open(tmp, "contract" + n[0]++));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void contract(Factory factory) throws Exception {
        try (Store s = factory.create()) {
            Ip a = Ip.parse("10.0.0.2");
            Ip b = Ip.parse("fd00::2");
            assertNull(s.lastReserved(0));
            assertTrue(s.reserve("c1", "eth0", a, 0));
            assertFalse(s.reserve("c2", "eth0", a, 0));
            assertTrue(s.reserve("c1", "eth0", b, 1));
            assertEquals(a, s.lastReserved(0));
            assertEquals(b, s.lastReserved(1));
            assertEquals(new Owner("c1\r\neth0"), s.reservations().get(a));
            assertEquals(List.of(a, b), s.held("c1", "eth0"));
            assertEquals(List.of(), s.held("c1", "eth1"));
            assertEquals(List.of(a, b), s.releaseAttachment("c1", "eth0"));
            assertTrue(s.reservations().isEmpty());
            assertFalse(s.release(a));
        }
    }
}
