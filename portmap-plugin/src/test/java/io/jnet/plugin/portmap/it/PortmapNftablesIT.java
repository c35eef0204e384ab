package io.jnet.plugin.portmap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.testing.ExecResult;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * portmap with {@code "backend": "nftables"}: re-ADD, CHECK, port conflicts, DEL twice and without prevResult, GC
 * of one network only, concurrent ADDs; the state read back with the {@code nft} program.
 */
@KernelTest
class PortmapNftablesIT {

    private static PortmapLab lab(Sandbox sb) throws Exception {
        PortmapLab lab = new PortmapLab(sb);
        lab.backend = "nftables";
        lab.pretendContainer("a", "10.99.0.2", "fd99::2");
        lab.pretendContainer("b", "10.99.0.3", "fd99::3");
        lab.pretendContainer("r", "10.99.0.4", "fd99::4");
        return lab;
    }

    private static int code(ExecResult r) {
        return JsonParser.parseString(r.stdout()).getAsJsonObject().get("code").getAsInt();
    }

    /** The rule lines of {@code role}'s chain in one family's table, as nft lists them. */
    private static List<String> chainRules(PortmapLab lab, String family, String role) {
        String all = lab.sb.exec(lab.host, "nft", "list", "table", family, "jnet_hostport").assertOk().stdout();
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : all.split("\n")) {
            String l = line.strip();
            if (l.startsWith("chain dnat-")) {
                in = false;
            }
            if (l.equals("comment \"jnet portmap name=pmnet id=id-" + role + "\"")) {
                in = true;
                continue;
            }
            if (in && l.equals("}")) {
                in = false;
            }
            if (in && !l.isEmpty()) {
                out.add(l.replace(" comment \"jnet portmap name=pmnet id=id-" + role + "\"", ""));
            }
        }
        return out;
    }

    @Test
    void secondAddRewritesTheAttachmentAndCheckSeesChanges(Sandbox sb) throws Exception {
        PortmapLab lab = lab(sb);
        lab.run("ADD", "a", lab.config("a", PortmapLab.mappings(8080, 80, "tcp", null, 5353, 53, "udp", null))).assertOk();
        JsonObject second = lab.config("a", PortmapLab.mappings(9090, 90, "tcp", null));
        lab.run("ADD", "a", second).assertOk();
        assertEquals(List.of(
                "tcp dport 9090 ip saddr 10.99.0.0/24 meta mark set meta mark | 0x00002000",
                "tcp dport 9090 ip saddr 127.0.0.1 meta mark set meta mark | 0x00002000",
                "tcp dport 9090 dnat to 10.99.0.2:90"), chainRules(lab, "ip", "a"));
        assertEquals(List.of(
                "tcp dport 9090 ip6 saddr fd99::/64 meta mark set meta mark | 0x00002000",
                "tcp dport 9090 dnat to [fd99::2]:90"), chainRules(lab, "ip6", "a"));
        String ruleset = lab.nftRuleset();
        assertFalse(ruleset.contains("8080") || ruleset.contains("5353"), "the first ADD's ports are gone: " + ruleset);
        assertEquals(2, count(ruleset, "tcp . 9090"), "one element per family: " + ruleset);
        assertEquals(4, count(ruleset, "fib daddr type local jump hostports"), "once in each of prerouting and output, per family");
        lab.run("CHECK", "a", second).assertOk();
        assertEquals(101, code(lab.run("CHECK", "a", lab.config("a", PortmapLab.mappings(9091, 90, "tcp", null))).assertFailed()));
        // a rule removed behind the plugin's back
        String listing = sb.exec(lab.host, "nft", "-a", "list", "table", "ip6", "jnet_hostport").assertOk().stdout();
        Matcher m = Pattern.compile("dnat to \\[fd99::2\\]:90 .*# handle (\\d+)").matcher(listing);
        assertTrue(m.find(), listing);
        String chain = listing.substring(listing.indexOf("chain dnat-") + 6, listing.indexOf(" {", listing.indexOf("chain dnat-")));
        sb.exec(lab.host, "nft", "delete", "rule", "ip6", "jnet_hostport", chain, "handle", m.group(1)).assertOk();
        ExecResult check = lab.run("CHECK", "a", second).assertFailed();
        assertEquals(101, code(check));
        assertTrue(check.stdout().contains("IPv6"), check.stdout());
        // the chain emptied behind the plugin's back: DEL still finds the map elements that send to it
        sb.exec(lab.host, "nft", "flush", "chain", "ip6", "jnet_hostport", chain).assertOk();
        lab.run("DEL", "a", second).assertOk();
        assertEquals("", lab.nftRuleset().strip(), "the tables go with their last user");
        lab.run("DEL", "a", second).assertOk();
    }

    @Test
    void aPublishedPortIsRefusedToAnotherAttachmentAndNothingChanges(Sandbox sb) throws Exception {
        PortmapLab lab = lab(sb);
        lab.run("ADD", "a", lab.config("a", PortmapLab.mappings(8080, 80, "tcp", null, 8443, 443, "tcp", "10.99.0.1"))).assertOk();
        String before = lab.nftRuleset();
        for (JsonArray clash : List.of(
                PortmapLab.mappings(8080, 81, "tcp", null),
                PortmapLab.mappings(8080, 81, "tcp", "10.99.0.1"),
                PortmapLab.mappings(8080, 81, "tcp", "::"),
                PortmapLab.mappings(7000, 70, "udp", null, 8443, 443, "tcp", "0.0.0.0"))) {
            ExecResult r = lab.run("ADD", "b", lab.config("b", clash)).assertFailed();
            assertEquals(100, code(r), r.stdout());
            assertTrue(r.stdout().contains("already published by jnet portmap name=pmnet id=id-a"), r.stdout());
            assertEquals(before, lab.nftRuleset(), "a refused ADD changes nothing");
        }
        lab.run("ADD", "b", lab.config("b", PortmapLab.mappings(8080, 80, "udp", null, 8443, 443, "tcp", "172.31.0.1"))).assertOk();
        lab.run("ADD", "a", lab.config("a", PortmapLab.mappings(8080, 80, "tcp", null))).assertOk();
        assertEquals(7, code(lab.run("ADD", "r", lab.config("r",
                PortmapLab.mappings(6000, 60, "tcp", null, 6000, 61, "tcp", null))).assertFailed()));
        lab.run("DEL", "b", lab.config(null, null)).assertOk();
        assertFalse(lab.holds("b"), "DEL without runtimeConfig nor prevResult");
        assertTrue(lab.holds("a"));
    }

    @Test
    void gcRemovesAttachmentsNotInTheValidListOfThisNetworkOnly(Sandbox sb) throws Exception {
        PortmapLab lab = lab(sb);
        lab.run("ADD", "a", lab.config("a", PortmapLab.mappings(8080, 80, "tcp", null, 5353, 53, "udp", null))).assertOk();
        lab.run("ADD", "b", lab.config("b", PortmapLab.mappings(8081, 80, "tcp", null))).assertOk();
        JsonObject other = lab.config("r", PortmapLab.mappings(8082, 80, "tcp", null));
        other.addProperty("name", "othernet");
        lab.run("ADD", "r", other).assertOk();

        JsonObject gc = lab.config(null, null);
        gc.addProperty("cniVersion", "1.1.0");
        JsonArray valid = new JsonArray();
        JsonObject keep = new JsonObject();
        keep.addProperty("containerID", "id-b");
        keep.addProperty("ifname", "eth0");
        valid.add(keep);
        gc.add("cni.dev/valid-attachments", valid);
        lab.run("GC", "gc", gc).assertOk();

        String ruleset = lab.nftRuleset();
        assertFalse(lab.holds("a"), ruleset);
        assertTrue(lab.holds("b"), ruleset);
        assertTrue(ruleset.contains("name=othernet id=id-r"), "another network's attachment stays: " + ruleset);
        assertFalse(ruleset.contains("8080") || ruleset.contains("5353"), ruleset);
    }

    @Test
    void concurrentAddsOnAFreshHostKeepEveryAttachment(Sandbox sb) throws Exception {
        PortmapLab lab = new PortmapLab(sb);
        lab.backend = "nftables";
        List<String> roles = List.of("j0", "j1", "j2", "j3", "j4", "j5");
        Map<String, ExecResult> results = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < roles.size(); i++) {
            String role = roles.get(i);
            lab.pretendContainer(role, "10.99.0." + (10 + i), "fd99::" + (10 + i));
            JsonObject conf = lab.config(role, PortmapLab.mappings(7000 + i, 80, "tcp", null, 7100 + i, 53, "udp", null));
            threads.add(new Thread(() -> results.put(role, lab.run("ADD", role, conf))));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        String ruleset = lab.nftRuleset();
        for (int i = 0; i < roles.size(); i++) {
            results.get(roles.get(i)).assertOk();
            assertEquals(3, chainRules(lab, "ip", roles.get(i)).size() / 2, roles.get(i) + ": " + ruleset);
            assertEquals(2, count(ruleset, "tcp . " + (7000 + i) + " comment"), ruleset);
        }
        for (String role : roles) {
            lab.run("DEL", role, lab.config(null, null)).assertOk();
        }
        assertEquals("", lab.nftRuleset().strip());
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
