package io.jnet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.cni.config.NetworkConfigList;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkSpecTest {
    private static final Path DATA = Path.of("/tmp/x/networks");
    private static final Path PROXY = Path.of("/tmp/x/proxy");

    private static NetworkSpec spec(List<String> subnets, String gw, String range, boolean internal, boolean masq) {
        return new NetworkSpec("web", subnets, gw, range, "br-web", null, internal, masq, "1.1.0");
    }

    @Test
    void writesTheReferencePluginsKeys() throws Exception {
        JsonObject list = spec(List.of("10.88.0.0/24"), null, null, false, true).toConflist(DATA, PROXY);
        JsonObject expected = JsonParser.parseString("""
                {"cniVersion":"1.1.0","name":"web","plugins":[
                 {"type":"bridge","bridge":"br-web","isGateway":true,"ipMasq":true,"hairpinMode":true,
                  "capabilities":{"ips":true,"mac":true},
                  "ipam":{"type":"host-local","ranges":[[{"subnet":"10.88.0.0/24","gateway":"10.88.0.1"}]],
                          "routes":[{"dst":"0.0.0.0/0"}],"dataDir":"/tmp/x/networks"}},
                 {"type":"portmap","capabilities":{"portMappings":true},"snat":true},
                 {"type":"firewall","ingressPolicy":"same-bridge"}]}""").getAsJsonObject();
        assertEquals(expected, list);
        NetworkConfigList parsed = NetworkConfigList.parse(spec(List.of("10.88.0.0/24"), null, null, false, true).bytes(DATA, PROXY));
        assertEquals("web", parsed.name());
        assertEquals(3, parsed.plugins().size());
    }

    @Test
    void aFirewallBackendGoesToEveryPluginsKeyAndReadsBack() throws Exception {
        NetworkSpec nft = new NetworkSpec("web", List.of("10.88.0.0/24"), null, null, "br-web", null, false, true, true, "1.1.0",
                "nftables");
        JsonObject list = nft.toConflist(DATA, PROXY);
        assertEquals("nftables", list.getAsJsonArray("plugins").get(0).getAsJsonObject().get("ipMasqBackend").getAsString());
        assertEquals("nftables", list.getAsJsonArray("plugins").get(1).getAsJsonObject().get("backend").getAsString());
        assertEquals("nftables", list.getAsJsonArray("plugins").get(2).getAsJsonObject().get("backend").getAsString());
        NetworkInfo info = NetworkInfo.of(NetworkConfigList.parse(nft.bytes(DATA, PROXY)), Path.of("/tmp/x/web.conflist"));
        assertEquals("nftables", info.firewallBackend());
        assertEquals("nftables", info.toJson().get("firewallBackend").getAsString());
        NetworkInfo unset = NetworkInfo.of(NetworkConfigList.parse(spec(List.of("10.88.0.0/24"), null, null, false, true)
                .bytes(DATA, PROXY)), Path.of("/tmp/x/web.conflist"));
        assertEquals("", unset.firewallBackend(), "left to the plugins");
        assertEquals("default", unset.toJson().get("firewallBackend").getAsString());
    }

    @Test
    void dualStackGatewayRangeAndInternal() {
        JsonObject list = spec(List.of("10.88.0.0/16", "fd00:88::/64"), "10.88.0.254", "10.88.1.0/24", true, true).toConflist(DATA, PROXY);
        JsonObject bridge = list.getAsJsonArray("plugins").get(0).getAsJsonObject();
        assertEquals(false, bridge.get("ipMasq").getAsBoolean(), "internal means no masquerade");
        JsonObject ipam = bridge.getAsJsonObject("ipam");
        assertEquals(JsonParser.parseString("""
                [[{"subnet":"10.88.0.0/16","rangeStart":"10.88.1.0","rangeEnd":"10.88.1.255","gateway":"10.88.0.254"}],
                 [{"subnet":"fd00:88::/64","gateway":"fd00:88::1"}]]"""), ipam.get("ranges"));
        assertEquals(null, ipam.get("routes"), "internal: no default route");
        assertEquals(JsonParser.parseString("{\"type\":\"firewall\",\"ingressPolicy\":\"same-bridge\",\"internal\":true}"),
                list.getAsJsonArray("plugins").get(2), "internal: nothing forwarded in or out of the bridge");
        JsonObject open = new NetworkSpec("web", List.of("10.88.0.0/24"), null, null, "br-web", null, false, true, false, "1.1.0")
                .toConflist(DATA, PROXY);
        assertEquals("open", open.getAsJsonArray("plugins").get(2).getAsJsonObject().get("ingressPolicy").getAsString(),
                "--no-isolation");

        JsonObject whole = spec(List.of("10.88.0.0/24"), null, "10.88.0.0/24", false, false).toConflist(DATA, PROXY);
        JsonObject range = whole.getAsJsonArray("plugins").get(0).getAsJsonObject().getAsJsonObject("ipam").getAsJsonArray("ranges")
                .get(0).getAsJsonArray().get(0).getAsJsonObject();
        assertEquals("10.88.0.1", range.get("rangeStart").getAsString(), "never the network address");
        assertEquals("10.88.0.254", range.get("rangeEnd").getAsString(), "never the broadcast address");
    }

    @Test
    void refusesBadInput() {
        String[][] cases = {
            {"10.88.0.1/24", null, null, "has host bits set"},
            {"10.88.0.0", null, null, "bad CIDR"},
            {"10.88.0.0/31", null, null, "too small"},
            {"10.88.0.0/24", "10.89.0.1", null, "is in none of the subnets"},
            {"10.88.0.0/24", "10.88.0.255", null, "network or broadcast"},
            {"10.88.0.0/24", null, "10.99.0.0/25", "not inside a subnet"},
            {"10.88.0.0/24", "nonsense", null, "bad IP address"},
        };
        for (String[] c : cases) {
            JnetException e = assertThrows(JnetException.class, () -> spec(List.of(c[0]), c[1], c[2], false, true).validate(), c[3]);
            assertEquals(JnetException.Kind.USAGE, e.kind());
            assertTrue(e.getMessage().contains(c[3]), e.getMessage());
        }
        assertThrows(JnetException.class, () -> spec(List.of("10.0.0.0/16", "10.1.0.0/16"), null, null, false, true).validate());
        assertThrows(JnetException.class, () -> new NetworkSpec("bad name", List.of("10.0.0.0/16"), null, null, "b", null, false, true, "1.1.0").validate());
        assertThrows(JnetException.class, () -> new NetworkSpec("n", List.of("10.0.0.0/16"), null, null, "a-very-long-bridge-name", null, false, true, "1.1.0").validate());
        assertThrows(JnetException.class, () -> new NetworkSpec("n", List.of("10.0.0.0/16"), null, null, "b", 20, false, true, "1.1.0").validate());
        assertThrows(JnetException.class, () -> new NetworkSpec("n", List.of(), null, null, "b", null, false, true, "1.1.0").validate());
    }

    @Test
    void defaultBridgeNamesFitTheKernel() {
        assertEquals("jn-web", NetworkSpec.defaultBridge("web"));
        assertEquals(15, NetworkSpec.defaultBridge("a-really-long-network").length());
    }

    @Test
    void gatewayModesAndTheProxyAreWrittenForThePlugins() {
        JsonObject nat = NetworkSpec.of("web", List.of("10.88.0.0/24"), null, null, "br-web", null, false, true, null, true, "1.1.0", null)
                .toConflist(DATA, PROXY);
        JsonArray p = nat.getAsJsonArray("plugins");
        assertEquals(true, p.get(0).getAsJsonObject().get("ipMasq").getAsBoolean());
        assertEquals(JsonParser.parseString("{\"type\":\"portmap\",\"capabilities\":{\"portMappings\":true},\"snat\":true,"
                + "\"userlandProxy\":true,\"proxyDir\":\"/tmp/x/proxy\"}"), p.get(1));
        assertEquals(JsonParser.parseString("{\"type\":\"firewall\",\"ingressPolicy\":\"same-bridge\",\"gatewayMode\":\"nat\","
                + "\"capabilities\":{\"portMappings\":true}}"), p.get(2));

        JsonArray routed = NetworkSpec.of("r", List.of("10.88.0.0/24"), null, null, "br-r", null, false, true, "routed", true, "1.1.0", null)
                .toConflist(DATA, PROXY).getAsJsonArray("plugins");
        assertEquals(false, routed.get(0).getAsJsonObject().get("ipMasq").getAsBoolean(), "routed: no masquerade");
        assertEquals(JsonParser.parseString("{\"type\":\"portmap\",\"snat\":true}"), routed.get(1), "no host ports, no proxy");
        assertEquals("routed", routed.get(2).getAsJsonObject().get("gatewayMode").getAsString());

        JsonArray noProxy = NetworkSpec.of("n", List.of("10.88.0.0/24"), null, null, "br-n", null, false, true, "nat-unprotected", false, "1.1.0", null)
                .toConflist(DATA, PROXY).getAsJsonArray("plugins");
        assertEquals(null, noProxy.get(1).getAsJsonObject().get("userlandProxy"));

        JsonArray isolated = NetworkSpec.of("i", List.of("10.88.0.0/24"), null, null, "br-i", null, true, true, "isolated", true, "1.1.0", null)
                .toConflist(DATA, PROXY).getAsJsonArray("plugins");
        assertEquals(false, isolated.get(0).getAsJsonObject().get("isGateway").getAsBoolean(), "isolated: no address on the bridge");
        assertEquals(null, isolated.get(1).getAsJsonObject().get("userlandProxy"));
        NetworkSpec internal = NetworkSpec.of("i", List.of("10.88.0.0/24"), null, null, "br-i", null, true, true, null, true, "1.1.0", null);
        assertEquals(null, internal.gatewayMode(), "an internal network names no mode unless isolated");

        for (String[] bad : new String[][] {{"nat", "true"}, {"isolated", "false"}, {"natty", "false"}}) {
            JnetException e = assertThrows(JnetException.class, () -> NetworkSpec.of("x", List.of("10.88.0.0/24"), null, null, "br-x", null,
                    Boolean.parseBoolean(bad[1]), true, bad[0], true, "1.1.0", null).validate(), bad[0]);
            assertEquals(JnetException.Kind.USAGE, e.kind());
        }
    }
}
