package io.jnet.plugin.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.cni.config.NetworkConfig;
import io.jnet.cni.skel.CniCommand;
import io.jnet.cni.skel.CniRequest;
import io.jnet.cni.spec.CniArg;
import io.jnet.cni.spec.CniException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BridgeConfigTest {
    private static BridgeConfig parse(String json, String cniArgs) throws CniException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        CniRequest r = new CniRequest(CniCommand.ADD, "c", "/run/netns/x", "eth0", CniArg.parse(cniArgs), "", b,
                NetworkConfig.parse(b), Map.of(), System.err);
        return BridgeConfig.parse(r);
    }

    private static BridgeConfig parse(String json) throws CniException {
        return parse(json, "");
    }

    @Test
    void defaultsAreTheReferences() throws Exception {
        BridgeConfig c = parse("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"bridge\"}");
        assertEquals("cni0", c.bridge());
        assertFalse(c.isGateway() || c.isDefaultGateway() || c.ipMasq() || c.hairpinMode() || c.promiscMode());
        assertTrue(c.preserveDefaultVlan());
        assertEquals(0, c.mtu());
        assertFalse(c.isLayer3());
        assertFalse(c.vlanFiltering());
        assertNull(c.mac());
    }

    @Test
    void defaultGatewayImpliesGateway() throws Exception {
        assertTrue(parse("{\"name\":\"n\",\"isDefaultGateway\":true}").isGateway());
    }

    @Test
    void macPrecedenceRuntimeConfigThenArgsThenCniArgs() throws Exception {
        String base = "{\"name\":\"n\"%s}";
        assertEquals("02:00:00:00:00:01", parse(String.format(base, ""), "IgnoreUnknown=1;MAC=02:00:00:00:00:01").mac().toString());
        assertEquals("02:00:00:00:00:02", parse(String.format(base, ",\"args\":{\"cni\":{\"mac\":\"02:00:00:00:00:02\"}}"),
                "MAC=02:00:00:00:00:01").mac().toString());
        assertEquals("02:00:00:00:00:03", parse(String.format(base,
                ",\"args\":{\"cni\":{\"mac\":\"02:00:00:00:00:02\"}},\"runtimeConfig\":{\"mac\":\"02:00:00:00:00:03\"}"),
                "MAC=02:00:00:00:00:01").mac().toString());
        CniException bad = assertThrows(CniException.class, () -> parse("{\"name\":\"n\",\"runtimeConfig\":{\"mac\":\"zz\"}}"));
        assertEquals(7, bad.code());
    }

    @Test
    void vlanChecks() throws Exception {
        assertEquals(7, assertThrows(CniException.class, () -> parse("{\"name\":\"n\",\"vlan\":4095}")).code());
        assertEquals(7, assertThrows(CniException.class, () -> parse("{\"name\":\"n\",\"vlan\":5,\"vlanTrunk\":[{\"id\":6}]}")).code());
        assertEquals(List.of(3, 10, 11, 12), parse("{\"name\":\"n\",\"vlanTrunk\":[{\"minID\":10,\"maxID\":12},{\"id\":3},{\"id\":11}]}").vlans());
        CniException e = assertThrows(CniException.class, () -> parse("{\"name\":\"n\",\"vlanTrunk\":[{\"maxID\":12}]}"));
        assertTrue(e.msg().contains("minID is missing"), e.msg());
        assertTrue(parse("{\"name\":\"n\",\"vlan\":100}").vlanFiltering());
    }

    @Test
    void addRefusesContradictions() throws Exception {
        assertThrows(CniException.class, () -> parse("{\"name\":\"n\",\"hairpinMode\":true,\"promiscMode\":true}").validateForAdd());
        assertThrows(CniException.class, () -> parse("{\"name\":\"n\",\"disableContainerInterface\":true,\"ipam\":{\"type\":\"host-local\"}}").validateForAdd());
        parse("{\"name\":\"n\",\"disableContainerInterface\":true,\"ipam\":{}}").validateForAdd();
        assertEquals(7, assertThrows(CniException.class, () -> parse("{\"name\":\"n\",\"ipMasqBackend\":\"pf\"}")).code());
        parse("{\"name\":\"n\",\"ipMasq\":true,\"ipMasqBackend\":\"nftables\"}").validateForAdd();
    }

    @Test
    void negativeMtuIsAConfigError() {
        assertEquals(7, assertThrows(CniException.class, () -> parse("{\"name\":\"n\",\"mtu\":-1}")).code());
    }

    @Test
    void booleansMayBeStringsAsTheReadmeShows() throws Exception {
        assertTrue(parse("{\"name\":\"n\",\"portIsolation\":\"true\"}").portIsolation());
        assertEquals(7, assertThrows(CniException.class, () -> parse("{\"name\":\"n\",\"ipMasq\":1}")).code());
    }
}
