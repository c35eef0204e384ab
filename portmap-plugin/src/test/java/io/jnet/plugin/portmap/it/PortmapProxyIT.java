package io.jnet.plugin.portmap.it;

import static io.jnet.plugin.portmap.it.PortmapLab.BRIDGE_IP;
import static io.jnet.plugin.portmap.it.PortmapLab.BRIDGE_IP6;
import static io.jnet.plugin.portmap.it.PortmapLab.EXT_CLIENT_IP;
import static io.jnet.plugin.portmap.it.PortmapLab.EXT_HOST_IP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.jnet.netlink.ns.NetNs;
import io.jnet.netlink.ns.Sysctl;
import io.jnet.testing.ExecResult;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code "userlandProxy": true}: the proxy holds every published port, answers on [::1] and 127.0.0.1 (no
 * route_localnet on the bridge), NAT still serves everyone else with the client's own address, a port a host
 * process holds fails the ADD with nothing changed, and DEL takes the proxy away with the last port. On both backends.
 */
@KernelTest
@SuppressWarnings("try") // try (Echo echo = ...) keeps the server up for the block
class PortmapProxyIT {
    private static final int SERVER_PORT = 5000;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"iptables", "nftables"})
    void theProxyServesLoopbackAndHoldsThePorts(String backend, Sandbox sb) throws Exception {
        PortmapLab lab = new PortmapLab(sb);
        lab.backend = backend;
        NetNs c1 = lab.container("c1", "10.99.0.2", "fd99::2");
        NetNs ext = lab.outside();
        JsonObject conf = proxied(lab.config("c1", PortmapLab.mappings(
                8080, SERVER_PORT, "tcp", null,
                8053, SERVER_PORT, "udp", null)));
        try (Echo echo = Echo.start(c1, "c1", SERVER_PORT)) {
            lab.run("ADD", "c1", conf).assertOk();
            assertEquals("0", Sysctl.get(lab.host, "net/ipv4/conf/br0/route_localnet"), "loopback is the proxy's, not NAT's");
            sb.awaitIpv6Ready(lab.host, c1, ext);
            assertEquals("c1 " + BRIDGE_IP6, Probe.tcp(lab.host, "::1", 8080), "[::1] through the proxy");
            assertEquals("c1 " + BRIDGE_IP6, Probe.udp(lab.host, "::1", 8053));
            assertEquals("c1 " + BRIDGE_IP, Probe.tcp(lab.host, "127.0.0.1", 8080));
            assertEquals("c1 " + BRIDGE_IP, Probe.udp(lab.host, "127.0.0.1", 8053));
            assertEquals("c1 " + EXT_CLIENT_IP, Probe.tcp(ext, EXT_HOST_IP, 8080), "from outside NAT keeps the client's address");
            assertEquals("c1 " + EXT_CLIENT_IP, Probe.udp(ext, EXT_HOST_IP, 8053));
            assertFalse(lab.host.call(() -> canBind(8080)), "no host process can take a published port");
            lab.run("CHECK", "c1", conf).assertOk();

            // a port some host process holds: refused before any rule is written
            try (ServerSocket squatter = lab.host.call(() -> bound(9090))) {
                String nat = rules(lab);
                ExecResult r = lab.run("ADD", "c1", proxied(lab.config("c1", PortmapLab.mappings(
                        8080, SERVER_PORT, "tcp", null, 9090, SERVER_PORT, "tcp", null))));
                assertEquals(1, r.exitCode());
                assertTrue(r.stdout().replace(" ", "").contains("\"code\":102") && r.stdout().contains("9090"), r.stdout());
                assertEquals(nat, rules(lab));
            }

            lab.run("DEL", "c1", proxied(lab.config(null, null))).assertOk();
            assertNull(Probe.tcp(lab.host, "::1", 8080));
            assertTrue(lab.host.call(() -> canBind(8080)), "DEL gives the port back");
            assertEquals(1, lab.run("CHECK", "c1", conf).exitCode());
            assertFalse(lab.holds("c1"));
        }
    }

    /** The backend's rules as they read: the nat table without its dated comments, or nft's ruleset. */
    private static String rules(PortmapLab lab) {
        return "nftables".equals(lab.backend) ? lab.nftRuleset() : lab.natRules(false).replaceAll("(?m)^#.*\n", "");
    }

    private static JsonObject proxied(JsonObject conf) {
        conf.addProperty("userlandProxy", true);
        return conf;
    }

    private static ServerSocket bound(int port) throws Exception {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress("0.0.0.0", port));
        return s;
    }

    private static boolean canBind(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("::", port));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
