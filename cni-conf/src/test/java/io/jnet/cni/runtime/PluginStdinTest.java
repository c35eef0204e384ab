package io.jnet.cni.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import io.jnet.cni.TestResources;
import io.jnet.cni.config.NetworkConfig;
import io.jnet.cni.config.NetworkConfigList;
import io.jnet.cni.spec.CniException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PluginStdinTest {
    private static final JsonObject CAP_ARGS = TestResources.parse("""
            {"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp"}],"mac":"c2:11:22:33:44:55",
             "bandwidth":{"ingressRate":1000},"ips":["10.1.0.9/16"]}""");

    private static NetworkConfigList list() throws CniException {
        return NetworkConfigList.parse("""
                {"cniVersion":"1.0.0","name":"net1","plugins":[
                 {"type":"bridge","capabilities":{"mac":true,"ips":false},"bridge":"cni0"},
                 {"type":"portmap","capabilities":{"portMappings":true,"aliases":true},"runtimeConfig":{"stale":1}},
                 {"type":"tuning"}]}""".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void injectsNameVersionPrevResultAndOnlyEnabledCapabilities() throws CniException {
        JsonObject prev = TestResources.parse("{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"10.1.0.5/16\"}]}");
        NetworkConfig bridge = PluginStdin.build(list().plugins().get(0), "net1", "1.0.0", prev, CAP_ARGS);
        JsonObject raw = bridge.raw();
        assertEquals("net1", raw.get("name").getAsString());
        assertEquals("1.0.0", raw.get("cniVersion").getAsString());
        assertEquals("cni0", raw.get("bridge").getAsString());
        assertEquals(prev, raw.get("prevResult"));
        assertEquals(TestResources.parse("{\"mac\":\"c2:11:22:33:44:55\"}"), raw.get("runtimeConfig"), "ips is false, bandwidth not declared");
    }

    @Test
    void replacesRuntimeConfigWhenSomethingMatches() throws CniException {
        NetworkConfig portmap = PluginStdin.build(list().plugins().get(1), "net1", "1.0.0", null, CAP_ARGS);
        assertEquals(TestResources.parse("{\"portMappings\":[{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"}]}"),
                portmap.raw().get("runtimeConfig"));
        assertFalse(portmap.raw().has("prevResult"));
    }

    @Test
    void omitsRuntimeConfigWhenNothingMatches() throws CniException {
        NetworkConfig tuning = PluginStdin.build(list().plugins().get(2), "net1", "1.0.0", null, CAP_ARGS);
        assertFalse(tuning.raw().has("runtimeConfig"));
        assertEquals("{\"type\":\"tuning\",\"name\":\"net1\",\"cniVersion\":\"1.0.0\"}", new String(tuning.bytes(), StandardCharsets.UTF_8));
    }
}
