package io.jnet.graph.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jnet.graph.Fixtures;
import io.jnet.graph.Topology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Each renderer's output on a fixed topology, compared byte for byte with the files under src/test/resources/golden
 * (regenerate them after an intended change with {@code -Djnet.golden.update=true} and read the diff).
 */
class RenderersGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @Test
    void text() throws IOException {
        golden("lab.txt", TextRenderer.render(Fixtures.lab()));
    }

    @Test
    void dot() throws IOException {
        golden("lab.dot", DotRenderer.render(Fixtures.lab()));
    }

    @Test
    void svg() throws IOException {
        golden("lab.svg", SvgRenderer.render(Fixtures.lab()));
    }

    @Test
    void html() throws IOException {
        golden("lab.html", HtmlRenderer.render(Fixtures.lab(), 2, "jnet graph"));
    }

    @Test
    void emptyHostOnly() throws IOException {
        Topology t = new Topology(java.util.List.of(Fixtures.lab().namespace("host")), java.util.List.of(), java.util.List.of(),
                java.util.List.of(), java.util.List.of());
        golden("host-only.svg", SvgRenderer.render(t));
        golden("host-only.txt", TextRenderer.render(t));
    }

    private static void golden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("jnet.golden.update")) {
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, name + " differs from the golden file");
    }
}
