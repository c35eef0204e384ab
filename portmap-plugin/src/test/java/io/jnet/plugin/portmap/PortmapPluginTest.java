package io.jnet.plugin.portmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.cni.skel.PluginMain;
import io.jnet.firewall.Backends;
import io.jnet.firewall.Family;
import io.jnet.firewall.iptables.Chains;
import io.jnet.firewall.iptables.IptablesBackend;
import io.jnet.firewall.Table;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plugin through the CNI skeleton, on the in-memory iptables: protocol, rollback, retries, DEL, GC. */
class PortmapPluginTest {
    private static final String PREV = "\"prevResult\":{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\",\"sandbox\":\"/x\"}],"
            + "\"ips\":[{\"address\":\"10.88.0.5/16\",\"interface\":0},{\"address\":\"fd88::5/64\",\"interface\":0}]}";
    private static final String MAPPINGS = "\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":8080,\"containerPort\":80,"
            + "\"protocol\":\"tcp\"},{\"hostPort\":5353,\"containerPort\":53,\"protocol\":\"udp\"}]}";

    private final FakeIptables ipt = new FakeIptables();
    private final List<String> conntrackCalls = new ArrayList<>();
    private final List<InetAddress> localnetCalls = new ArrayList<>();
    private final PortmapPlugin plugin = new PortmapPlugin(Backends.of(new IptablesBackend(ipt), new AbsentBackend("nftables")), new Conntrack() {
        @Override
        public void deleteUdp(Family family, List<Integer> ports, PrintStream log) {
            if (!ports.isEmpty()) {
                conntrackCalls.add(family + " " + ports);
            }
        }
    }, new LocalnetRouting() {
        @Override
        public String enableFor(InetAddress container) {
            localnetCalls.add(container);
            return "br0";
        }
    });

    private record Out(int exit, String stdout) {
        JsonObject json() {
            return JsonParser.parseString(stdout).getAsJsonObject();
        }

        int code() {
            return json().get("code").getAsInt();
        }
    }

    private Out run(String command, String containerId, String config) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        env.put("CNI_NETNS", "/var/run/netns/x");
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_PATH", "/opt/cni/bin");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = PluginMain.run(plugin, env, new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true));
        return new Out(exit, out.toString(StandardCharsets.UTF_8));
    }

    private static String conf(String... parts) {
        return "{\"cniVersion\":\"1.0.0\",\"name\":\"mynet\",\"type\":\"portmap\"" + (parts.length == 0 ? "" : "," + String.join(",", parts)) + "}";
    }

    private String chain(String cid) {
        return Chains.dnatChain("mynet", cid);
    }

    @Test
    void addEchoesPrevResultAndPublishesInBothFamiliesThenDelNeedsNoRuntimeConfig() {
        Out add = run("ADD", "c1", conf(MAPPINGS, PREV));
        assertEquals(0, add.exit(), add.stdout());
        assertEquals("10.88.0.5/16", add.json().getAsJsonArray("ips").get(0).getAsJsonObject().get("address").getAsString());
        for (Family f : Family.values()) {
            assertTrue(ipt.read(f, "nat").hasChain(chain("c1")), f.name());
        }
        assertEquals(List.of(io.jnet.inet.IpPrefix.literal("10.88.0.5")), localnetCalls);
        assertEquals(List.of("IPV4 [5353]", "IPV6 [5353]"), conntrackCalls);
        assertEquals(2, ipt.applied.size(), "one transaction per family");

        assertEquals(0, run("DEL", "c1", conf()).exit());
        for (Family f : Family.values()) {
            Table nat = ipt.read(f, "nat");
            assertFalse(nat.hasChain(chain("c1")));
            assertTrue(nat.rules(Chains.TOP_DNAT).isEmpty());
        }
        assertEquals(List.of("IPV4 [5353]", "IPV6 [5353]", "IPV4 [5353]", "IPV6 [5353]"), conntrackCalls,
                "DEL clears the UDP entries of what it removed, read from the rules");
        assertEquals(0, run("DEL", "c1", conf()).exit(), "a second DEL has nothing to do and succeeds");
    }

    @Test
    void aFailedIpv6TransactionRollsIpv4BackAndChangesNothing() {
        ipt.failNext(Family.IPV6, 3);
        Out add = run("ADD", "c1", conf(MAPPINGS, PREV));
        assertEquals(999, add.code(), add.stdout());
        assertFalse(ipt.read(Family.IPV4, "nat").hasChain(chain("c1")), "IPv4 rolled back");
        assertTrue(ipt.read(Family.IPV4, "nat").rules(Chains.TOP_DNAT).isEmpty());
        assertTrue(localnetCalls.isEmpty(), "route_localnet is only set once the rules are in");
        assertTrue(conntrackCalls.isEmpty());
    }

    @Test
    void aTransactionThatMetAChangedTableIsRetriedOnAFreshRead() {
        ipt.failNext(Family.IPV4, 1);
        assertEquals(0, run("ADD", "c1", conf(MAPPINGS, PREV)).exit());
        assertTrue(ipt.read(Family.IPV4, "nat").hasChain(chain("c1")));
    }

    @Test
    void chainedOnlyAndNothingToDoWithoutMappings() {
        assertEquals(7, run("ADD", "c1", conf(MAPPINGS)).code());
        Out noMappings = run("ADD", "c1", conf(PREV));
        assertEquals(0, noMappings.exit());
        assertTrue(noMappings.stdout().contains("fd88::5/64"));
        assertTrue(ipt.applied.isEmpty());
    }

    @Test
    void delSucceedsWhereIptablesIsMissingAndStatusSaysSo() {
        ipt.unavailable = "iptables-restore not found";
        assertEquals(0, run("DEL", "c1", conf()).exit());
        Out status = run("STATUS", "", "{\"cniVersion\":\"1.1.0\",\"name\":\"mynet\",\"type\":\"portmap\"}");
        assertEquals(50, status.code(), status.stdout());
        assertEquals(999, run("ADD", "c1", conf(MAPPINGS, PREV)).code());
    }

    @Test
    void checkAndGc() {
        run("ADD", "c1", conf(MAPPINGS, PREV));
        run("ADD", "c2", conf(MAPPINGS.replace("8080", "8081").replace("5353", "5354"), PREV));
        assertEquals(0, run("CHECK", "c1", conf(MAPPINGS, PREV)).exit());
        assertEquals(101, run("CHECK", "c1", conf(MAPPINGS.replace("8080", "8082"), PREV)).code());
        assertEquals(7, run("CHECK", "c1", conf(MAPPINGS)).code(), "CHECK needs prevResult");

        String gc = "{\"cniVersion\":\"1.1.0\",\"name\":\"mynet\",\"type\":\"portmap\","
                + "\"cni.dev/valid-attachments\":[{\"containerID\":\"c2\",\"ifname\":\"eth0\"}]}";
        assertEquals(0, run("GC", "", gc).exit());
        for (Family f : Family.values()) {
            assertFalse(ipt.read(f, "nat").hasChain(chain("c1")));
            assertTrue(ipt.read(f, "nat").hasChain(chain("c2")));
        }
    }

    @Test
    void aPortOfAnotherAttachmentIsRefused() {
        run("ADD", "c1", conf(MAPPINGS, PREV));
        int before = ipt.applied.size();
        Out clash = run("ADD", "c2", conf(MAPPINGS, PREV));
        assertEquals(100, clash.code());
        assertTrue(clash.json().get("details").getAsString().contains("network \"mynet\" container \"c1\""), clash.stdout());
        assertEquals(before, ipt.applied.size(), "nothing applied");
    }
}
