package io.jnet.plugin.ipam.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.plugin.ipam.config.Ip;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskStoreTest {
    @TempDir
    Path tmp;

    static Ip ip(String s) {
        return Ip.parse(s);
    }

    Set<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void reserveWritesTheReferenceFormatWithMode0600() throws Exception {
        Path data = tmp.resolve("data");
        try (DiskStore s = DiskStore.open(data, "net1")) {
            assertTrue(s.reserve("c1", "eth0", ip("10.0.0.2"), 0));
            assertFalse(s.reserve("c2", "eth0", ip("10.0.0.2"), 0), "second reservation of one address");
            assertTrue(s.reserve("c2", "eth1", ip("fd00::2"), 1));
        }
        Path dir = data.resolve("net1");
        assertEquals(Set.of("lock", "10.0.0.2", "fd00::2", "last_reserved_ip.0", "last_reserved_ip.1"), names(dir));
        assertEquals("c1\r\neth0", Files.readString(dir.resolve("10.0.0.2")));
        assertEquals("10.0.0.2", Files.readString(dir.resolve("last_reserved_ip.0")));
        assertEquals("fd00::2", Files.readString(dir.resolve("last_reserved_ip.1")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("10.0.0.2"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
    }

    @Test
    void aFileWrittenByAnotherProcessMeanwhileIsNotOverwritten() throws Exception {
        try (DiskStore s = DiskStore.open(tmp, "n")) {
            s.reservations();
            // Appears after the snapshot (cannot happen under the lock, but the create must stay exclusive).
            Files.writeString(s.dir().resolve("10.0.0.3"), "other\r\neth0");
            assertFalse(s.reserve("c1", "eth0", ip("10.0.0.3"), 0));
        }
        assertEquals("other\r\neth0", Files.readString(tmp.resolve("n/10.0.0.3")));
        assertEquals(Set.of("lock", "10.0.0.3"), names(tmp.resolve("n")));
    }

    @Test
    void releaseByIdAndIfnameThenFallsBackToTheOldFormat() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("n"));
        Files.writeString(dir.resolve("10.0.0.2"), "c1\r\neth0");
        Files.writeString(dir.resolve("10.0.0.3"), "c1\r\neth1");
        Files.writeString(dir.resolve("10.0.0.4"), "c1\n");
        Files.writeString(dir.resolve("10.0.0.5"), "c2");
        Files.writeString(dir.resolve("last_reserved_ip.0"), "c2");
        try (DiskStore s = DiskStore.open(tmp, "n")) {
            assertEquals(List.of(ip("10.0.0.2"), ip("10.0.0.4")), s.held("c1", "eth0"));
            assertEquals(List.of(ip("10.0.0.2")), s.releaseAttachment("c1", "eth0"));
            assertEquals(List.of(ip("10.0.0.5")), s.releaseAttachment("c2", "eth0"));
            assertEquals(List.of(), s.releaseAttachment("nobody", "eth0"));
        }
        // The old-format file of c1 stays while c1 still had a new-format one; the last_reserved file is no reservation.
        assertEquals(Set.of("lock", "10.0.0.3", "10.0.0.4", "last_reserved_ip.0"), names(dir));
    }

    @Test
    void entriesNamedLikeAddressesAreNeverFollowedButStillBlockTheirAddress() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("n"));
        Path outside = Files.writeString(tmp.resolve("secret"), "c1\r\neth0");
        Files.createSymbolicLink(dir.resolve("10.0.0.2"), outside);
        Files.createDirectory(dir.resolve("10.0.0.3"));
        Files.writeString(dir.resolve("10.0.0.4"), "x".repeat(1000) + "\r\neth0");
        try (DiskStore s = DiskStore.open(tmp, "n")) {
            assertEquals(new Owner(""), s.reservations().get(ip("10.0.0.2")), "symlink not followed");
            assertEquals(new Owner(""), s.reservations().get(ip("10.0.0.3")));
            assertEquals(new Owner("x".repeat(1000) + "\r\neth0"), s.reservations().get(ip("10.0.0.4")), "long content read whole");
            assertEquals(List.of(), s.held("c1", "eth0"));
            assertFalse(s.reserve("c2", "eth0", ip("10.0.0.2"), 0));
        }
        assertEquals("c1\r\neth0", Files.readString(outside));
    }

    @Test
    void anUnwritableRoundRobinHintDoesNotFailTheReservation() throws Exception {
        try (DiskStore s = DiskStore.open(tmp, "n")) {
            // A directory in the way of last_reserved_ip.0: the move onto it fails.
            Files.createDirectory(s.dir().resolve("last_reserved_ip.0"));
            Files.writeString(s.dir().resolve("last_reserved_ip.0/x"), "x");
            assertTrue(s.reserve("c1", "eth0", ip("10.0.0.2"), 0));
            assertNull(s.lastReserved(0));
        }
        assertEquals("c1\r\neth0", Files.readString(tmp.resolve("n/10.0.0.2")));
    }

    @Test
    void lastReservedIsNullWhenMissingOrGarbage() throws Exception {
        try (DiskStore s = DiskStore.open(tmp, "n")) {
            assertNull(s.lastReserved(0));
            Files.writeString(s.dir().resolve("last_reserved_ip.0"), "garbage");
            assertNull(s.lastReserved(0));
            Files.writeString(s.dir().resolve("last_reserved_ip.0"), "10.0.0.9");
            assertEquals(ip("10.0.0.9"), s.lastReserved(0));
        }
    }

    @Test
    void tempFilesOfAKilledProcessAreSweptUnderTheLock() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("n"));
        Files.writeString(dir.resolve(DiskStore.TEMP_PREFIX + "10.0.0.2.12345"), "c9\r\ne");
        try (DiskStore s = DiskStore.open(tmp, "n")) {
            assertTrue(s.reservations().isEmpty());
            assertTrue(s.reserve("c1", "eth0", ip("10.0.0.2"), 0));
        }
        assertEquals(Set.of("lock", "10.0.0.2", "last_reserved_ip.0"), names(dir));
    }

    @Test
    void networkNamesCannotLeaveTheDataDir() {
        for (String bad : List.of("..", ".", "", "a/b", "../x", "x\0y", "a\nb", "/abs")) {
            assertThrows(IllegalArgumentException.class, () -> DiskStore.open(tmp, bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> SafeNames.requireOwner("c1\r\nx", "eth0"));
        assertThrows(IllegalArgumentException.class, () -> SafeNames.requireOwner("c1", "../e"));
        assertFalse(Files.exists(tmp.getParent().resolve("x")));
    }

    @Test
    void theLockExcludesASecondOpenUntilClosed() throws Exception {
        DiskStore first = DiskStore.open(tmp, "n");
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
            try (DiskStore s = DiskStore.open(tmp, "n")) {
                return s.reserve("c2", "eth0", ip("10.0.0.2"), 0);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertThrows(TimeoutException.class, () -> second.get(300, TimeUnit.MILLISECONDS), "flock must block the second open");
        assertTrue(first.reserve("c1", "eth0", ip("10.0.0.2"), 0));
        first.close();
        assertFalse(second.get(10, TimeUnit.SECONDS), "the second saw the first's reservation after the lock was released");
        assertEquals("c1\r\neth0", Files.readString(tmp.resolve("n/10.0.0.2"), StandardCharsets.UTF_8));
    }
}
