package io.jnet.plugin.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jnet.cni.result.IpConfig;
import io.jnet.cni.result.Result;
import io.jnet.cni.result.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewaysTest {
    private static BridgeConfig cfg(boolean gw, boolean dflt) {
        return new BridgeConfig("br", gw || dflt, dflt, false, false, null, 0, false, false, 0, List.of(), false, true,
                false, false, false, false, null, io.jnet.cni.result.Dns.EMPTY, "host-local");
    }

    @Test
    void gatewayIsNetworkPlusOneWhenIpamGaveNone() {
        Result ipam = new Result(List.of(), List.of(new IpConfig("10.1.2.9/24", null, null), new IpConfig("fd00::9/64", null, null)),
                List.of(), null);
        Gateways.Computed c = Gateways.compute(ipam, cfg(true, false));
        assertEquals("10.1.2.1", c.result().ips().get(0).gateway());
        assertEquals("fd00::1", c.result().ips().get(1).gateway());
        assertEquals(2, c.result().ips().get(0).interfaceIndex());
        assertEquals("10.1.2.1/24", c.v4().get(0).toString());
        assertEquals("fd00::1/64", c.v6().get(0).toString());
        assertEquals(List.of(), c.result().routes());
    }

    @Test
    void defaultRouteAddedPerFamilyUnlessIpamHasOne() {
        Result ipam = new Result(List.of(), List.of(new IpConfig("10.1.2.9/24", "10.1.2.254", null),
                new IpConfig("fd00::9/64", "fd00::1", null)), List.of(new Route("0.0.0.0/0", "10.1.2.100", null, null, null, null, null)), null);
        Gateways.Computed c = Gateways.compute(ipam, cfg(false, true));
        assertEquals(List.of(new Route("0.0.0.0/0", "10.1.2.100", null, null, null, null, null),
                new Route("::/0", "fd00::1", null, null, null, null, null)), c.result().routes());
        assertEquals("10.1.2.254/24", c.v4().get(0).toString());
    }

    @Test
    void withoutGatewayNothingIsComputed() {
        Result ipam = new Result(List.of(), List.of(new IpConfig("10.1.2.9/24", null, null)), List.of(), null);
        Gateways.Computed c = Gateways.compute(ipam, cfg(false, false));
        assertEquals(null, c.result().ips().get(0).gateway());
        assertEquals(List.of(), c.v4());
    }
}
