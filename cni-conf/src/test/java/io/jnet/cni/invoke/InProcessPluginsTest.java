package io.jnet.cni.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jnet.cni.result.IpConfig;
import io.jnet.cni.result.Result;
import io.jnet.cni.skel.CniPlugin;
import io.jnet.cni.skel.CniRequest;
import io.jnet.cni.spec.CniException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InProcessPluginsTest {
    private static final String MAIN = "io.example.FakeIpamMain";
    private static final byte[] CONF = "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"ipam\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    /** Records the commands it saw; ADD answers one address, DEL fails with code 11. */
    static final class Recorder implements CniPlugin {
        final List<String> seen = new ArrayList<>();

        @Override
        public Result add(CniRequest r) {
            seen.add("ADD " + r.containerId());
            return Result.EMPTY.withIps(List.of(new IpConfig("10.9.0.2/24", "10.9.0.1", null)));
        }

        @Override
        public void del(CniRequest r) throws CniException {
            seen.add("DEL " + r.containerId());
            throw new CniException(CniException.TRY_AGAIN_LATER, "busy", "try later");
        }

        @Override
        public void check(CniRequest r) {}

        @Override
        public void gc(CniRequest r) {}

        @Override
        public void status(CniRequest r) {}
    }

    private Path launcher(String name, String firstLines) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        // Exec'd, this launcher would fail loudly: passing proves it ran in-process.
        ScriptPlugins.write(bin, name, firstLines + "\necho '{\"code\":999,\"msg\":\"was exec\"}'; exit 1");
        return bin;
    }

    @Test
    void aJnetLauncherOfARegisteredMainClassRunsInThisJvm() throws Exception {
        Path bin = launcher("ipam", "# jnet launcher for " + MAIN + ". Runtimes exec this.");
        Recorder rec = new Recorder();
        Delegation d = new Delegation(new PluginExecutor(Duration.ofSeconds(20), null),
                new InProcessPlugins(Map.of(MAIN, () -> rec)), null);
        Map<String, String> env = Map.of("CNI_PATH", bin.toString(), "CNI_CONTAINERID", "c1", "CNI_NETNS", "/x", "CNI_IFNAME", "eth0");

        Result r = d.add("ipam", CONF, env);
        assertEquals("10.9.0.2/24", r.ips().get(0).address());
        CniException e = assertThrows(CniException.class, () -> d.del("ipam", CONF, env));
        assertEquals(11, e.code(), "errors come back exactly as from a process");
        assertEquals(List.of("ADD c1", "DEL c1"), rec.seen);
    }

    @Test
    void otherFilesAndTheOptOutAreExecd() throws Exception {
        Recorder rec = new Recorder();
        Delegation d = new Delegation(new PluginExecutor(Duration.ofSeconds(20), null),
                new InProcessPlugins(Map.of(MAIN, () -> rec)), null);
        Path other = launcher("ipam", "# jnet launcher for io.example.SomethingElse");
        Map<String, String> env = Map.of("CNI_PATH", other.toString(), "CNI_CONTAINERID", "c1", "CNI_NETNS", "/x", "CNI_IFNAME", "eth0");
        assertEquals(999, assertThrows(CniException.class, () -> d.add("ipam", CONF, env)).code());

        Path ours = launcher("ipam", "# jnet launcher for " + MAIN);
        Map<String, String> optOut = new java.util.HashMap<>(env);
        optOut.put("CNI_PATH", ours.toString());
        optOut.put(InProcessPlugins.DISABLE_ENV, "1");
        assertEquals(999, assertThrows(CniException.class, () -> d.add("ipam", CONF, optOut)).code());
        assertEquals(List.of(), rec.seen);
    }

    @Test
    void launcherMainClassIsReadFromTheMarkLineOnly() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(bin.resolve("a"), "#!/bin/sh\n# jnet launcher for io.jnet.X. more\n");
        Files.writeString(bin.resolve("b"), "\u007fELF binary io.jnet.X");
        assertEquals("io.jnet.X", InProcessPlugins.launcherMainClass(bin.resolve("a")));
        assertNull(InProcessPlugins.launcherMainClass(bin.resolve("b")));
        assertNull(InProcessPlugins.launcherMainClass(bin.resolve("missing")));
    }
}
