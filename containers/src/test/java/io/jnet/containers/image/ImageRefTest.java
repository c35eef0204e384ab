package io.jnet.containers.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.containers.ContainerException;
import org.junit.jupiter.api.Test;

class ImageRefTest {
    @Test
    void docker_hub_prefixes_go_and_the_tag_defaults_to_latest() {
        assertEquals("busybox:latest", ImageRef.parse("busybox").toString());
        assertEquals("busybox:1.36", ImageRef.parse("docker.io/library/busybox:1.36").toString());
        assertEquals("bitnami/nginx:latest", ImageRef.parse("docker.io/bitnami/nginx").toString());
        assertEquals("localhost/web:1", ImageRef.parse("localhost/web:1").toString());
        ImageRef withPort = ImageRef.parse("registry.local:5000/team/app");
        assertEquals("registry.local:5000/team/app", withPort.name());
        assertEquals("latest", withPort.tag());
    }

    @Test
    void bad_names_are_usage_errors_that_say_why() {
        for (String bad : new String[] {"", "Busybox", "a//b", "busy box", "x:", "x:-tag", "x@sha256:00", "-x", "/x"}) {
            ContainerException e = assertThrows(ContainerException.class, () -> ImageRef.parse(bad), bad);
            assertEquals(ContainerException.Kind.USAGE, e.kind(), bad);
            assertTrue(e.getMessage().startsWith("bad image name"), e.getMessage());
        }
    }
}
