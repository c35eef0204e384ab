package io.jnet.plugin.ipam.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.cni.config.NetworkConfig;
import io.jnet.cni.result.Route;
import io.jnet.cni.spec.CniArg;
import io.jnet.cni.spec.CniException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpamConfigParserTest {

    static IpamConfig parse(String json, String cniArgs) throws CniException {
        return IpamConfigParser.parse(NetworkConfig.parse(json.getBytes(StandardCharsets.UTF_8)), CniArg.parse(cniArgs));
    }

    static String net(String version, String ipam, String extra) {
        return "{\"cniVersion\":\"" + version + "\",\"name\":\"n\",\"type\":\"x\",\"ipam\":" + ipam + extra + "}";
    }

    static int code(String json) {
        return assertThrows(CniException.class, () -> parse(json, "")).code();
    }

    @Test
    void legacySubnetGetsReferenceDefaults() throws Exception {
        IpamConfig c = parse(net("1.0.0", "{\"type\":\"host-local\",\"subnet\":\"172.17.0.0/16\"}", ""), "");
        Range r = c.rangeSets().get(0).ranges().get(0);
        assertEquals("172.17.0.1", r.gateway().text());
        assertEquals("172.17.0.1", r.start().text());
        assertEquals("172.17.255.254", r.end().text());
        assertEquals(IpamConfig.DEFAULT_DATA_DIR, c.dataDir());
        assertNull(c.resolvConf());
        assertEquals("n", c.network());
    }

    @Test
    void ipv6DefaultsEndAtLastAddress() throws Exception {
        IpamConfig c = parse(net("1.0.0", "{\"ranges\":[[{\"subnet\":\"fd00:0:0:1::/64\",\"rangeStart\":\"fd00:0:0:1::10\"}]]}", ""), "");
        Range r = c.rangeSets().get(0).ranges().get(0);
        assertEquals("fd00:0:0:1::1", r.gateway().text());
        assertEquals("fd00:0:0:1::10", r.start().text());
        assertEquals("fd00::1:ffff:ffff:ffff:ffff", r.end().text());
    }

    @Test
    void orderIsIpRangesThenLegacyThenRanges() throws Exception {
        IpamConfig c = parse(net("1.0.0", "{\"subnet\":\"10.1.0.0/24\",\"gateway\":\"10.1.0.254\",\"rangeEnd\":\"10.1.0.100\","
                + "\"ranges\":[[{\"subnet\":\"10.2.0.0/24\"},{\"subnet\":\"10.3.0.0/24\"}],[{\"subnet\":\"fd00::/120\"}]],"
                + "\"dataDir\":\"/tmp/x\",\"resolvConf\":\"/etc/r\",\"routes\":[{\"dst\":\"0.0.0.0/0\"},{\"dst\":\"fd01::/64\",\"gw\":\"fd00::0001\"}]}",
                ",\"runtimeConfig\":{\"ipRanges\":[[{\"subnet\":\"10.9.0.0/24\"}]]}"), "");
        assertEquals(List.of("10.9.0.1-10.9.0.254", "10.1.0.1-10.1.0.100", "10.2.0.1-10.2.0.254,10.3.0.1-10.3.0.254", "fd00::1-fd00::ff"),
                c.rangeSets().stream().map(RangeSet::toString).toList());
        assertEquals("10.1.0.254", c.rangeSets().get(1).ranges().get(0).gateway().text());
        assertEquals(Path.of("/tmp/x"), c.dataDir());
        assertEquals("/etc/r", c.resolvConf());
        assertEquals(List.of(Route.of("0.0.0.0/0", null), Route.of("fd01::/64", "fd00::1")), c.routes());
    }

    @Test
    void requestedIpsComeFromCniArgsThenArgsThenRuntimeConfig() throws Exception {
        IpamConfig c = parse(net("1.0.0", "{\"subnet\":\"10.1.0.0/16\"}",
                ",\"args\":{\"cni\":{\"ips\":[\"10.1.0.7/16\"]}},\"runtimeConfig\":{\"ips\":[\"10.1.0.8\"]}"),
                "IgnoreUnknown=1;K8S_POD_NAME=p;IP=10.1.0.5, 10.1.0.6");
        assertEquals(List.of("10.1.0.5", "10.1.0.6", "10.1.0.7", "10.1.0.8"), c.requestedIps().stream().map(Ip::text).toList());
    }

    @Test
    void badCniArgsIpIsCode4() {
        CniException e = assertThrows(CniException.class, () -> parse(net("1.0.0", "{\"subnet\":\"10.1.0.0/16\"}", ""), "IP=10.1.0.300"));
        assertEquals(CniException.INVALID_ENVIRONMENT_VARIABLES, e.code());
    }

    @Test
    void refusesWhatTheReferenceRefuses() {
        int invalid = CniException.INVALID_NETWORK_CONFIG;
        assertEquals(invalid, code("{\"cniVersion\":\"1.0.0\",\"name\":\"n\"}"));
        assertEquals(invalid, code(net("1.0.0", "{\"type\":\"host-local\"}", "")));
        for (String small : List.of("10.0.0.0/31", "10.0.0.0/32", "fd00::/127", "fd00::/128")) {
            assertEquals(invalid, code(net("1.0.0", "{\"subnet\":\"" + small + "\"}", "")), small);
        }
        assertEquals(invalid, code(net("1.0.0", "{\"subnet\":\"10.0.0.1/24\"}", "")));
        assertEquals(invalid, code(net("1.0.0", "{\"ranges\":[[{\"subnet\":\"10.0.0.0/24\"},{\"subnet\":\"fd00::/64\"}]]}", "")));
        assertEquals(invalid, code(net("1.0.0", "{\"ranges\":[[{\"subnet\":\"10.0.0.0/24\"},{\"subnet\":\"10.0.0.0/25\"}]]}", "")));
        assertEquals(invalid, code(net("1.0.0", "{\"ranges\":[[{\"subnet\":\"10.0.0.0/24\"}],[{\"subnet\":\"10.0.0.0/16\"}]]}", "")));
        assertEquals(invalid, code(net("1.0.0", "{\"ranges\":[[]]}", "")));
        assertEquals(invalid, code(net("1.0.0", "{\"ranges\":[[{\"subnet\":\"10.0.0.0/24\",\"rangeStart\":\"10.0.1.1\"}]]}", "")));
        assertEquals(invalid, code(net("1.0.0", "{\"ranges\":[[{\"subnet\":\"10.0.0.0/24\",\"rangeEnd\":\"10.0.1.1\"}]]}", "")));
        assertEquals(invalid, code(net("1.0.0", "{\"ranges\":[[{\"subnet\":\"nonsense\"}]]}", "")));
        assertEquals(invalid, code(net("1.0.0", "{\"ranges\":[[{\"rangeStart\":\"10.0.0.1\"}]]}", "")));
        // Two IPv4 range sets need a version that can return two addresses of one family.
        String two = "{\"ranges\":[[{\"subnet\":\"10.0.0.0/24\"}],[{\"subnet\":\"10.1.0.0/24\"}]]}";
        assertEquals(invalid, code(net("0.2.0", two, "")));
        assertTrue(assertDoesNotThrow(() -> parse(net("0.3.0", two, ""), "")).rangeSets().size() == 2);
    }

    @Test
    void wrongJsonTypesAreDecodingFailures() {
        int decode = CniException.DECODING_FAILURE;
        assertEquals(decode, code(net("1.0.0", "{\"subnet\":3}", "")));
        assertEquals(decode, code(net("1.0.0", "{\"ranges\":{}}", "")));
        assertEquals(decode, code(net("1.0.0", "{\"ranges\":[{}]}", "")));
        assertEquals(decode, code(net("1.0.0", "{\"subnet\":\"10.0.0.0/24\",\"routes\":[\"x\"]}", "")));
        assertEquals(decode, code(net("1.0.0", "{\"subnet\":\"10.0.0.0/24\",\"dataDir\":false}", "")));
    }

    private static <T> T assertDoesNotThrow(org.junit.jupiter.api.function.ThrowingSupplier<T> s) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(s);
    }
}
