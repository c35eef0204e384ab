package io.jnet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsWhenNothingIsGiven() {
        Settings s = Settings.resolve(null, null, null, null, null, Map.of());
        assertEquals(Path.of("/etc/cni/net.d"), s.configDir());
        assertEquals(Path.of("/var/lib/cni"), s.cacheDir());
        assertEquals(Path.of("/run/jnet"), s.stateDir());
        assertEquals(Path.of("/opt/cni/bin"), s.cniPath().get(s.cniPath().size() - 1));
        assertEquals("", s.netnsPrefix());
        assertEquals(Path.of("/var/lib/cni/networks"), s.ipamDataDir());
    }

    @Test
    void environmentOverridesDefaultsAndOptionsOverrideEnvironment() {
        Map<String, String> env = Map.of("JNET_CONFIG_DIR", "/e/conf", "JNET_CNI_PATH", "/e/a:/e/b", "JNET_CACHE_DIR", "/e/cache",
                "JNET_STATE_DIR", "/e/state", "JNET_NETNS_PREFIX", "e-");
        Settings fromEnv = Settings.resolve(null, null, null, null, null, env);
        assertEquals(Path.of("/e/conf"), fromEnv.configDir());
        assertEquals(List.of(Path.of("/e/a"), Path.of("/e/b")), fromEnv.cniPath());
        assertEquals(Path.of("/e/cache"), fromEnv.cacheDir());
        assertEquals(Path.of("/e/state"), fromEnv.stateDir());
        assertEquals("e-", fromEnv.netnsPrefix());

        Settings fromOptions = Settings.resolve(Path.of("/o/conf"), "/o/p", Path.of("/o/cache"), Path.of("/o/state"), "o-", env);
        assertEquals(Path.of("/o/conf"), fromOptions.configDir());
        assertEquals(List.of(Path.of("/o/p")), fromOptions.cniPath());
        assertEquals(Path.of("/o/cache"), fromOptions.cacheDir());
        assertEquals(Path.of("/o/state"), fromOptions.stateDir());
        assertEquals("o-", fromOptions.netnsPrefix());
    }

    @Test
    void aPrefixCannotLeaveRunNetns() {
        assertThrows(JnetException.class, () -> Settings.resolve(null, null, null, null, "../x", Map.of()));
    }
}
