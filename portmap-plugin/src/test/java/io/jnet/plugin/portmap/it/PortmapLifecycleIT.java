package io.jnet.plugin.portmap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.firewall.Table;
import io.jnet.firewall.iptables.Chains;
import io.jnet.testing.ExecResult;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Re-ADD, CHECK, port conflicts (with jnet and with reference attachments), GC, on real iptables. */
@KernelTest
class PortmapLifecycleIT {

    private static PortmapLab lab(Sandbox sb) throws Exception {
        PortmapLab lab = new PortmapLab(sb);
        lab.pretendContainer("a", "10.99.0.2", "fd99::2");
        lab.pretendContainer("b", "10.99.0.3", "fd99::3");
        lab.pretendContainer("r", "10.99.0.4", "fd99::4");
        return lab;
    }

    private static String chain(String role) {
        return Chains.dnatChain(PortmapLab.NETWORK, "id-" + role);
    }

    private static int code(ExecResult r) {
        return JsonParser.parseString(r.stdout()).getAsJsonObject().get("code").getAsInt();
    }

    @Test
    void secondAddRewritesTheAttachmentAndCheckSeesChanges(Sandbox sb) throws Exception {
        PortmapLab lab = lab(sb);
        lab.run("ADD", "a", lab.config("a", PortmapLab.mappings(8080, 80, "tcp", null, 5353, 53, "udp", null))).assertOk();
        JsonObject second = lab.config("a", PortmapLab.mappings(9090, 90, "tcp", null));
        lab.run("ADD", "a", second).assertOk();
        for (boolean v6 : new boolean[] {false, true}) {
            Table nat = Table.parse("nat", lab.natRules(v6));
            assertEquals(2, nat.rules(chain("a")).size() - (v6 ? 0 : 1), nat.rules(chain("a")).toString());
            assertTrue(nat.rules(chain("a")).stream().allMatch(r -> r.args().contains("9090")), nat.rules(chain("a")).toString());
            assertEquals(1, nat.rules(Chains.TOP_DNAT).size(), "the old jumps are gone: " + nat.rules(Chains.TOP_DNAT));
            assertEquals(1, nat.rules("PREROUTING").size(), "shared jumps are made once");
            assertEquals(1, nat.rules("POSTROUTING").size(), "shared jumps are made once");
        }
        lab.run("CHECK", "a", second).assertOk();
        assertEquals(101, code(lab.run("CHECK", "a", lab.config("a", PortmapLab.mappings(9091, 90, "tcp", null))).assertFailed()));
        // a rule removed behind the plugin's back
        sb.exec(lab.host, "ip6tables", "-t", "nat", "-D", chain("a"), "-p", "tcp", "-m", "tcp", "--dport", "9090",
                "-j", "DNAT", "--to-destination", "[fd99::2]:90").assertOk();
        ExecResult check = lab.run("CHECK", "a", second).assertFailed();
        assertEquals(101, code(check));
        assertTrue(check.stdout().contains("IPv6"), check.stdout());
        lab.run("DEL", "a", second).assertOk();
        assertFalse(lab.natRules(false).contains("id-a"));
        assertFalse(lab.natRules(true).contains("id-a"));
    }

    @Test
    void aPublishedPortIsRefusedToAnotherAttachmentAndNothingChanges(Sandbox sb) throws Exception {
        PortmapLab lab = lab(sb);
        lab.run("ADD", "a", lab.config("a", PortmapLab.mappings(8080, 80, "tcp", null, 8443, 443, "tcp", "10.99.0.1"))).assertOk();
        String v4 = lab.natRules(false);
        String v6 = lab.natRules(true);
        for (JsonArray clash : List.of(
                PortmapLab.mappings(8080, 81, "tcp", null),
                PortmapLab.mappings(8080, 81, "tcp", "10.99.0.1"),
                PortmapLab.mappings(8080, 81, "tcp", "::"),
                PortmapLab.mappings(7000, 70, "udp", null, 8443, 443, "tcp", "0.0.0.0"))) {
            ExecResult r = lab.run("ADD", "b", lab.config("b", clash)).assertFailed();
            assertEquals(100, code(r), r.stdout());
            assertTrue(r.stdout().contains("already published by network \\\"pmnet\\\" container \\\"id-a\\\""), r.stdout());
            assertEquals(strip(v4), strip(lab.natRules(false)), "a refused ADD changes nothing");
            assertEquals(strip(v6), strip(lab.natRules(true)), "a refused ADD changes nothing");
        }
        // other protocol, other host address of the same port, or the same attachment again: fine
        lab.run("ADD", "b", lab.config("b", PortmapLab.mappings(8080, 80, "udp", null, 8443, 443, "tcp", "172.31.0.1"))).assertOk();
        lab.run("ADD", "a", lab.config("a", PortmapLab.mappings(8080, 80, "tcp", null))).assertOk();
        // two mappings of one request taking the same port: code 7
        assertEquals(7, code(lab.run("ADD", "r", lab.config("r",
                PortmapLab.mappings(6000, 60, "tcp", null, 6000, 61, "tcp", null))).assertFailed()));
    }

    @Test
    void referenceAndJnetAttachmentsShareOneHost(Sandbox sb) throws Exception {
        PortmapLab lab = lab(sb);
        PortmapLab ref = new PortmapLab(sb, lab.host, "/usr/lib/cni/portmap", null, lab);
        ref.run("ADD", "r", ref.config("r", PortmapLab.mappings(9090, 90, "tcp", null))).assertOk();
        ExecResult refused = lab.run("ADD", "a", lab.config("a", PortmapLab.mappings(9090, 80, "tcp", null))).assertFailed();
        assertEquals(100, code(refused), "a port the reference published is seen: " + refused.stdout());
        lab.run("ADD", "a", lab.config("a", PortmapLab.mappings(9091, 80, "tcp", null))).assertOk();
        // jnet removes the reference's attachment by its identity, without runtimeConfig
        lab.run("DEL", "r", lab.config(null, null)).assertOk();
        assertFalse(lab.natRules(false).contains("id-r"));
        assertFalse(lab.natRules(true).contains("id-r"));
        // and the reference removes jnet's
        ref.run("DEL", "a", ref.config("a", PortmapLab.mappings(9091, 80, "tcp", null))).assertOk();
        for (boolean v6 : new boolean[] {false, true}) {
            Table nat = Table.parse("nat", lab.natRules(v6));
            assertFalse(nat.hasChain(chain("a")));
            assertTrue(nat.rules(Chains.TOP_DNAT).isEmpty(), nat.rules(Chains.TOP_DNAT).toString());
            assertEquals(1, nat.rules("OUTPUT").size(), "one shared jump, not one per plugin: " + nat.rules("OUTPUT"));
        }
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

        for (boolean v6 : new boolean[] {false, true}) {
            String nat = lab.natRules(v6);
            assertFalse(nat.contains(chain("a")), nat);
            assertTrue(nat.contains(chain("b")), nat);
            assertTrue(nat.contains(Chains.dnatChain("othernet", "id-r")), "another network's attachment stays: " + nat);
        }
    }

    @Test
    void concurrentAddsOnAFreshHostKeepEveryAttachment(Sandbox sb) throws Exception {
        PortmapLab lab = new PortmapLab(sb);
        PortmapLab ref = new PortmapLab(sb, lab.host, "/usr/lib/cni/portmap", null, lab);
        List<String> roles = List.of("j0", "j1", "j2", "j3", "r0", "r1");
        for (int i = 0; i < roles.size(); i++) {
            lab.pretendContainer(roles.get(i), "10.99.0." + (10 + i), "fd99::" + (10 + i));
            ref.pretendContainer(roles.get(i), "10.99.0." + (10 + i), "fd99::" + (10 + i));
        }
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.Map<String, ExecResult> results = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Map<String, JsonObject> confs = new java.util.HashMap<>();
        for (int i = 0; i < roles.size(); i++) {
            String role = roles.get(i);
            PortmapLab who = role.startsWith("j") ? lab : ref;
            JsonObject conf = who.config(role, PortmapLab.mappings(7000 + i, 80, "tcp", null, 7100 + i, 53, "udp", null));
            confs.put(role, conf);
            threads.add(new Thread(() -> results.put(role, who.run("ADD", role, conf))));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        for (String role : roles) {
            ExecResult r = results.get(role);
            // The reference checks for a shared chain, then creates it: when another plugin creates it in between,
            // its "-N" fails with EEXIST (its own race, not ours). A runtime retries such an ADD; so do we, once.
            if (role.startsWith("r") && r.exitCode() != 0 && r.stdout().contains("File exists")) {
                r = ref.run("ADD", role, confs.get(role));
            }
            r.assertOk();
        }
        for (boolean v6 : new boolean[] {false, true}) {
            Table nat = Table.parse("nat", lab.natRules(v6));
            for (String role : roles) {
                assertEquals(2, nat.rules(Chains.TOP_DNAT).stream()
                        .filter(r -> r.args().contains(chain(role))).count(), role + " keeps its jumps: " + nat.rules(Chains.TOP_DNAT));
                assertEquals(v6 ? 4 : 6, nat.rules(chain(role)).size(), role + ": " + nat.rules(chain(role)));
            }
            assertTrue(nat.rules("POSTROUTING").size() >= 1 && nat.rules("OUTPUT").size() >= 1);
        }
        for (String role : roles) {
            lab.run("DEL", role, lab.config(null, null)).assertOk();
        }
        for (boolean v6 : new boolean[] {false, true}) {
            assertTrue(Table.parse("nat", lab.natRules(v6)).rules(Chains.TOP_DNAT).isEmpty());
        }
    }

    /** iptables-save output without its comment lines (they carry a timestamp). */
    private static String strip(String save) {
        StringBuilder sb = new StringBuilder();
        for (String l : save.split("\n")) {
            if (!l.startsWith("#")) {
                sb.append(l).append('\n');
            }
        }
        return sb.toString();
    }
}
