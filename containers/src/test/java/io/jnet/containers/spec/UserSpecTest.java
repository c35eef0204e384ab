package io.jnet.containers.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jnet.containers.ContainerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserSpecTest {
    @Test
    void names_resolve_in_the_image_and_numbers_need_not(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\nweb:x:1000:1001::/home/web:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\nweb:x:1001:\nlog:x:4:web,other\n");
        assertEquals(new UserSpec(0, 0, List.of()), UserSpec.resolve("", root));
        assertEquals(new UserSpec(1000, 1001, List.of(4)), UserSpec.resolve("web", root));
        assertEquals(new UserSpec(1000, 4, List.of()), UserSpec.resolve("web:log", root));
        assertEquals(new UserSpec(4242, 0, List.of()), UserSpec.resolve("4242", root));
        assertEquals(new UserSpec(4242, 7, List.of()), UserSpec.resolve("4242:7", root));
        assertEquals(ContainerException.Kind.NOT_FOUND, assertThrows(ContainerException.class, () -> UserSpec.resolve("nobody", root)).kind());
        assertEquals(ContainerException.Kind.USAGE, assertThrows(ContainerException.class, () -> UserSpec.resolve("a:b:c", root)).kind());
    }
}
