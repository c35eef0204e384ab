package io.jnet.cni.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.cni.config.NetworkConfigList;
import io.jnet.cni.invoke.PluginExecutor;
import io.jnet.cni.invoke.ScriptPlugins;
import io.jnet.cni.result.Result;
import io.jnet.cni.spec.Attachment;
import io.jnet.cni.spec.CniException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime driving real skeleton-based plugin processes (a JVM per call): both halves of jnet's CNI talking. */
class JavaPluginEndToEndTest {
    @TempDir
    Path tmp;

    private CniRuntime runtime;
    private final ByteArrayOutputStream pluginStderr = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String cp = System.getProperty("java.class.path");
        Path bin = tmp.resolve("bin");
        ScriptPlugins.write(bin, "sample", "exec '" + java + "' -Xshare:auto -XX:TieredStopAtLevel=1 -cp '" + cp + "' "
                + SampleChainPlugin.class.getName());
        runtime = new CniRuntime(List.of(bin), tmp.resolve("cache"), new PluginExecutor(Duration.ofSeconds(60),
                new PrintStream(pluginStderr, true, StandardCharsets.UTF_8)), Map.of());
    }

    private static NetworkConfigList list(String version, String secondExtra) throws CniException {
        return NetworkConfigList.parse(("{\"cniVersion\":\"" + version + "\",\"name\":\"e2e\",\"plugins\":["
                + "{\"type\":\"sample\",\"ifPrefix\":\"first\"},{\"type\":\"sample\",\"ifPrefix\":\"second\"" + secondExtra + "}]}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void addCheckStatusGcDelThroughRealPluginProcesses() throws Exception {
        NetworkConfigList list = list("1.1.0", "");
        RuntimeConf rt = RuntimeConf.of("ctr-e2e", "/var/run/netns/e2e", "eth1");
        Result r = runtime.add(list, rt);
        assertEquals(List.of("first-eth1", "second-eth1"), r.interfaces().stream().map(i -> i.name()).toList());
        assertEquals("10.9.0.2/24", r.ips().get(0).address());
        assertTrue(pluginStderr.toString(StandardCharsets.UTF_8).contains("stray output"), "stray prints went to stderr");

        runtime.check(list, rt);
        runtime.status(list);
        runtime.gc(list, List.of(new Attachment("ctr-e2e", "eth1")));
        assertTrue(Files.exists(tmp.resolve("cache/results/e2e-ctr-e2e-eth1")));
        runtime.del(list, rt);
        assertFalse(Files.exists(tmp.resolve("cache/results/e2e-ctr-e2e-eth1")));
        assertTrue(pluginStderr.toString(StandardCharsets.UTF_8).contains("del ctr-e2e"));
    }

    @Test
    void legacyVersionResultAndPluginErrorsCrossTheProcessBoundary() throws Exception {
        Result r = runtime.add(list("0.2.0", ""), RuntimeConf.of("ctr-old", "/var/run/netns/old", "eth0"));
        assertEquals("10.9.0.2/24", r.ips().get(0).address());
        assertEquals(List.of(), r.interfaces(), "0.2.0 results carry no interfaces");

        CniException e = assertThrows(CniException.class, () -> runtime.status(list("1.1.0", ",\"ready\":false")));
        assertEquals(50, e.code());
        assertTrue(e.msg().endsWith("not ready"), e.msg());
    }
}
