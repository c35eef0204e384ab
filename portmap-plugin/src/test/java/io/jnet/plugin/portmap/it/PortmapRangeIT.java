package io.jnet.plugin.portmap.it;

import static io.jnet.plugin.portmap.it.PortmapLab.EXT_CLIENT_IP;
import static io.jnet.plugin.portmap.it.PortmapLab.EXT_HOST_IP;
import static io.jnet.plugin.portmap.it.PortmapLab.EXT_HOST_IP6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.ExecResult;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A published range arrives as one {@code portMappings} entry per port (the CNI convention) and is written as one
 * rule per kind: every host port of it reaches its own container port, over TCP and UDP, IPv4 and IPv6. On nftables
 * every port is a map element, and only a shifted run has a DNAT rule per port.
 */
@KernelTest
class PortmapRangeIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"iptables", "nftables"})
    void everyPortOfARangeReachesItsContainerPortThroughOneRule(String backend, Sandbox sb) throws Exception {
        PortmapLab lab = new PortmapLab(sb);
        lab.backend = backend;
        boolean nft = backend.equals("nftables");
        NetNs c1 = lab.container("c1", "10.99.0.2", "fd99::2");
        NetNs c2 = lab.container("c2", "10.99.0.3", "fd99::3");
        NetNs ext = lab.outside();
        JsonArray m = new JsonArray();
        range(m, 8000, 5000, 4, "tcp");
        range(m, 8000, 5000, 4, "udp");
        range(m, 9000, 9000, 2, "tcp"); // the same ports on both sides
        JsonObject conf = lab.config("c1", m);
        List<Echo> echoes = new ArrayList<>();
        try {
            for (int p : new int[] {5000, 5001, 5002, 5003, 9000, 9001}) {
                echoes.add(Echo.start(c1, "p" + p, p));
            }
            lab.run("ADD", "c1", conf).assertOk();
            if (nft) {
                String rules = lab.nftRuleset();
                // shifted runs: one DNAT per port (4 TCP, 4 UDP); the same-port run: one DNAT keeping the port
                assertEquals(4 + 4 + 1, count(rules, "dnat to 10.99.0.2"), rules);
                assertEquals(1, count(rules, "dnat to 10.99.0.2 comment"), rules);
                assertFalse(lab.natRules(false).contains("CNI-DN-"));
            } else {
                String nat = lab.natRules(false);
                assertEquals(1, count(nat, "-p tcp -m tcp --dport 8000:8003 -j DNAT --to-destination 10.99.0.2:5000-5003/8000"), nat);
                assertEquals(1, count(nat, "-p udp -m udp --dport 8000:8003 -j DNAT"), nat);
                assertEquals(1, count(nat, "--dport 9000:9001 -j DNAT --to-destination 10.99.0.2\n"), nat);
            }
            for (int i = 0; i < 4; i++) {
                assertEquals("p" + (5000 + i) + " " + EXT_CLIENT_IP, Probe.tcp(ext, EXT_HOST_IP, 8000 + i));
                assertEquals("p" + (5000 + i) + " " + EXT_CLIENT_IP, Probe.udp(ext, EXT_HOST_IP, 8000 + i));
            }
            assertEquals("p9001 " + EXT_CLIENT_IP, Probe.tcp(ext, EXT_HOST_IP, 9001));
            sb.awaitIpv6Ready(lab.host, c1, ext);
            assertEquals("p5002 fd31::2", Probe.tcp(ext, EXT_HOST_IP6, 8002));
            assertEquals("p5003 fd31::2", Probe.udp(ext, EXT_HOST_IP6, 8003));
            lab.run("CHECK", "c1", conf).assertOk();

            // a second range that crosses one taken port is refused whole, and changes nothing
            JsonArray overlap = new JsonArray();
            range(overlap, 7998, 80, 3, "tcp");
            String before = nft ? lab.nftRuleset() : rulesOnly(lab.natRules(false));
            ExecResult refused = lab.run("ADD", "c2", lab.config("c2", overlap));
            assertEquals(1, refused.exitCode(), refused.stdout());
            assertTrue(refused.stdout().replace(" ", "").contains("\"code\":100") && refused.stdout().contains("8000/tcp"), refused.stdout());
            assertEquals(before, nft ? lab.nftRuleset() : rulesOnly(lab.natRules(false)));

            lab.run("DEL", "c1", lab.config(null, null)).assertOk();
            assertEquals(null, Probe.tcp(ext, EXT_HOST_IP, 8001));
            assertFalse(lab.natRules(false).contains("8000:8003"));
            assertFalse(lab.natRules(true).contains("8000:8003"));
            assertFalse(lab.holds("c1"));
        } finally {
            for (Echo e : echoes) {
                e.close();
            }
        }
    }

    private static void range(JsonArray into, int host, int container, int n, String proto) {
        for (int i = 0; i < n; i++) {
            into.addAll(PortmapLab.mappings(host + i, container + i, proto, null));
        }
    }

    /** iptables-save without its dated comments and counters. */
    private static String rulesOnly(String save) {
        return save.replaceAll("(?m)^#.*\n", "").replaceAll("\\[\\d+:\\d+\\]", "");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            n++;
        }
        return n;
    }
}
