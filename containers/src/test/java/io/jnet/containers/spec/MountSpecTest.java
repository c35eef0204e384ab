package io.jnet.containers.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.containers.ContainerException;
import org.junit.jupiter.api.Test;

class MountSpecTest {
    @Test
    void host_paths_and_named_volumes() {
        assertEquals(new MountSpec("/srv/www", false, "/www", true), MountSpec.parse("/srv/www/:/www:ro"));
        assertEquals(new MountSpec("data", true, "/var/lib/data", false), MountSpec.parse("data:/var/lib//data/"));
        assertEquals(new MountSpec("data", true, "/d", false), MountSpec.parse("data:/d:rw"));
    }

    @Test
    void bad_specs_are_refused_with_the_form_to_use() {
        for (String bad : new String[] {"/only", "rel/path:/x", "/h:relative", "/h:/", "/h:/a/../b", "/h:/x:rx", "/h:/x:ro:z", "-v:/x", ":/x"}) {
            ContainerException e = assertThrows(ContainerException.class, () -> MountSpec.parse(bad), bad);
            assertEquals(ContainerException.Kind.USAGE, e.kind());
            assertTrue(e.getMessage().startsWith("bad mount spec -v '" + bad + "'"), e.getMessage());
        }
    }
}
