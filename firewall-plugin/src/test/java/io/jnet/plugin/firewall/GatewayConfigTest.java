package io.jnet.plugin.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jnet.cni.config.NetworkConfig;
import io.jnet.cni.spec.CniException;
import io.jnet.firewall.GatewayMode;
import io.jnet.firewall.PortMapping;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {
    @Test
    void gatewayModeIsCheckedWithTheConfig() throws Exception {
        assertEquals(GatewayMode.ROUTED, config("\"gatewayMode\":\"routed\"").gatewayMode());
        assertEquals(null, config("\"ingressPolicy\":\"open\"").gatewayMode());
        assertEquals(7, assertThrows(CniException.class, () -> config("\"gatewayMode\":\"nat-ish\"")).code());
        assertEquals(7, assertThrows(CniException.class, () -> config("\"gatewayMode\":\"isolated\"")).code());
        assertEquals(GatewayMode.ISOLATED, config("\"gatewayMode\":\"isolated\",\"internal\":true").gatewayMode());
        FirewallConfig c = config("\"gatewayMode\":\"nat\",\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":8080,\"containerPort\":80,"
                + "\"protocol\":\"TCP\",\"hostIP\":\"0:0:0:0:0:0:0:1\"}]}");
        assertEquals(List.of(new PortMapping(8080, 80, "tcp", "::1")), c.published());
        assertEquals(GatewayMode.NAT, c.spec().gatewayMode());
        assertEquals(7, assertThrows(CniException.class, () -> config("\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":0,"
                + "\"containerPort\":80}]}")).code());
    }

    private static FirewallConfig config(String extra) throws CniException {
        String json = "{\"cniVersion\":\"1.0.0\",\"name\":\"n1\",\"type\":\"firewall\"," + extra + "}";
        return FirewallConfig.from(NetworkConfig.parse(json.getBytes(StandardCharsets.UTF_8)));
    }
}
