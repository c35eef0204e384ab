package io.jnet.cni.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jnet.cni.spec.CniException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLocatorTest {
    @TempDir
    Path tmp;

    @Test
    void takesTheFirstRegularExecutableInPathOrder() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path c = tmp.resolve("c");
        Path d = tmp.resolve("d");
        Files.createDirectories(a.resolve("bridge")); // a directory is not a plugin
        Files.createDirectories(b);
        Files.writeString(b.resolve("bridge"), "not executable");
        ScriptPlugins.write(c, "bridge", "exit 0");
        ScriptPlugins.write(d, "bridge", "exit 0");
        assertEquals(c.resolve("bridge"), PluginLocator.find("bridge", List.of(a, b, c, d)));
        assertEquals(d.resolve("bridge"), PluginLocator.find("bridge", List.of(tmp.resolve("missing"), d, c)));
    }

    @Test
    void followsSymlinksToRegularFiles() throws Exception {
        Path real = ScriptPlugins.write(tmp.resolve("real"), "host-local", "exit 0");
        Path links = Files.createDirectories(tmp.resolve("links"));
        Files.createSymbolicLink(links.resolve("host-local"), real);
        assertEquals(links.resolve("host-local"), PluginLocator.find("host-local", List.of(links)));
    }

    @Test
    void refusesPathsAndReportsMisses() throws Exception {
        ScriptPlugins.write(tmp, "bridge", "exit 0");
        assertEquals(7, assertThrows(CniException.class, () -> PluginLocator.find("../bridge", List.of(tmp.resolve("x")))).code());
        assertEquals(7, assertThrows(CniException.class, () -> PluginLocator.find(tmp.resolve("bridge").toString(), List.of(tmp))).code());
        CniException miss = assertThrows(CniException.class, () -> PluginLocator.find("portmap", List.of(tmp)));
        assertEquals(5, miss.code());
        assertEquals("failed to find plugin \"portmap\" in path [" + tmp + "]", miss.msg());
        assertEquals(5, assertThrows(CniException.class, () -> PluginLocator.find("bridge", List.of())).code());
    }

    @Test
    void splitsCniPath() {
        assertEquals(List.of(Path.of("/opt/cni/bin"), Path.of("/usr/lib/cni")), PluginLocator.splitPath("/opt/cni/bin::/usr/lib/cni:"));
        assertEquals(List.of(), PluginLocator.splitPath(null));
    }
}
