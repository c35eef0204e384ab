package io.jnet.plugin.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.cni.skel.PluginMain;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin through the real skeleton, without processes. */
class HostLocalPluginTest {
    @TempDir
    Path tmp;

    record Out(int exit, String stdout) {
        JsonObject json() {
            return JsonParser.parseString(stdout).getAsJsonObject();
        }

        int code() {
            assertEquals(1, exit, stdout);
            return json().get("code").getAsInt();
        }

        List<String> addresses() {
            assertEquals(0, exit, stdout);
            return json().getAsJsonArray("ips").asList().stream()
                    .map(e -> e.getAsJsonObject().get("address").getAsString()).toList();
        }
    }

    Out run(String cmd, String id, String ifname, String config, String cniArgs) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", cmd);
        env.put("CNI_CONTAINERID", id);
        env.put("CNI_IFNAME", ifname);
        env.put("CNI_NETNS", "/var/run/netns/x");
        env.put("CNI_PATH", "/nonexistent");
        env.put("CNI_ARGS", cniArgs);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = PluginMain.run(new HostLocalPlugin(), env, new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return new Out(exit, out.toString(StandardCharsets.UTF_8));
    }

    Out run(String cmd, String id, String config) {
        return run(cmd, id, "eth0", config, "");
    }

    String conf(String ipamBody) {
        return "{\"cniVersion\":\"1.1.0\",\"name\":\"net\",\"type\":\"x\",\"ipam\":{\"type\":\"host-local\",\"dataDir\":\""
                + tmp.resolve("data") + "\"," + ipamBody + "}}";
    }

    Set<String> files() throws Exception {
        try (Stream<Path> s = Files.list(tmp.resolve("data/net"))) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void addIsRoundRobinAndDelIsIdempotent() throws Exception {
        String c = conf("\"subnet\":\"10.1.0.0/29\",\"routes\":[{\"dst\":\"0.0.0.0/0\"}]");
        Out a = run("ADD", "c1", c);
        assertEquals(List.of("10.1.0.2/29"), a.addresses());
        assertEquals("10.1.0.1", a.json().getAsJsonArray("ips").get(0).getAsJsonObject().get("gateway").getAsString());
        assertEquals("0.0.0.0/0", a.json().getAsJsonArray("routes").get(0).getAsJsonObject().get("dst").getAsString());
        assertEquals(List.of("10.1.0.3/29"), run("ADD", "c2", c).addresses());
        assertEquals(0, run("DEL", "c1", c).exit());
        assertEquals(0, run("DEL", "c1", c).exit());
        assertEquals(0, run("DEL", "never-added", c).exit());
        // Round-robin: the freed .2 comes back only after the rest of the range.
        assertEquals(List.of("10.1.0.4/29"), run("ADD", "c3", c).addresses());
        assertEquals(Set.of("lock", "last_reserved_ip.0", "10.1.0.3", "10.1.0.4"), files());
    }

    @Test
    void exhaustionDuplicatesAndRequestedIps() throws Exception {
        String c = conf("\"subnet\":\"10.1.0.0/30\"");
        assertEquals(List.of("10.1.0.2/30"), run("ADD", "c1", c).addresses());
        assertEquals(101, run("ADD", "c1", c).code());
        assertEquals(100, run("ADD", "c2", c).code());
        String wide = conf("\"subnet\":\"10.1.0.0/24\"");
        assertEquals(List.of("10.1.0.77/24"), run("ADD", "c5", "eth0", wide, "IP=10.1.0.77").addresses());
        assertEquals(102, run("ADD", "c6", "eth0", wide, "IP=10.1.0.77").code());
        assertEquals(102, run("ADD", "c6", "eth0", wide, "IP=10.1.0.1").code(), "the gateway");
        assertEquals(102, run("ADD", "c6", "eth0", wide, "IP=10.2.0.1").code(), "outside every range set");
        assertEquals(Set.of("lock", "last_reserved_ip.0", "10.1.0.2", "10.1.0.77"), files());
    }

    @Test
    void aFailingSecondRangeSetRollsBackTheFirst() throws Exception {
        String c = conf("\"ranges\":[[{\"subnet\":\"10.1.0.0/24\"}],[{\"subnet\":\"fd00::/126\"}]]");
        assertEquals(List.of("10.1.0.2/24", "fd00::2/126"), run("ADD", "c1", c).addresses());
        assertEquals(List.of("10.1.0.3/24", "fd00::3/126"), run("ADD", "c2", c).addresses());
        assertEquals(100, run("ADD", "c3", c).code());
        assertEquals(Set.of("lock", "last_reserved_ip.0", "last_reserved_ip.1", "10.1.0.2", "10.1.0.3", "fd00::2", "fd00::3"), files());
        // A second ADD of a known attachment fails on the duplicate and must not free what it held before.
        assertEquals(101, run("ADD", "c1", c).code());
        assertTrue(files().contains("10.1.0.2"));
    }

    @Test
    void checkFindsTheReservationAndPrevResultAddresses() {
        String c = conf("\"subnet\":\"10.1.0.0/24\"");
        run("ADD", "c1", c);
        assertEquals(0, run("CHECK", "c1", c).exit());
        assertEquals(103, run("CHECK", "c2", c).code());
        String withPrev = c.substring(0, c.length() - 1)
                + ",\"prevResult\":{\"cniVersion\":\"1.1.0\",\"ips\":[{\"address\":\"10.1.0.9/24\"}]}}";
        assertEquals(103, run("CHECK", "c1", withPrev).code());
        assertEquals(0, run("CHECK", "c1", withPrev.replace("10.1.0.9", "10.1.0.2")).exit());
    }

    @Test
    void gcReleasesEverythingNotValid() throws Exception {
        String c = conf("\"subnet\":\"10.1.0.0/24\"");
        run("ADD", "c1", c);
        run("ADD", "c2", c);
        run("ADD", "c3", "eth1", c, "");
        Files.writeString(tmp.resolve("data/net/10.1.0.50"), "old");
        Files.writeString(tmp.resolve("data/net/10.1.0.51"), "c2");
        Files.createDirectory(tmp.resolve("data/net/10.1.0.52"));
        String gc = c.substring(0, c.length() - 1)
                + ",\"cni.dev/valid-attachments\":[{\"containerID\":\"c2\",\"ifname\":\"eth0\"},{\"containerID\":\"c3\",\"ifname\":\"eth0\"}]}";
        assertEquals(0, run("GC", "", "", gc, "").exit());
        assertEquals(Set.of("lock", "last_reserved_ip.0", "10.1.0.3", "10.1.0.51", "10.1.0.52"), files());
    }

    @Test
    void statusIs50WhenExhaustedOrUnusable() throws Exception {
        String c = conf("\"subnet\":\"10.1.0.0/30\"");
        assertEquals(0, run("STATUS", "", "", c, "").exit());
        run("ADD", "c1", c);
        assertEquals(50, run("STATUS", "", "", c, "").code());
        Files.writeString(tmp.resolve("file"), "x");
        String broken = c.replace(tmp.resolve("data").toString(), tmp.resolve("file").toString());
        assertEquals(50, run("STATUS", "", "", broken, "").code());
        assertEquals(5, run("ADD", "c1", "eth0", broken, "").code());
    }

    @Test
    void dnsComesFromResolvConf() throws Exception {
        Path rc = Files.writeString(tmp.resolve("resolv.conf"),
                "# comment\nnameserver 10.0.0.53\nnameserver fd00::53\ndomain example.org\nsearch a.org b.org\noptions ndots:2 edns0\nbogus\n");
        Out a = run("ADD", "c1", conf("\"subnet\":\"10.1.0.0/24\",\"resolvConf\":\"" + rc + "\""));
        JsonObject dns = a.json().getAsJsonObject("dns");
        assertEquals("[\"10.0.0.53\",\"fd00::53\"]", dns.get("nameservers").toString());
        assertEquals("example.org", dns.get("domain").getAsString());
        assertEquals("[\"a.org\",\"b.org\"]", dns.get("search").toString());
        assertEquals("[\"ndots:2\",\"edns0\"]", dns.get("options").toString());
    }

    @Test
    void invalidConfigChangesNothing() throws Exception {
        assertEquals(7, run("ADD", "c1", conf("\"subnet\":\"10.1.0.0/31\"")).code());
        assertEquals(7, run("DEL", "c1", conf("\"subnet\":\"10.1.0.5/24\"")).code());
        assertTrue(Files.notExists(tmp.resolve("data")));
        assertNotEquals(0, run("ADD", "../c1", conf("\"subnet\":\"10.1.0.0/24\"")).exit());
        String escape = conf("\"subnet\":\"10.1.0.0/24\"").replace("\"name\":\"net\"", "\"name\":\"..\"");
        assertEquals(7, run("ADD", "c1", escape).code());
        assertTrue(Files.notExists(tmp.resolve("data")));
    }
}
