package io.jnet.cni.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.jnet.cni.TestResources;
import io.jnet.cni.spec.CniArg;
import io.jnet.cni.spec.CniException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultCacheTest {
    @TempDir
    Path tmp;

    static final String CONFLIST = "{\"cniVersion\":\"1.0.0\",\"name\":\"net1\",\"plugins\":[{\"type\":\"bridge\"}]}";

    /** Exactly what libcni 1.x writes (json.Marshal of cachedInfo: struct order, map keys sorted, compact). */
    static final String LIBCNI_FILE = "{\"kind\":\"cniCacheV1\",\"containerId\":\"ctr1\",\"config\":\""
            + Base64.getEncoder().encodeToString(CONFLIST.getBytes(StandardCharsets.UTF_8))
            + "\",\"ifName\":\"eth0\",\"networkName\":\"net1\",\"netns\":\"/var/run/netns/ctr1\","
            + "\"cniArgs\":[[\"IgnoreUnknown\",\"1\"],[\"K8S_POD_NAME\",\"web-0\"]],"
            + "\"capabilityArgs\":{\"portMappings\":[{\"containerPort\":80,\"hostPort\":8080,\"protocol\":\"tcp\"}]},"
            + "\"result\":{\"cniVersion\":\"1.0.0\",\"dns\":{},\"interfaces\":[{\"mac\":\"aa:bb:cc:dd:ee:ff\",\"name\":\"eth0\","
            + "\"sandbox\":\"/var/run/netns/ctr1\"}],\"ips\":[{\"address\":\"10.88.0.5/16\",\"gateway\":\"10.88.0.1\",\"interface\":0}],"
            + "\"routes\":[{\"dst\":\"0.0.0.0/0\"}]}}";

    private CachedAttachment sample() {
        // Keys deliberately out of order: the cache must write them sorted like Go.
        JsonObject result = TestResources.parse("{\"routes\":[{\"dst\":\"0.0.0.0/0\"}],\"ips\":[{\"interface\":0,\"gateway\":\"10.88.0.1\","
                + "\"address\":\"10.88.0.5/16\"}],\"interfaces\":[{\"sandbox\":\"/var/run/netns/ctr1\",\"name\":\"eth0\","
                + "\"mac\":\"aa:bb:cc:dd:ee:ff\"}],\"dns\":{},\"cniVersion\":\"1.0.0\"}");
        JsonObject caps = TestResources.parse("{\"portMappings\":[{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"}]}");
        return new CachedAttachment("ctr1", CONFLIST.getBytes(StandardCharsets.UTF_8), "eth0", "net1", "/var/run/netns/ctr1",
                List.of(new CniArg("IgnoreUnknown", "1"), new CniArg("K8S_POD_NAME", "web-0")), caps, result);
    }

    @Test
    void writesLibcnisExactBytesLayoutAndModes() throws Exception {
        ResultCache cache = new ResultCache(tmp.resolve("cni"));
        cache.write(sample());
        Path file = tmp.resolve("cni/results/net1-ctr1-eth0");
        assertEquals(LIBCNI_FILE, Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("cni"))));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temp file left behind");
        }
    }

    @Test
    void readsAFileWrittenByLibcni() throws Exception {
        Path results = Files.createDirectories(tmp.resolve("results"));
        Files.writeString(results.resolve("net1-ctr1-eth0"), LIBCNI_FILE);
        CachedAttachment a = new ResultCache(tmp).read("net1", "ctr1", "eth0").orElseThrow();
        assertEquals("ctr1", a.containerId());
        assertEquals("eth0", a.ifname());
        assertEquals("net1", a.networkName());
        assertEquals("/var/run/netns/ctr1", a.netns());
        assertArrayEquals(CONFLIST.getBytes(StandardCharsets.UTF_8), a.config());
        assertEquals(List.of(new CniArg("IgnoreUnknown", "1"), new CniArg("K8S_POD_NAME", "web-0")), a.cniArgs());
        assertEquals(8080, a.capabilityArgs().getAsJsonArray("portMappings").get(0).getAsJsonObject().get("hostPort").getAsInt());
        assertEquals("10.88.0.5/16", a.result().getAsJsonArray("ips").get(0).getAsJsonObject().get("address").getAsString());
        assertEquals(List.of(a.containerId()), new ResultCache(tmp).list().stream().map(CachedAttachment::containerId).toList());
    }

    @Test
    void omitsEmptyOptionalFields() throws Exception {
        CachedAttachment bare = new CachedAttachment("c", new byte[] {'{', '}'}, "eth0", "n", "", List.of(), null, null);
        assertEquals("{\"kind\":\"cniCacheV1\",\"containerId\":\"c\",\"config\":\"e30=\",\"ifName\":\"eth0\",\"networkName\":\"n\"}",
                io.jnet.cni.spec.JsonSupport.compact(bare.toJson()));
    }

    @Test
    void overwriteReplacesAndDeleteIsIdempotent() throws Exception {
        ResultCache cache = new ResultCache(tmp);
        cache.write(sample());
        CachedAttachment changed = new CachedAttachment("ctr1", new byte[0], "eth0", "net1", "/other", List.of(), null, null);
        cache.write(changed);
        assertEquals("/other", cache.read("net1", "ctr1", "eth0").orElseThrow().netns());
        cache.delete("net1", "ctr1", "eth0");
        cache.delete("net1", "ctr1", "eth0");
        assertTrue(cache.read("net1", "ctr1", "eth0").isEmpty());
    }

    @Test
    void corruptFilesAreReportedOnReadAndSkippedByList() throws Exception {
        Path results = Files.createDirectories(tmp.resolve("results"));
        Files.writeString(results.resolve("net1-ctr1-eth0"), "{\"kind\":\"cniCacheV1\",\"containerId\":\"ctr1\",\"conf");
        Files.writeString(results.resolve("net1-ctr2-eth0"), "[]");
        Files.writeString(results.resolve("net1-ctr3-eth0"), "{\"kind\":\"cniCacheV1\",\"config\":\"!!notbase64\"}");
        ResultCache cache = new ResultCache(tmp);
        assertEquals(6, assertThrows(CniException.class, () -> cache.read("net1", "ctr1", "eth0")).code());
        assertEquals(6, assertThrows(CniException.class, () -> cache.read("net1", "ctr2", "eth0")).code());
        assertEquals(6, assertThrows(CniException.class, () -> cache.read("net1", "ctr3", "eth0")).code());
        assertEquals(List.of(), cache.list());
    }

    @Test
    void legacyBareResultFileIsRead() throws Exception {
        Path results = Files.createDirectories(tmp.resolve("results"));
        Files.writeString(results.resolve("net1-ctr1-eth0"), "{\"cniVersion\":\"0.4.0\",\"ips\":[{\"version\":\"4\",\"address\":\"10.0.0.2/24\"}]}");
        CachedAttachment a = new ResultCache(tmp).read("net1", "ctr1", "eth0").orElseThrow();
        assertEquals("0.4.0", a.result().get("cniVersion").getAsString());
        assertEquals(List.of(), new ResultCache(tmp).list(), "libcni's attachment listing ignores legacy files too");
    }
}
