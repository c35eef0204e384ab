package io.jnet.containers.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.containers.ContainerException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafePathsTest {
    @Test
    void entry_names_become_relative_paths() {
        assertEquals(Path.of("a/b"), SafePaths.relative("./a//b/"));
        assertEquals(Path.of("etc/passwd"), SafePaths.relative("etc/passwd"));
        assertEquals(Path.of(""), SafePaths.relative("./"));
        assertEquals(Path.of("a..b/..c"), SafePaths.relative("a..b/..c"));
    }

    @Test
    void absolute_names_and_dot_dot_are_refused() {
        for (String bad : new String[] {"/etc/passwd", "../x", "a/../../x", "a/..", "a\0b"}) {
            ContainerException e = assertThrows(ContainerException.class, () -> SafePaths.relative(bad), bad);
            assertEquals(ContainerException.Kind.USAGE, e.kind());
            assertTrue(e.getMessage().contains("would escape the image store"), e.getMessage());
        }
    }

    @Test
    void a_path_through_a_symlink_is_refused_and_nothing_is_made(@TempDir Path root) throws Exception {
        Path outside = Files.createDirectory(root.resolve("outside"));
        Path layer = Files.createDirectory(root.resolve("layer"));
        Files.createSymbolicLink(layer.resolve("a"), outside);
        ContainerException e = assertThrows(ContainerException.class, () -> SafePaths.makeParents(layer, Path.of("a/b/passwd")));
        assertTrue(e.getMessage().contains("passes through the symbolic link a"), e.getMessage());
        assertFalse(Files.exists(outside.resolve("b")), "nothing made behind the link");
        SafePaths.makeParents(layer, Path.of("c/d/file"));
        assertTrue(Files.isDirectory(layer.resolve("c/d")));
        assertFalse(SafePaths.parentsAreDirectories(layer, Path.of("a/x")));
        assertTrue(SafePaths.parentsAreDirectories(layer, Path.of("c/d/x")));
    }
}
