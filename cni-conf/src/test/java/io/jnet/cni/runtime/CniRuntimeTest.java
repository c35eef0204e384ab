package io.jnet.cni.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.jnet.cni.TestResources;
import io.jnet.cni.config.NetworkConfigList;
import io.jnet.cni.invoke.PluginExecutor;
import io.jnet.cni.invoke.ScriptPlugins;
import io.jnet.cni.result.Result;
import io.jnet.cni.spec.Attachment;
import io.jnet.cni.spec.CniArg;
import io.jnet.cni.spec.CniException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CniRuntimeTest {
    @TempDir
    Path tmp;

    static final String RESULT_A = "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\",\"sandbox\":\"/var/run/netns/c1\"}],"
            + "\"ips\":[{\"address\":\"10.88.0.5/16\",\"gateway\":\"10.88.0.1\",\"interface\":0}]}";
    static final String RESULT_B = "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\",\"sandbox\":\"/var/run/netns/c1\"}],"
            + "\"ips\":[{\"address\":\"10.88.0.5/16\",\"gateway\":\"10.88.0.1\",\"interface\":0}],\"routes\":[{\"dst\":\"0.0.0.0/0\"}]}";
    /** RESULT_B as the runtime hands it on (parsed and printed again, like libcni): with the reference's empty dns. */
    static final String RESULT_B_PRINTED = RESULT_B.substring(0, RESULT_B.length() - 1) + ",\"dns\":{}}";

    FakePlugins fake;
    CniRuntime runtime;
    Path cacheDir;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakePlugins(tmp).plugin("plug-a", RESULT_A).plugin("plug-b", RESULT_B);
        cacheDir = tmp.resolve("cache");
        runtime = new CniRuntime(List.of(tmp.resolve("nowhere"), fake.bin), cacheDir,
                new PluginExecutor(Duration.ofSeconds(20), null), Map.of("PATH", System.getenv().getOrDefault("PATH", "/bin")));
    }

    private static NetworkConfigList list(String version, String extra) throws CniException {
        return NetworkConfigList.parse(("{\"cniVersion\":\"" + version + "\",\"name\":\"net1\"" + extra + ",\"plugins\":["
                + "{\"type\":\"plug-a\",\"capabilities\":{\"portMappings\":true}},{\"type\":\"plug-b\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    private static RuntimeConf rt(String id) {
        return new RuntimeConf(id, "/var/run/netns/" + id, "eth0", List.of(new CniArg("IgnoreUnknown", "1")),
                TestResources.parse("{\"portMappings\":[{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"}],\"mac\":\"x\"}"));
    }

    private Path cacheFile(String id) {
        return cacheDir.resolve("results/net1-" + id + "-eth0");
    }

    @Test
    void addRunsTheChainInOrderPassingPrevResultAndCaches() throws Exception {
        NetworkConfigList list = list("1.0.0", "");
        Result r = runtime.add(list, rt("c1"));
        assertEquals("0.0.0.0/0", r.routes().get(0).dst());
        assertEquals(List.of("ADD plug-a c1 eth0 /var/run/netns/c1 IgnoreUnknown=1", "ADD plug-b c1 eth0 /var/run/netns/c1 IgnoreUnknown=1"),
                fake.calls());
        JsonObject aIn = TestResources.parse(fake.stdin("plug-a", "ADD"));
        JsonObject bIn = TestResources.parse(fake.stdin("plug-b", "ADD"));
        assertFalse(aIn.has("prevResult"));
        assertEquals(TestResources.parse(RESULT_A), bIn.get("prevResult"));
        assertEquals("net1", bIn.get("name").getAsString());
        assertEquals(TestResources.parse("{\"portMappings\":[{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"}]}"),
                aIn.get("runtimeConfig"), "plug-a asked for portMappings only");
        assertFalse(bIn.has("runtimeConfig"), "plug-b declared no capabilities");

        JsonObject cached = TestResources.parse(Files.readString(cacheFile("c1")));
        assertEquals(List.of("kind", "containerId", "config", "ifName", "networkName", "netns", "cniArgs", "capabilityArgs", "result"),
                List.copyOf(cached.keySet()));
        assertEquals("cniCacheV1", cached.get("kind").getAsString());
        assertEquals(new String(list.bytes(), StandardCharsets.UTF_8),
                new String(Base64.getDecoder().decode(cached.get("config").getAsString()), StandardCharsets.UTF_8));
        assertEquals(TestResources.parse(RESULT_B), cached.get("result"));
        assertEquals("[[\"IgnoreUnknown\",\"1\"]]", cached.get("cniArgs").toString());
    }

    @Test
    void delRunsInReverseWithCachedResultThenRemovesTheCache() throws Exception {
        NetworkConfigList list = list("1.0.0", "");
        runtime.add(list, rt("c1"));
        fake.clearCalls();
        runtime.del(list, rt("c1"));
        assertEquals(List.of("DEL plug-b c1 eth0 /var/run/netns/c1 IgnoreUnknown=1", "DEL plug-a c1 eth0 /var/run/netns/c1 IgnoreUnknown=1"),
                fake.calls());
        assertEquals(TestResources.parse(RESULT_B_PRINTED), TestResources.parse(fake.stdin("plug-a", "DEL")).get("prevResult"));
        assertFalse(Files.exists(cacheFile("c1")));
        runtime.del(list, rt("c1")); // idempotent
        assertFalse(TestResources.parse(fake.stdin("plug-a", "DEL")).has("prevResult"));
    }

    @Test
    void failedAddWritesNoCacheAndFailedDelKeepsIt() throws Exception {
        NetworkConfigList list = list("1.0.0", "");
        fake.failNext("plug-b", "ADD", "{\"code\":11,\"msg\":\"busy\"}");
        CniException e = assertThrows(CniException.class, () -> runtime.add(list, rt("c1")));
        assertEquals(11, e.code());
        assertEquals("plugin type=\"plug-b\" failed (add): busy", e.msg());
        assertFalse(Files.exists(cacheFile("c1")));

        Files.delete(fake.state.resolve("plug-b.fail.ADD"));
        runtime.add(list, rt("c1"));
        fake.failNext("plug-a", "DEL", "{\"code\":5,\"msg\":\"io\"}");
        fake.clearCalls();
        assertEquals(5, assertThrows(CniException.class, () -> runtime.del(list, rt("c1"))).code());
        assertEquals(2, fake.calls().size(), "plug-b ran before plug-a failed");
        assertTrue(Files.exists(cacheFile("c1")), "cache stays until every DEL succeeded");
    }

    @Test
    void delBefore040PassesNoPrevResult() throws Exception {
        NetworkConfigList list = list("0.3.1", "");
        runtime.add(list, rt("c1"));
        runtime.del(list, rt("c1"));
        assertFalse(TestResources.parse(fake.stdin("plug-b", "DEL")).has("prevResult"));
    }

    @Test
    void corruptCacheIsTreatedAsAbsentAndRemovedOnDel() throws Exception {
        NetworkConfigList list = list("1.0.0", "");
        Files.createDirectories(cacheFile("c1").getParent());
        Files.writeString(cacheFile("c1"), "{\"kind\":\"cniCacheV1\",\"result\":{\"ips\":[{\"addr");
        assertEquals(6, assertThrows(CniException.class, () -> runtime.check(list, rt("c1"))).code());
        runtime.del(list, rt("c1"));
        assertFalse(TestResources.parse(fake.stdin("plug-a", "DEL")).has("prevResult"));
        assertFalse(Files.exists(cacheFile("c1")));
    }

    @Test
    void cacheWrittenByLibcniFeedsDelAndCheckInTheListsVersion() throws Exception {
        Files.createDirectories(cacheFile("ctr1").getParent());
        Files.writeString(cacheFile("ctr1"), ResultCacheTest.LIBCNI_FILE);
        NetworkConfigList list = list("0.4.0", "");
        RuntimeConf rt = RuntimeConf.of("ctr1", "/var/run/netns/ctr1", "eth0");
        assertEquals("10.88.0.5/16", runtime.cachedResult(list, rt).orElseThrow().ips().get(0).address());
        runtime.check(list, rt);
        JsonObject prev = TestResources.parse(fake.stdin("plug-a", "CHECK")).getAsJsonObject("prevResult");
        assertEquals("0.4.0", prev.get("cniVersion").getAsString());
        assertEquals("4", prev.getAsJsonArray("ips").get(0).getAsJsonObject().get("version").getAsString(), "converted to 0.4.0");
        runtime.del(list, rt);
        assertFalse(Files.exists(cacheFile("ctr1")));
    }

    @Test
    void checkNeeds040AndDisableCheckSkipsIt() throws Exception {
        assertEquals(1, assertThrows(CniException.class, () -> runtime.check(list("0.3.1", ""), rt("c1"))).code());
        runtime.check(list("1.0.0", ",\"disableCheck\":\"true\""), rt("c1"));
        assertEquals(List.of(), fake.calls());
        runtime.add(list("1.0.0", ""), rt("c1"));
        fake.clearCalls();
        runtime.check(list("1.0.0", ""), rt("c1"));
        assertEquals(List.of("CHECK plug-a c1 eth0 /var/run/netns/c1 IgnoreUnknown=1", "CHECK plug-b c1 eth0 /var/run/netns/c1 IgnoreUnknown=1"),
                fake.calls());
        assertEquals(TestResources.parse(RESULT_B_PRINTED), TestResources.parse(fake.stdin("plug-a", "CHECK")).get("prevResult"));
    }

    @Test
    void gcDeletesStaleAttachmentsWithTheirCachedArgsThenSendsGc() throws Exception {
        NetworkConfigList list = list("1.1.0", "");
        runtime.add(list, rt("keep"));
        runtime.add(list, RuntimeConf.of("stale", "/var/run/netns/gone", "eth0"));
        fake.clearCalls();
        runtime.gc(list, List.of(new Attachment("keep", "eth0")));
        assertEquals(List.of("DEL plug-b stale eth0 /var/run/netns/gone ", "DEL plug-a stale eth0 /var/run/netns/gone ",
                "GC plug-a    ", "GC plug-b    "), fake.calls());
        JsonObject gcIn = TestResources.parse(fake.stdin("plug-b", "GC"));
        assertEquals("[{\"containerID\":\"keep\",\"ifname\":\"eth0\"}]", gcIn.get("cni.dev/valid-attachments").toString());
        assertEquals(gcIn.get("cni.dev/valid-attachments"), gcIn.get("cni.dev/attachments"));
        assertEquals("1.1.0", gcIn.get("cniVersion").getAsString());
        assertTrue(Files.exists(cacheFile("keep")));
        assertFalse(Files.exists(cacheFile("stale")));
    }

    @Test
    void gcBefore110OnlyDeletesAndDisableGcDoesNothing() throws Exception {
        runtime.add(list("1.0.0", ""), rt("stale"));
        fake.clearCalls();
        runtime.gc(list("1.0.0", ",\"disableGC\":true"), List.of());
        assertEquals(List.of(), fake.calls());
        runtime.gc(list("1.0.0", ""), List.of());
        assertEquals(List.of("DEL plug-b stale eth0 /var/run/netns/stale IgnoreUnknown=1", "DEL plug-a stale eth0 /var/run/netns/stale IgnoreUnknown=1"),
                fake.calls());
    }

    @Test
    void gcKeepsGoingPastFailuresAndReportsThemAll() throws Exception {
        NetworkConfigList list = list("1.1.0", "");
        runtime.add(list, rt("s1"));
        fake.failNext("plug-a", "DEL", "{\"code\":5,\"msg\":\"stuck\"}");
        fake.failNext("plug-b", "GC", "{\"code\":7,\"msg\":\"bad\"}");
        fake.clearCalls();
        CniException e = assertThrows(CniException.class, () -> runtime.gc(list, List.of()));
        assertEquals(5, e.code());
        assertEquals(1, e.getSuppressed().length);
        assertEquals(List.of("DEL plug-b s1 eth0 /var/run/netns/s1 IgnoreUnknown=1", "DEL plug-a s1 eth0 /var/run/netns/s1 IgnoreUnknown=1",
                "GC plug-a    ", "GC plug-b    "), fake.calls());
    }

    @Test
    void statusAsksEveryPluginFrom110() throws Exception {
        runtime.status(list("1.0.0", ""));
        assertEquals(List.of(), fake.calls());
        runtime.status(list("1.1.0", ""));
        assertEquals(List.of("STATUS plug-a    ", "STATUS plug-b    "), fake.calls());
        fake.failNext("plug-b", "STATUS", "{\"code\":50,\"msg\":\"no IPs left\"}");
        CniException e = assertThrows(CniException.class, () -> runtime.status(list("1.1.0", "")));
        assertEquals(50, e.code());
    }

    @Test
    void refusesBadIdsBeforeRunningAnything() {
        for (RuntimeConf bad : List.of(RuntimeConf.of("../../etc", "/x", "eth0"), RuntimeConf.of("c1", "/x", "eth0/1"),
                RuntimeConf.of("", "/x", "eth0"))) {
            assertThrows(CniException.class, () -> runtime.add(list("1.0.0", ""), bad));
            assertThrows(CniException.class, () -> runtime.del(list("1.0.0", ""), bad));
        }
        assertTrue(Files.notExists(cacheDir));
    }

    @Test
    void hangingPluginIsKilledAtItsDeadlineAndGarbageIsAnError() throws Exception {
        ScriptPlugins.write(fake.bin, "hang", "sleep 60");
        ScriptPlugins.write(fake.bin, "garbage", "cat >/dev/null; echo 'hello, world'");
        CniRuntime quick = new CniRuntime(List.of(fake.bin), cacheDir, new PluginExecutor(Duration.ofMillis(500), null), Map.of());
        NetworkConfigList hang = NetworkConfigList.parse("{\"cniVersion\":\"1.0.0\",\"name\":\"net1\",\"plugins\":[{\"type\":\"hang\"}]}"
                .getBytes(StandardCharsets.UTF_8));
        long start = System.nanoTime();
        CniException e = assertThrows(CniException.class, () -> quick.add(hang, rt("c1")));
        assertTrue(e.msg().contains("plugin timed out"), e.msg());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 10_000);
        NetworkConfigList garbage = NetworkConfigList.parse("{\"cniVersion\":\"1.0.0\",\"name\":\"net1\",\"plugins\":[{\"type\":\"garbage\"}]}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(6, assertThrows(CniException.class, () -> quick.add(garbage, rt("c1"))).code());
        assertFalse(Files.exists(cacheFile("c1")));
    }

    @Test
    void missingPluginNamesItself() throws Exception {
        NetworkConfigList l = NetworkConfigList.parse("{\"cniVersion\":\"1.0.0\",\"name\":\"net1\",\"plugins\":[{\"type\":\"absent\"}]}"
                .getBytes(StandardCharsets.UTF_8));
        CniException e = assertThrows(CniException.class, () -> runtime.add(l, rt("c1")));
        assertTrue(e.msg().contains("failed to find plugin \"absent\""), e.msg());
    }
}
