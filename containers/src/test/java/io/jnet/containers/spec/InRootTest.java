package io.jnet.containers.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InRootTest {
    @Test
    void links_resolve_inside_the_root_never_to_the_host(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/shadow"), "container's shadow\n");
        Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("/etc/shadow")); // absolute: the container's /etc/shadow
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../.."));
        Files.writeString(tmp.resolve("secret"), "host\n");
        assertEquals(root.resolve("etc/shadow"), InRoot.resolve(root, "/etc/passwd"));
        assertEquals("container's shadow\n", InRoot.read(root, "/etc/passwd"));
        assertEquals(root.resolve("secret"), InRoot.resolve(root, "/up/secret"));
        assertNull(InRoot.read(root, "/up/secret"), "the host's file is out of reach");
        assertEquals(root.resolve("a/b"), InRoot.resolve(root, "/../a/./b"));
    }
}
