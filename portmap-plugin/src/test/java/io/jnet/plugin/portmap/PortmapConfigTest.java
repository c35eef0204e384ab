package io.jnet.plugin.portmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.cni.config.NetworkConfig;
import io.jnet.firewall.PortMapping;
import io.jnet.cni.spec.CniException;
import io.jnet.firewall.Family;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PortmapConfigTest {

    private static PortmapConfig parse(String extra, String mappings) throws CniException {
        String json = "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"portmap\"" + extra
                + ",\"runtimeConfig\":{\"portMappings\":[" + mappings + "]}}";
        return PortmapConfig.parse(NetworkConfig.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static int code(String extra, String mappings) {
        return assertThrows(CniException.class, () -> parse(extra, mappings)).code();
    }

    @Test
    void defaultsAreTheReferences() throws Exception {
        PortmapConfig c = parse("", "{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"TCP\"}");
        assertTrue(c.snat());
        assertFalse(c.masqAll());
        assertEquals(13, c.markMasqBit());
        assertEquals(null, c.externalSetMarkChain());
        assertEquals(new PortMapping(8080, 80, "tcp", null), c.mappings().get(0));
    }

    @Test
    void hostIpIsCanonicalAndDecidesTheFamilies() throws Exception {
        PortmapConfig c = parse("", "{\"hostPort\":1,\"containerPort\":1,\"protocol\":\"udp\",\"hostIP\":\"fd00:0:0::01\"},"
                + "{\"hostPort\":2,\"containerPort\":2,\"protocol\":\"udp\",\"hostIP\":\"0.0.0.0\"},"
                + "{\"hostPort\":3,\"containerPort\":3,\"protocol\":\"udp\",\"hostIP\":\"\"}");
        PortMapping v6 = c.mappings().get(0);
        assertEquals("fd00::1", v6.hostIp());
        assertTrue(v6.appliesTo(Family.IPV6));
        assertFalse(v6.appliesTo(Family.IPV4));
        PortMapping any4 = c.mappings().get(1);
        assertTrue(any4.appliesTo(Family.IPV4));
        assertFalse(any4.appliesTo(Family.IPV6));
        assertNull(any4.destination());
        PortMapping both = c.mappings().get(2);
        assertTrue(both.appliesTo(Family.IPV4) && both.appliesTo(Family.IPV6));
    }

    @Test
    void badValuesHaveTheirCodes() {
        String ok = "{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"}";
        assertEquals(7, code("", "{\"hostPort\":0,\"containerPort\":80,\"protocol\":\"tcp\"}"));
        assertEquals(7, code("", "{\"hostPort\":8080,\"containerPort\":65536,\"protocol\":\"tcp\"}"));
        assertEquals(7, code("", "{\"hostPort\":8080,\"containerPort\":80}"));
        assertEquals(2, code("", "{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"icmp\"}"));
        assertEquals(7, code("", "{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\",\"hostIP\":\"example.com\"}"));
        assertEquals(6, code("", "{\"hostPort\":\"8080\",\"containerPort\":80,\"protocol\":\"tcp\"}"));
        assertEquals(7, code(",\"markMasqBit\":32", ok));
        assertEquals(7, code(",\"markMasqBit\":-1", ok));
        assertEquals(7, code(",\"markMasqBit\":5,\"externalSetMarkChain\":\"X\"", ok));
        assertEquals(7, code(",\"externalSetMarkChain\":\"two words\"", ok));
        assertEquals(6, code(",\"conditionsV4\":\"-s 1.2.3.4\"", ok));
        assertEquals(2, code(",\"backend\":\"pf\"", ok));
        assertEquals(7, code(",\"backend\":\"nftables\",\"conditionsV4\":[\"-s\",\"1.2.3.4\"]", ok), "iptables conditions");
        assertEquals(7, code(",\"backend\":\"nftables\",\"externalSetMarkChain\":\"KUBE-MARK-MASQ\"", ok));
        assertEquals(2, code(",\"conditionsV4\":[\"ip\",\"saddr\",\"1.2.3.4\"]", ok), "nft-syntax conditions");
        assertEquals(6, code(",\"masqAll\":1", ok));
    }

    @Test
    void theBackendIsChosenAsTheReferenceChoosesIt() throws Exception {
        assertEquals("nftables", parse(",\"backend\":\"nftables\"", "").chosenBackend());
        assertEquals("iptables", parse(",\"conditionsV4\":[\"!\",\"-i\",\"eth0\"]", "").chosenBackend());
        assertEquals(null, parse("", "").chosenBackend(), "absent: iptables unless only nftables is usable");
    }

    @Test
    void optionsAreRead() throws Exception {
        PortmapConfig c = parse(",\"snat\":false,\"masqAll\":true,\"externalSetMarkChain\":\"KUBE-MARK-MASQ\","
                + "\"conditionsV4\":[\"-s\",\"1.2.3.4\"],\"conditionsV6\":[\"!\",\"-i\",\"eth0\"],\"backend\":\"iptables\"", "");
        assertFalse(c.snat());
        assertTrue(c.masqAll());
        assertEquals("KUBE-MARK-MASQ", c.externalSetMarkChain());
        assertEquals("iptables", c.chosenBackend());
        assertEquals(java.util.List.of("-s", "1.2.3.4"), c.conditionsV4());
        assertEquals(java.util.List.of("!", "-i", "eth0"), c.conditionsV6());
        assertTrue(c.mappings().isEmpty());
    }
}
