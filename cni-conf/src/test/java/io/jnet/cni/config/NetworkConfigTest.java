package io.jnet.cni.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonPrimitive;
import io.jnet.cni.result.Result;
import io.jnet.cni.spec.CniException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkConfigTest {
    private static NetworkConfig parse(String json) throws CniException {
        return NetworkConfig.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keepsUnknownKeysAndReadsKnownOnes() throws CniException {
        NetworkConfig c = parse("""
                {"cniVersion":"1.0.0","name":"net1","type":"bridge","bridge":"br9","mtu":1400,"isGateway":true,
                 "capabilities":{"portMappings":true,"mac":false},
                 "ipam":{"type":"host-local","subnet":"10.1.0.0/16"},
                 "dns":{"nameservers":["1.1.1.1"]},"x-vendor":{"deep":[1,2,3]}}""");
        assertEquals("1.0.0", c.cniVersion());
        assertEquals("net1", c.name());
        assertEquals("bridge", c.type());
        assertEquals("br9", c.getString("bridge"));
        assertEquals(1400, c.getInt("mtu"));
        assertTrue(c.getBoolean("isGateway", false));
        assertFalse(c.getBoolean("ipMasq", false));
        assertEquals(Map.of("portMappings", true, "mac", false), c.capabilities());
        assertEquals("host-local", c.ipamType());
        assertEquals(List.of("1.1.1.1"), c.dns().nameservers());
        assertEquals("[1,2,3]", c.raw().getAsJsonObject("x-vendor").get("deep").toString());
        assertNull(c.prevResult());
    }

    @Test
    void missingVersionIs010() throws CniException {
        assertEquals("0.1.0", parse("{\"name\":\"n\",\"type\":\"t\"}").cniVersion());
        assertEquals("0.1.0", parse("{\"name\":\"n\",\"cniVersion\":\"\"}").cniVersion());
    }

    @Test
    void parsesPrevResultInTheConfigsVersion() throws CniException {
        NetworkConfig c = parse("""
                {"cniVersion":"0.4.0","name":"n","type":"portmap",
                 "prevResult":{"ips":[{"version":"4","address":"10.0.0.2/24","interface":0}],"interfaces":[{"name":"eth0"}]}}""");
        Result r = c.prevResult();
        assertEquals("10.0.0.2/24", r.ips().get(0).address());
        assertEquals(0, r.ips().get(0).interfaceIndex());
    }

    @Test
    void wrongTypesAreDecodingFailures() {
        for (String bad : List.of("{\"name\":5}", "{\"cniVersion\":1.0}", "{\"capabilities\":{\"mac\":\"yes\"}}",
                "[1]", "{\"name\":\"n\"} trailing", "{name:\"n\"}", "{\"name\":\"n\",}", "")) {
            CniException e = assertThrows(CniException.class, () -> parse(bad), bad);
            assertEquals(6, e.code(), bad);
        }
    }

    @Test
    void withInjectsKeysWithoutTouchingTheOriginal() throws CniException {
        NetworkConfig c = parse("{\"name\":\"n\",\"type\":\"t\",\"keep\":1}");
        NetworkConfig d = c.with(Map.of("cniVersion", new JsonPrimitive("1.1.0")));
        assertEquals("1.1.0", d.cniVersion());
        assertEquals("0.1.0", c.cniVersion());
        assertEquals(1, d.getInt("keep"));
        assertEquals("{\"name\":\"n\",\"type\":\"t\",\"keep\":1,\"cniVersion\":\"1.1.0\"}", new String(d.bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void requireTypeRefusesMissingOrPathTypes() throws CniException {
        assertEquals(7, assertThrows(CniException.class, () -> parse("{\"name\":\"n\"}").requireType()).code());
        assertEquals(7, assertThrows(CniException.class, () -> parse("{\"name\":\"n\",\"type\":\"../x\"}").requireType()).code());
    }
}
