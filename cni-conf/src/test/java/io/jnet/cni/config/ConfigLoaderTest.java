package io.jnet.cni.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.cni.spec.CniException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private void write(String name, String json) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, json);
    }

    private static NetworkConfigList list(String json) throws CniException {
        return NetworkConfigList.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> types(NetworkConfigList l) {
        return l.plugins().stream().map(NetworkConfig::type).toList();
    }

    @Test
    void parsesAConflist() throws CniException {
        NetworkConfigList l = list("""
                {"cniVersion":"1.0.0","name":"net1","disableCheck":"TRUE","disableGC":false,
                 "plugins":[{"type":"bridge","bridge":"cni0"},{"type":"portmap","capabilities":{"portMappings":true}}]}""");
        assertEquals("net1", l.name());
        assertEquals("1.0.0", l.cniVersion());
        assertTrue(l.disableCheck());
        assertFalse(l.disableGC());
        assertEquals(List.of("bridge", "portmap"), types(l));
        assertEquals("cni0", l.plugins().get(0).getString("bridge"));
    }

    @Test
    void booleansMayBeStrings() throws CniException {
        assertTrue(list("{\"name\":\"n\",\"disableGC\":\"true\",\"plugins\":[{\"type\":\"a\"}]}").disableGC());
        assertFalse(list("{\"name\":\"n\",\"disableGC\":\"false\",\"plugins\":[{\"type\":\"a\"}]}").disableGC());
        CniException e = assertThrows(CniException.class, () -> list("{\"name\":\"n\",\"disableGC\":\"yes\",\"plugins\":[{\"type\":\"a\"}]}"));
        assertEquals(7, e.code());
    }

    @Test
    void cniVersionsPicksTheHighestSupported() throws CniException {
        assertEquals("1.1.0", list("{\"name\":\"n\",\"cniVersion\":\"0.4.0\",\"cniVersions\":[\"1.0.0\",\"1.1.0\",\"2.0.0\"],\"plugins\":[{\"type\":\"a\"}]}").cniVersion());
        assertEquals("1.0.0", list("{\"name\":\"n\",\"cniVersion\":\"1.0.0\",\"cniVersions\":[\"0.3.1\"],\"plugins\":[{\"type\":\"a\"}]}").cniVersion());
        assertEquals("0.1.0", list("{\"name\":\"n\",\"plugins\":[{\"type\":\"a\"}]}").cniVersion());
        assertEquals(7, assertThrows(CniException.class,
                () -> list("{\"name\":\"n\",\"cniVersions\":[\"x\"],\"plugins\":[{\"type\":\"a\"}]}")).code());
    }

    @Test
    void refusesBadLists() {
        String[] bad = {
            "{\"cniVersion\":\"1.0.0\",\"plugins\":[{\"type\":\"a\"}]}",
            "{\"name\":\"n\",\"plugins\":[]}",
            "{\"name\":\"n\"}",
            "{\"name\":\"n\",\"plugins\":[{\"type\":\"../../bin/sh\"}]}",
            "{\"name\":\"n\",\"plugins\":[{\"type\":\"a/b\"}]}",
            "{\"name\":\"n\",\"plugins\":[{\"bridge\":\"x\"}]}",
            "{\"name\":\"n\",\"plugins\":{\"type\":\"a\"}}",
            "{\"name\":\"n\",\"loadOnlyInlinedPlugins\":true}",
            "{\"name\":1,\"plugins\":[{\"type\":\"a\"}]}",
        };
        for (String b : bad) {
            assertEquals(7, assertThrows(CniException.class, () -> list(b), b).code(), b);
        }
        assertEquals(6, assertThrows(CniException.class, () -> list("{\"name\":")).code());
    }

    @Test
    void conflistsWinOverSingleConfigsWhateverTheirNames() throws IOException, CniException {
        write("00-single.conf", "{\"name\":\"net\",\"type\":\"single\"}");
        write("05-other.conflist", "{\"name\":\"other\",\"plugins\":[{\"type\":\"x\"}]}");
        write("99-net.conflist", "{\"name\":\"net\",\"plugins\":[{\"type\":\"fromlist\"}]}");
        assertEquals(List.of("fromlist"), types(ConfigLoader.loadByName(dir, "net")));
    }

    @Test
    void byteOrderPutsDigitsBeforeUppercase() throws IOException, CniException {
        write("20-b.conflist", "{\"name\":\"net\",\"plugins\":[{\"type\":\"second\"}]}");
        write("10-a.conflist", "{\"name\":\"net\",\"plugins\":[{\"type\":\"first\"}]}");
        write("a-lower.conflist", "{\"name\":\"net\",\"plugins\":[{\"type\":\"lower\"}]}");
        write("Z-upper.conflist", "{\"name\":\"net\",\"plugins\":[{\"type\":\"upper\"}]}");
        Files.createDirectories(dir.resolve("00-dir.conflist"));
        assertEquals(List.of("first"), types(ConfigLoader.loadByName(dir, "net")));
        assertEquals(List.of(dir.resolve("10-a.conflist"), dir.resolve("20-b.conflist"), dir.resolve("Z-upper.conflist"),
                dir.resolve("a-lower.conflist")),
                ConfigLoader.confFiles(dir, ".conflist"));
    }

    @Test
    void fallsBackToWrappedSingleConfig() throws IOException, CniException {
        write("10-other.conflist", "{\"name\":\"other\",\"plugins\":[{\"type\":\"x\"}]}");
        write("30-net.json", "{\"cniVersion\":\"0.3.1\",\"name\":\"net\",\"type\":\"fromjson\"}");
        write("20-net.conf", "{\"cniVersion\":\"0.4.0\",\"name\":\"net\",\"type\":\"bridge\",\"zz\":1,\"aa\":2}");
        NetworkConfigList l = ConfigLoader.loadByName(dir, "net");
        assertEquals(List.of("bridge"), types(l));
        assertEquals("0.4.0", l.cniVersion());
        assertEquals("{\"cniVersion\":\"0.4.0\",\"name\":\"net\",\"plugins\":[{\"aa\":2,\"cniVersion\":\"0.4.0\",\"name\":\"net\",\"type\":\"bridge\",\"zz\":1}]}",
                new String(l.bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void appendsThePluginFolderUnlessInlinedOnly() throws IOException, CniException {
        write("10-net.conflist", "{\"name\":\"net\",\"plugins\":[{\"type\":\"bridge\"}]}");
        write("net/20-b.conf", "{\"type\":\"tuning\"}");
        write("net/10-a.conf", "{\"type\":\"portmap\"}");
        write("net/30-ignored.json", "{\"type\":\"ignored\"}");
        write("20-inl.conflist", "{\"name\":\"inl\",\"loadOnlyInlinedPlugins\":\"true\",\"plugins\":[{\"type\":\"bridge\"}]}");
        write("inl/10-a.conf", "{\"type\":\"portmap\"}");
        write("30-dironly.conflist", "{\"name\":\"dironly\",\"cniVersion\":\"1.1.0\"}");
        write("dironly/1.conf", "{\"type\":\"loopback\"}");
        assertEquals(List.of("bridge", "portmap", "tuning"), types(ConfigLoader.loadByName(dir, "net")));
        assertEquals(List.of("bridge"), types(ConfigLoader.loadByName(dir, "inl")));
        assertEquals(List.of("loopback"), types(ConfigLoader.loadByName(dir, "dironly")));
    }

    @Test
    void conflistWithNoPluginsAnywhereIsRefused() throws IOException {
        write("10-empty.conflist", "{\"name\":\"empty\"}");
        CniException e = assertThrows(CniException.class, () -> ConfigLoader.loadByName(dir, "empty"));
        assertEquals(7, e.code());
        assertTrue(e.msg().startsWith("no plugin configs found"), e.msg());
    }

    @Test
    void missingNetworkIsCode7AndBrokenFileFailsTheLookup() throws IOException {
        CniException none = assertThrows(CniException.class, () -> ConfigLoader.loadByName(dir, "net"));
        assertEquals(7, none.code());
        assertTrue(none.msg().startsWith("no net configurations found"));
        write("10-x.conflist", "{\"name\":\"x\",\"plugins\":[{\"type\":\"a\"}]}");
        CniException notFound = assertThrows(CniException.class, () -> ConfigLoader.loadByName(dir, "net"));
        assertEquals("no net configuration with name \"net\" in " + dir, notFound.msg());
        write("05-broken.conflist", "{not json");
        assertEquals(6, assertThrows(CniException.class, () -> ConfigLoader.loadByName(dir, "x")).code());
    }
}
