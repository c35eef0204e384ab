package io.jnet.reliability;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.ExecResult;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad input over bridge, host-local, portmap and firewall, each run as a real process on a host that already
 * has a live attachment (c0: bridge + portmap + firewall). Every case must end in a well-formed CNI error on
 * stdout with the expected code and a non-zero exit, and leave links (host, c0, c1), iptables nat/filter and
 * every file under the data dirs exactly as they were. Where the reference plugin fails early on the same
 * input, it is run too and its code printed next to ours.
 */
@KernelTest
class BadInputIT {
    static final Tally TALLY = new Tally("bad input (plugins)");
    static final Map<String, String> REFERENCE_CODES = new TreeMap<>();
    static final String NET = "relnet";

    static final Set<Integer> DECODE = Set.of(6);
    static final Set<Integer> DECODE_OR_CONFIG = Set.of(6, 7);
    static final Set<Integer> CONFIG = Set.of(7);
    static final Set<Integer> VERSION = Set.of(1);
    static final Set<Integer> ENV = Set.of(4);
    static final Set<Integer> UNSUPPORTED_OR_CONFIG = Set.of(2, 7);
    static final Set<Integer> IO_OR_CONFIG = Set.of(5, 7);
    /** No error at all: exit 0, nothing on stdout (the about text goes to stderr). */
    static final Set<Integer> ABOUT = Set.of();

    record Case(String kind, String name, String plugin, Map<String, String> env, byte[] stdin, Set<Integer> codes, boolean reference) {}

    @AfterAll
    static void summary() {
        TALLY.print();
        StringBuilder b = new StringBuilder("[reliability] reference codes for the same input (jnet/reference):");
        REFERENCE_CODES.forEach((k, v) -> b.append("\n  ").append(k).append(": ").append(v));
        System.out.println(b);
    }

    @TestFactory
    Stream<DynamicTest> pluginsRefuseBadInputAndChangeNothing(Sandbox sb) throws Exception {
        Plugins p = new Plugins(sb);
        Path data = sb.tempDir();
        Path odd = sb.tempDir();
        Path regularFile = Files.writeString(odd.resolve("a-file"), "not a directory");
        NetNs c0 = sb.container("c0");
        NetNs c1 = sb.container("c1");

        // the live attachment every case must leave alone
        JsonObject bridge = Configs.bridge(NET, "br-rel", data, "10.88.0.0/24");
        ExecResult added = p.add("bridge", "c0", c0, "eth0", bridge.toString()).assertOk();
        JsonObject result = JsonParser.parseString(added.stdout()).getAsJsonObject();
        JsonObject portmap = Configs.portmap(NET, 8080, result);
        p.add("portmap", "c0", c0, "eth0", portmap.toString()).assertOk();
        JsonObject firewall = Configs.firewall(NET, result);
        p.add("firewall", "c0", c0, "eth0", firewall.toString()).assertOk();
        JsonObject ipam = Configs.hostLocal(NET, data, "10.88.0.0/24");

        List<Case> cases = new ArrayList<>();
        Map<String, JsonObject> good = Map.of("bridge", bridge, "host-local", ipam, "portmap", Configs.portmap(NET, 8081, result),
                "firewall", firewall);
        Env env = new Env(p, c1);

        // malformed and truncated JSON
        for (String plugin : List.of("bridge", "host-local", "portmap", "firewall")) {
            String text = good.get(plugin).toString();
            cases.add(new Case("malformed JSON", plugin + " ADD cut at " + text.length() / 2 + " of " + text.length(), plugin,
                    env.add(), bytes(text.substring(0, text.length() / 2)), DECODE, true));
            cases.add(new Case("malformed JSON", plugin + " ADD of empty stdin", plugin, env.add(), new byte[0], DECODE, true));
        }
        cases.add(new Case("malformed JSON", "host-local ADD of garbage", "host-local", env.add(), bytes("cniVersion=1.0.0 name=x"), DECODE, true));
        String text = bridge.toString();
        cases.add(new Case("malformed JSON", "bridge ADD cut one byte short", "bridge", env.add(), bytes(text.substring(0, text.length() - 1)),
                DECODE, true));
        cases.add(new Case("malformed JSON", "bridge ADD of a JSON array", "bridge", env.add(), bytes("[" + text + "]"), DECODE, true));
        cases.add(new Case("malformed JSON", "bridge DEL cut at 40", "bridge", env.del(), bytes(text.substring(0, 40)), DECODE, true));

        // wrong types
        String[][] wrongTypes = {
            {"bridge", "name", "42"}, {"bridge", "mtu", "\"big\""}, {"bridge", "ipam", "\"host-local\""},
            {"host-local", "ipam.ranges", "\"10.88.0.0/24\""}, {"host-local", "ipam.dataDir", "7"},
            {"portmap", "runtimeConfig.portMappings.0.hostPort", "\"80x\""}, {"portmap", "markMasqBit", "\"13\""},
            {"firewall", "prevResult", "\"eth0\""},
        };
        for (String[] w : wrongTypes) {
            cases.add(new Case("wrong types", w[0] + " " + w[1] + "=" + w[2], w[0], env.add(),
                    bytes(Configs.with(good.get(w[0]), w[1], w[2]).toString()), DECODE_OR_CONFIG, false));
        }

        // missing keys, and unknown values of known keys (unknown keys themselves are passed through by CNI)
        String[][] missing = {
            {"bridge", "name"}, {"bridge", "ipam.ranges"}, {"host-local", "name"}, {"host-local", "ipam.ranges"}, {"host-local", "ipam"},
            {"portmap", "prevResult"}, {"firewall", "prevResult"}, {"firewall", "name"},
        };
        for (String[] m : missing) {
            cases.add(new Case("missing keys", m[0] + " without " + m[1], m[0], env.add(),
                    bytes(Configs.with(good.get(m[0]), m[1], (String) null).toString()), CONFIG, false));
        }
        String[][] unknownValues = {
            {"bridge", "ipMasqBackend", "\"pf\""}, {"bridge", "ipam.type", "\"no-such-ipam\""}, {"portmap", "backend", "\"pf\""},
            {"portmap", "runtimeConfig.portMappings.0.protocol", "\"icmp\""}, {"firewall", "backend", "\"pf\""},
            {"firewall", "ingressPolicy", "\"closed\""},
        };
        for (String[] u : unknownValues) {
            cases.add(new Case("unknown values", u[0] + " " + u[1] + "=" + u[2], u[0], env.add(),
                    bytes(Configs.with(good.get(u[0]), u[1], u[2]).toString()), Set.of(2, 5, 7), false));
        }

        // bad CIDRs and ranges (host-local directly, and through bridge for a few)
        String[][] ranges = {
            {"ipam.ranges.0.0.subnet", "\"10.88.0.0/33\""}, {"ipam.ranges.0.0.subnet", "\"300.1.1.0/24\""},
            {"ipam.ranges.0.0.subnet", "\"10.88.0.0/31\""}, {"ipam.ranges.0.0.rangeStart", "\"10.99.0.5\""},
            {"ipam.ranges.0", "[{\"subnet\":\"10.88.0.0/24\"},{\"subnet\":\"fd88::/64\"}]"},
            {"ipam.ranges", "[[{\"subnet\":\"10.88.0.0/24\"}],[{\"subnet\":\"10.88.0.0/25\"}]]"},
            {"ipam.routes", "[{\"dst\":\"0.0.0.0/99\"}]"},
        };
        for (String[] r : ranges) {
            cases.add(new Case("bad CIDRs and ranges", "host-local " + r[0] + "=" + r[1], "host-local", env.add(),
                    bytes(Configs.with(ipam, r[0], r[1]).toString()), DECODE_OR_CONFIG, false));
        }
        cases.add(new Case("bad CIDRs and ranges", "bridge with rangeStart after rangeEnd", "bridge", env.add(),
                bytes(Configs.with(Configs.with(bridge, "ipam.ranges.0.0.rangeStart", "\"10.88.0.200\""), "ipam.ranges.0.0.rangeEnd",
                        "\"10.88.0.100\"").toString()), DECODE_OR_CONFIG, false));
        cases.add(new Case("bad CIDRs and ranges", "bridge with host bits in the subnet", "bridge", env.add(),
                bytes(Configs.with(bridge, "ipam.ranges.0.0.subnet", "\"10.88.0.7/24\"").toString()), DECODE_OR_CONFIG, false));

        // unsupported versions
        for (String plugin : List.of("bridge", "host-local", "portmap", "firewall")) {
            cases.add(new Case("unsupported versions", plugin + " ADD cniVersion 9.9.9", plugin, env.add(),
                    bytes(Configs.with(good.get(plugin), "cniVersion", "\"9.9.9\"").toString()), VERSION, true));
        }
        cases.add(new Case("unsupported versions", "bridge ADD cniVersion 1.0", "bridge", env.add(),
                bytes(Configs.with(bridge, "cniVersion", "\"1.0\"").toString()), VERSION, true));
        cases.add(new Case("unsupported versions", "bridge CHECK at 0.3.1", "bridge", env.of("CHECK"),
                bytes(Configs.with(bridge, "cniVersion", "\"0.3.1\"").toString()), VERSION, true));
        cases.add(new Case("unsupported versions", "bridge GC at 1.0.0", "bridge", env.gc(),
                bytes(Configs.with(bridge, "cni.dev/valid-attachments", "[]").toString()), VERSION, false));
        cases.add(new Case("unsupported versions", "host-local STATUS at 0.4.0", "host-local", env.status(),
                bytes(Configs.with(ipam, "cniVersion", "\"0.4.0\"").toString()), VERSION, false));

        // missing or invalid CNI_* variables
        for (String var : List.of("CNI_CONTAINERID", "CNI_IFNAME", "CNI_NETNS")) {
            Map<String, String> e = env.add();
            e.remove(var);
            cases.add(new Case("missing or invalid CNI_* env", "bridge ADD without " + var, "bridge", e, bytes(text), ENV, true));
        }
        for (String plugin : List.of("bridge", "host-local", "portmap", "firewall")) {
            byte[] in = bytes(good.get(plugin).toString());
            Map<String, String> e = env.add();
            e.put("CNI_COMMAND", "DESTROY");
            cases.add(new Case("missing or invalid CNI_* env", plugin + " CNI_COMMAND=DESTROY", plugin, e, in, ENV, true));
            if (!plugin.equals("bridge")) {
                Map<String, String> noId = env.add();
                noId.remove("CNI_CONTAINERID");
                cases.add(new Case("missing or invalid CNI_* env", plugin + " ADD without CNI_CONTAINERID", plugin, noId, in, ENV, true));
            }
        }
        for (String plugin : List.of("bridge", "host-local")) {
            // CNI's skeleton answers a call without CNI_COMMAND with its "about" text on stderr and exit 0, like the reference
            Map<String, String> e = env.add();
            e.remove("CNI_COMMAND");
            cases.add(new Case("missing or invalid CNI_* env", plugin + " without CNI_COMMAND prints only its about text", plugin, e,
                    bytes(good.get(plugin).toString()), ABOUT, true));
        }
        Map<String, String> lower = env.add();
        lower.put("CNI_COMMAND", "add");
        cases.add(new Case("missing or invalid CNI_* env", "bridge CNI_COMMAND=add (lower case)", "bridge", lower, bytes(text), ENV, true));
        Map<String, String> delNoId = env.del();
        delNoId.remove("CNI_CONTAINERID");
        cases.add(new Case("missing or invalid CNI_* env", "bridge DEL without CNI_CONTAINERID", "bridge", delNoId, bytes(text), ENV, true));

        // overlong or hostile interface names
        for (String ifname : List.of("abcdefghijklmnop", "..", "eth/0", "eth\n0")) {
            Map<String, String> e = env.add();
            e.put("CNI_IFNAME", ifname);
            cases.add(new Case("hostile ifnames", "bridge ADD ifname " + printable(ifname), "bridge", e, bytes(text), ENV, true));
        }
        Map<String, String> taken = env.add();
        taken.put("CNI_NETNS", c0.path().toString()); // c0 already has an eth0
        cases.add(new Case("hostile ifnames", "bridge ADD of an ifname that exists in the netns", "bridge", taken,
                bytes(text), withPluginCodes(Set.of(4, 5, 7, 999)), false));

        // container IDs and network names with .., /, NUL, newlines (NUL cannot be put into an environment variable)
        for (String id : List.of("../c0", "a/b", "a\nb", "-rf", "$(id)")) {
            Map<String, String> e = env.add();
            e.put("CNI_CONTAINERID", id);
            cases.add(new Case("hostile container IDs", "bridge ADD id " + printable(id), "bridge", e, bytes(text), ENV, true));
        }
        for (String id : List.of("../c0", "c0\n")) {
            Map<String, String> e = env.del();
            e.put("CNI_CONTAINERID", id);
            cases.add(new Case("hostile container IDs", "host-local DEL id " + printable(id), "host-local", e, bytes(ipam.toString()), ENV, true));
        }
        String[][] names = {
            {"host-local", ".."}, {"host-local", "../" + NET}, {"host-local", NET + "\u0000x"}, {"host-local", "rel\nnet"},
            {"bridge", "a/b"}, {"portmap", "a\nb"}, {"firewall", "../x"},
        };
        for (String[] n : names) {
            cases.add(new Case("hostile network names", n[0] + " ADD name " + printable(n[1]), n[0], env.add(),
                    bytes(Configs.with(good.get(n[0]), "name", JsonParser.parseString(quote(n[1]))).toString()), CONFIG, false));
        }

        // a netns path that is not a network namespace
        for (String netns : List.of(regularFile.toString(), odd.toString(), "/nonexistent/netns", "/proc/self/ns/mnt")) {
            Map<String, String> e = env.add();
            e.put("CNI_NETNS", netns);
            cases.add(new Case("netns not a namespace", "bridge ADD netns " + netns, "bridge", e, bytes(text),
                    withPluginCodes(Set.of(4, 5, 7, 999)), false));
        }

        // a dataDir pointing somewhere odd
        for (String dir : List.of(regularFile.toString(), regularFile + "/below", "/proc/sys/net")) {
            cases.add(new Case("odd dataDir", "host-local dataDir " + dir, "host-local", env.add(),
                    bytes(Configs.with(ipam, "ipam.dataDir", quote(dir)).toString()), IO_OR_CONFIG, false));
            cases.add(new Case("odd dataDir", "bridge dataDir " + dir + " (rolls back the veth)", "bridge", env.add(),
                    bytes(Configs.with(bridge, "ipam.dataDir", quote(dir)).toString()), IO_OR_CONFIG, false));
        }

        // a prevResult that does not match what is there
        JsonObject otherIp = Configs.with(result, "ips.0.address", "\"10.88.0.250/24\"");
        Set<Integer> mismatch = withPluginCodes(Set.of(3, 5, 7, 999));
        cases.add(new Case("prevResult mismatch", "bridge CHECK with another address", "bridge", env.check(c0),
                bytes(Configs.with(bridge, "prevResult", otherIp).toString()), mismatch, false));
        cases.add(new Case("prevResult mismatch", "host-local CHECK with an address not reserved", "host-local", env.check(c0),
                bytes(Configs.with(ipam, "prevResult", otherIp).toString()), mismatch, false));
        cases.add(new Case("prevResult mismatch", "portmap CHECK with another address", "portmap", env.check(c0),
                bytes(Configs.with(portmap, "prevResult", otherIp).toString()), mismatch, false));
        cases.add(new Case("prevResult mismatch", "firewall CHECK with another address", "firewall", env.check(c0),
                bytes(Configs.with(firewall, "prevResult", otherIp).toString()), mismatch, false));
        cases.add(new Case("prevResult mismatch", "portmap ADD with prevResult ips as a string", "portmap", env.add(),
                bytes(Configs.with(good.get("portmap"), "prevResult.ips", "\"10.88.0.2/24\"").toString()), DECODE_OR_CONFIG, false));

        // a bad valid-attachments list must never be read as "nothing is valid"
        for (String plugin : List.of("bridge", "host-local", "portmap", "firewall")) {
            JsonObject gc = Configs.with(good.get(plugin), "cniVersion", "\"1.1.0\"");
            gc.remove("prevResult");
            for (String valid : List.of(plugin.equals("bridge") || plugin.equals("host-local") ? "\"c0\"" : "[{\"ifname\":\"eth0\"}]")) {
                cases.add(new Case("bad GC lists", plugin + " GC valid-attachments " + valid, plugin, env.gc(),
                        bytes(Configs.with(gc, "cni.dev/valid-attachments", valid).toString()), DECODE_OR_CONFIG, false));
            }
        }

        List<NetNs> watched = List.of(c0, c1);
        List<Path> dirs = List.of(data, odd);
        DynamicTest survivor = dynamicTest("the live attachment c0 passes CHECK after every case, then DEL removes it", () -> {
            String withPrev = Configs.with(bridge, "prevResult", result).toString();
            p.check("bridge", "c0", c0, "eth0", withPrev).assertOk();
            p.check("portmap", "c0", c0, "eth0", portmap.toString()).assertOk();
            p.check("firewall", "c0", c0, "eth0", firewall.toString()).assertOk();
            p.del("firewall", "c0", c0.path().toString(), "eth0", firewall.toString()).assertOk();
            p.del("portmap", "c0", c0.path().toString(), "eth0", portmap.toString()).assertOk();
            p.del("bridge", "c0", c0.path().toString(), "eth0", withPrev).assertOk();
        });
        // Every case must leave the host as it found it. The state after one case is the state before the next,
        // so one snapshot per case is enough; a case that changed something fails and the next is judged from there.
        HostState[] state = {HostState.of(sb, p.host, watched, dirs)};
        return Stream.concat(cases.stream().map(c -> dynamicTest("[" + c.kind + "] " + c.name, () -> TALLY.count(c.kind, "[" + c.kind + "] " + c.name, () -> {
            ExecResult r = p.run(c.plugin, c.env, c.stdin);
            // the state after this case is the state before the next, whatever this case's verdict
            HostState before = state[0];
            HostState after = HostState.of(sb, p.host, watched, dirs);
            state[0] = after;
            int code = 0;
            if (c.codes == ABOUT) {
                assertTrue(r.exitCode() == 0 && r.stdout().isEmpty() && r.stderr().contains("CNI"), r.describe());
            } else {
                CniError e = CniError.of(r);
                code = e.code();
                assertTrue(c.codes.contains(e.code()), "code " + e + " not in " + c.codes + ": " + r.describe());
            }
            before.assertSame(after, c.name);
            if (c.reference && Plugins.referenceInstalled()) {
                ExecResult ref = p.runReference(c.plugin, c.env, c.stdin);
                if (c.codes == ABOUT) {
                    assertTrue(ref.exitCode() == 0 && ref.stdout().isEmpty(), "reference: " + ref.describe());
                } else {
                    assertNotEquals(0, ref.exitCode(), "the reference accepted what jnet refused: " + ref.describe());
                }
                state[0] = HostState.of(sb, p.host, watched, dirs);
                before.assertSame(state[0], "reference " + c.plugin + " on " + c.name);
                REFERENCE_CODES.put(c.kind + " / " + c.name, code + "/" + (c.codes == ABOUT ? 0 : CniError.codeOrMinusOne(ref)));
            }
        }))), Stream.of(survivor));
    }

    /** Builds the environments of the cases: an ADD of container "bad-1" into c1 unless changed. */
    private record Env(Plugins p, NetNs c1) {
        Map<String, String> add() {
            return p.env("ADD", "bad-1", c1.path().toString(), "eth0");
        }

        Map<String, String> del() {
            return p.env("DEL", "bad-1", c1.path().toString(), "eth0");
        }

        Map<String, String> of(String command) {
            return p.env(command, "bad-1", c1.path().toString(), "eth0");
        }

        Map<String, String> check(NetNs ns) {
            return p.env("CHECK", "c0", ns.path().toString(), "eth0");
        }

        Map<String, String> gc() {
            return new HashMap<>(p.env("GC", null, null, null));
        }

        Map<String, String> status() {
            return new HashMap<>(p.env("STATUS", null, null, null));
        }
    }

    /** {@code codes} and the plugin-specific codes 100-199. */
    static Set<Integer> withPluginCodes(Set<Integer> codes) {
        Set<Integer> all = new java.util.HashSet<>(codes);
        for (int c = 100; c < 200; c++) {
            all.add(c);
        }
        return all;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] b : parts) {
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    static String quote(String s) {
        return new com.google.gson.JsonPrimitive(s).toString();
    }

    static String printable(String s) {
        return s.isEmpty() ? "(empty)" : s.replace("\n", "\\n").replace("\t", "\\t").replace("\u0000", "\\0");
    }
}
