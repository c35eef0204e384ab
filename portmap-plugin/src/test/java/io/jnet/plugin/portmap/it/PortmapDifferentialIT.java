package io.jnet.plugin.portmap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.firewall.Table;
import io.jnet.netlink.ns.Sysctl;
import io.jnet.testing.ExecResult;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The same calls, in the same order, to jnet's portmap in one host namespace and to the reference
 * (/usr/lib/cni/portmap) in another: after every step both nat tables (IPv4 and IPv6) hold the same chains
 * with the same rules in the same order, and route_localnet is the same. Left out on purpose, because
 * jnet does better there: masqAll (the packaged reference 1.1.1 ignores it), host port conflicts (refused),
 * bad input (the reference leaves half-made rules; see PortmapErrorsIT), upper-case protocols (the reference
 * groups "TCP" apart from "tcp" into a second multiport jump; jnet lower-cases them into one), a second ADD of
 * the same attachment (the reference appends to the old rules, jnet rewrites the attachment's chain), CHECK
 * (the packaged reference's CHECK fails whenever ip6tables works: it looks for every attachment's chain, even
 * an IPv4 one's, in the IPv6 table; jnet's CHECK is tested in PortmapLifecycleIT).
 */
@KernelTest
class PortmapDifferentialIT {
    private static final Path REFERENCE = Path.of("/usr/lib/cni/portmap");

    private record Pair(PortmapLab ours, PortmapLab ref) {}

    private static Pair labs(Sandbox sb) throws Exception {
        if (!Files.isExecutable(REFERENCE)) {
            throw new AssertionError("the reference plugin is needed: apt-get install containernetworking-plugins");
        }
        PortmapLab ours = new PortmapLab(sb);
        PortmapLab ref = new PortmapLab(sb, sb.namespace("refhost"), REFERENCE.toString(), null);
        for (PortmapLab lab : List.of(ours, ref)) {
            lab.pretendContainer("a", "10.99.0.2", "fd99::2");
            lab.pretendContainer("b", "10.99.0.3", "fd99::3");
            lab.pretendContainer("c", "10.99.0.4", null);
            lab.pretendContainer("d", "10.99.0.5", "fd99::5");
            lab.pretendContainer("e", "10.99.0.6", "fd99::6");
            lab.pretendContainer("f", "10.99.0.7", "fd99::7");
        }
        return new Pair(ours, ref);
    }

    @Test
    void sameRulesAsTheReferenceStepByStep(Sandbox sb) throws Exception {
        Pair p = labs(sb);
        // externalSetMarkChain must exist before it is used, on both hosts
        for (PortmapLab lab : List.of(p.ours, p.ref)) {
            for (String cmd : List.of("iptables", "ip6tables")) {
                sb.exec(lab.host, cmd, "-t", "nat", "-N", "MY-MARK").assertOk();
            }
        }
        JsonArray forA = PortmapLab.mappings(
                8080, 80, "tcp", null,
                8081, 81, "tcp", "172.31.0.9",
                5353, 53, "udp", null,
                9000, 90, "sctp", "::",
                9001, 91, "tcp", "fd00::1",
                9002, 92, "udp", "0.0.0.0",
                9003, 93, "tcp", null);
        same(p, "ADD", "a", forA, c -> { });
        same(p, "ADD", "b", PortmapLab.mappings(7000, 70, "tcp", null, 7000, 70, "udp", null), c -> {
            c.addProperty("markMasqBit", 5);
            c.add("conditionsV4", strings("-s", "192.0.2.0/24", "!", "-i", "eth9"));
            c.add("conditionsV6", strings("!", "-s", "2001:db8::/32"));
        });
        same(p, "ADD", "c", PortmapLab.mappings(6000, 60, "tcp", null, 6001, 61, "udp", "10.99.0.1"),
                c -> c.addProperty("snat", false));
        same(p, "ADD", "d", PortmapLab.mappings(5000, 50, "tcp", null), c -> c.addProperty("externalSetMarkChain", "MY-MARK"));
        Object[] many = new Object[17 * 4];
        for (int i = 0; i < 17; i++) {
            many[4 * i] = 10000 + i;
            many[4 * i + 1] = 100 + 2 * i; // not a run: jnet writes a run of consecutive mappings as one range rule
            many[4 * i + 2] = "tcp";
        }
        same(p, "ADD", "e", PortmapLab.mappings(many), c -> { });
        same(p, "ADD", "f", PortmapLab.mappings(4000, 40, "udp", null), c -> { // an older spec version, result converted
            c.addProperty("cniVersion", "0.4.0");
            JsonObject prev = c.getAsJsonObject("prevResult");
            prev.addProperty("cniVersion", "0.4.0");
            for (JsonElement ip : prev.getAsJsonArray("ips")) { // a 0.4.0 result names each IP's version
                String address = ip.getAsJsonObject().get("address").getAsString();
                ip.getAsJsonObject().addProperty("version", address.contains(":") ? "6" : "4");
            }
        });
        same(p, "DEL", "b", PortmapLab.mappings(7000, 70, "tcp", null, 7000, 70, "udp", null), c -> c.addProperty("markMasqBit", 5));
        same(p, "DEL", "a", forA, c -> { });
        same(p, "ADD", "a", new JsonArray(), c -> { }); // no mappings: prevResult passed through, nothing changed
    }

    private static JsonArray strings(String... s) {
        JsonArray a = new JsonArray();
        for (String x : s) {
            a.add(x);
        }
        return a;
    }

    /** Runs one call on both hosts; both succeed with the same output, and leave the same nat tables. */
    private static void same(Pair p, String command, String role, JsonArray mappings, Consumer<JsonObject> tweak) throws Exception {
        JsonObject ours = p.ours.config(role, mappings);
        JsonObject ref = p.ref.config(role, mappings);
        tweak.accept(ours);
        tweak.accept(ref);
        ExecResult o = p.ours.run(command, role, ours).assertOk();
        ExecResult r = p.ref.run(command, role, ref).assertOk();
        String step = command + " " + role;
        assertEquals(normalize(r.stdout()), normalize(o.stdout()), step + ": stdout");
        for (boolean v6 : new boolean[] {false, true}) {
            assertEquals(view(p.ref.natRules(v6)), view(p.ours.natRules(v6)), step + (v6 ? ": IPv6" : ": IPv4") + " nat table");
        }
        assertEquals(Sysctl.get(p.ref.host, "net/ipv4/conf/br0/route_localnet"),
                Sysctl.get(p.ours.host, "net/ipv4/conf/br0/route_localnet"), step + ": route_localnet");
    }

    /** A result as JSON with the reference's empty {@code "dns": {}} dropped; empty output stays empty. */
    private static String normalize(String stdout) {
        if (stdout.isBlank()) {
            return "";
        }
        JsonElement e = JsonParser.parseString(stdout);
        if (e.isJsonObject() && e.getAsJsonObject().has("dns") && e.getAsJsonObject().getAsJsonObject("dns").size() == 0) {
            e.getAsJsonObject().remove("dns");
        }
        return e.toString();
    }

    /** Every chain with its rules in order, chains sorted by name. */
    private static String view(String save) {
        Table t = Table.parse("nat", save);
        TreeMap<String, List<String>> out = new TreeMap<>();
        for (String chain : t.chains()) {
            List<String> rules = new ArrayList<>();
            t.rules(chain).forEach(rule -> rules.add(rule.text()));
            out.put(chain, rules);
        }
        StringBuilder sb = new StringBuilder();
        out.forEach((c, rules) -> {
            sb.append(':').append(c).append('\n');
            rules.forEach(rule -> sb.append("-A ").append(c).append(' ').append(rule).append('\n'));
        });
        return sb.toString();
    }
}
