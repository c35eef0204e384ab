package io.jnet.cni.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempFilesTest {

    @Test
    void newEmptyFilesWithTheGivenModeAndDistinctNames(@TempDir Path dir) throws Exception {
        Set<Path> made = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Path p = TempFiles.create(dir, ".tmp-", "rw-------");
            assertTrue(made.add(p), "name used twice: " + p);
            assertEquals(dir, p.getParent());
            assertTrue(p.getFileName().toString().startsWith(".tmp-"), p.toString());
            assertEquals(0, Files.size(p));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        }
    }
}
