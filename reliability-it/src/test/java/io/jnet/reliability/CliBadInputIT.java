package io.jnet.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad input to the jnet CLI on a host with a live attachment (namespace a on network good, port 8085
 * published) and an unattached namespace b. Every case must exit non-zero with exactly one readable line on
 * stderr ("jnet: ... (hint: ...)"), nothing on stdout, and change nothing: links of the host, a and b,
 * iptables nat/filter, the namespaces under /run/netns, and every file of the config, cache and state dirs.
 */
@KernelTest
class CliBadInputIT {
    static final Tally TALLY = new Tally("bad input (CLI)");

    record Case(String kind, Map<String, String> env, String... args) {}

    @AfterAll
    static void summary() {
        TALLY.print();
    }

    @TestFactory
    Stream<DynamicTest> cliRefusesBadInputWithOneLineAndChangesNothing(Sandbox sb) throws Exception {
        Cli cli = new Cli(sb);
        cli.run("net", "create", "good", "--subnet", "10.91.0.0/24", "--bridge", "br-good").ok();
        cli.run("netns", "add", "a").ok();
        cli.run("netns", "add", "b").ok();
        cli.run("attach", "a", "--net", "good", "--ip", "10.91.0.10", "-p", "8085:80").ok();
        Path emptyPlugins = sb.tempDir();
        Path regularFile = Files.writeString(sb.tempDir().resolve("file"), "x");
        String longName = "n".repeat(300);

        List<Case> cases = new ArrayList<>();
        Map<String, String> none = Map.of();
        for (String name : List.of("../x", "a\nb", longName)) {
            cases.add(new Case("network names", none, "net", "create", name, "--subnet", "10.92.0.0/24"));
            cases.add(new Case("namespace names", none, "netns", "add", name));
        }
        cases.add(new Case("namespace names", none, "netns", "add", ""));
        for (String subnet : List.of("10.0.0.0/33", "10.92.0.1/24", "10.91.0.0/25")) {
            cases.add(new Case("bad CIDRs and ranges", none, "net", "create", "n1", "--subnet", subnet));
        }
        cases.add(new Case("bad CIDRs and ranges", none, "net", "create", "n1", "--subnet", "10.92.0.0/24", "--gateway", "10.99.0.1"));
        cases.add(new Case("bad CIDRs and ranges", none, "net", "create", "n1", "--subnet", "10.92.0.0/24", "--ip-range", "10.93.0.0/24"));
        cases.add(new Case("bad values", none, "net", "create", "n1", "--subnet", "10.92.0.0/24", "--mtu", "-5"));
        cases.add(new Case("bad values", none, "net", "create", "n1", "--subnet", "10.92.0.0/24", "--mtu", "99999999"));
        cases.add(new Case("bad values", none, "net", "create", "n1", "--subnet", "10.92.0.0/24", "--cni-version", "9.9.9"));
        for (String br : List.of("br/x", "abcdefghijklmnopq")) {
            cases.add(new Case("hostile ifnames", none, "net", "create", "n1", "--subnet", "10.92.0.0/24", "--bridge", br));
        }
        for (String ifname : List.of("eth/0", "abcdefghijklmnopq", "eth0")) {
            // eth0 is taken in a
            cases.add(new Case("hostile ifnames", none, "attach", ifname.equals("eth0") ? "a" : "b", "--net", "good", "--ifname", ifname));
        }
        cases.add(new Case("conflicts", none, "net", "create", "good", "--subnet", "10.93.0.0/24"));
        cases.add(new Case("conflicts", none, "netns", "add", "a"));
        cases.add(new Case("conflicts", none, "attach", "b", "--net", "good", "--ip", "10.91.0.10"));
        cases.add(new Case("conflicts", none, "attach", "b", "--net", "good", "-p", "8085:8080"));
        cases.add(new Case("conflicts", none, "net", "rm", "good"));
        cases.add(new Case("conflicts", none, "netns", "del", "a"));
        for (String ip : List.of("10.1.2.3", "10.91.0.255")) {
            cases.add(new Case("bad addresses", none, "attach", "b", "--net", "good", "--ip", ip));
        }
        for (String mac : List.of("zz:zz:zz:zz:zz:zz", "01:00:5e:00:00:01")) {
            cases.add(new Case("bad addresses", none, "attach", "b", "--net", "good", "--mac", mac));
        }
        for (String port : List.of("99999:80", "8086:80/icmp", "300.1.1.1:8086:80")) {
            cases.add(new Case("bad ports", none, "attach", "b", "--net", "good", "-p", port));
        }
        cases.add(new Case("unknown things", none, "attach", "nosuch", "--net", "good"));
        cases.add(new Case("unknown things", none, "attach", "b", "--net", "nosuch"));
        cases.add(new Case("unknown things", none, "detach", "b"));
        cases.add(new Case("unknown things", none, "detach", "nosuch"));
        cases.add(new Case("unknown things", none, "check", "nosuch"));
        cases.add(new Case("unknown things", none, "net", "rm", "nosuch"));
        cases.add(new Case("unknown things", none, "netns", "del", "nosuch"));
        cases.add(new Case("unknown things", none, "attch", "b"));
        cases.add(new Case("unknown things", none, "attach", "b", "--frobnicate"));
        cases.add(new Case("odd environment", Map.of("JNET_CNI_PATH", emptyPlugins.toString()), "attach", "b", "--net", "good"));
        cases.add(new Case("odd environment", Map.of("JNET_CACHE_DIR", regularFile.toString()), "attach", "b", "--net", "good"));
        cases.add(new Case("odd environment", Map.of("JNET_CONFIG_DIR", regularFile.toString()), "net", "create", "n2", "--subnet", "10.94.0.0/24"));
        cases.add(new Case("odd environment", Map.of("JNET_NETNS_PREFIX", "x/y"), "netns", "add", "c"));

        NetNs a = NetNs.named(cli.ns("a"));
        NetNs b = NetNs.named(cli.ns("b"));
        List<DynamicTest> tests = new ArrayList<>();
        // Every case must leave the host as it found it. The state after one case is the state before the next,
        // so one snapshot per case is enough; a case that changed something fails and the next is judged from there.
        HostState[] state = {HostState.of(sb, sb.host(), List.of(a, b), List.of(cli.root))};
        List<List<String>> namespaces = new ArrayList<>(List.of(ours(sb)));
        for (Case c : cases) {
            String name = "[" + c.kind + "] jnet " + BadInputIT.printable(String.join(" ", c.args))
                    + (c.env.isEmpty() ? "" : " with " + c.env.keySet());
            tests.add(dynamicTest(name, () -> TALLY.count(c.kind, name, () -> {
                cli.extraEnv.clear();
                cli.extraEnv.putAll(c.env);
                Cli.Result r = cli.run(c.args);
                cli.extraEnv.clear();
                // the state after this case is the state before the next, whatever this case's verdict
                HostState before = state[0];
                state[0] = HostState.of(sb, sb.host(), List.of(a, b), List.of(cli.root));
                List<String> nsBefore = namespaces.set(0, ours(sb));
                assertTrue(r.exitCode() != 0, r.describe());
                assertEquals("", r.stdout(), "nothing on stdout: " + r.describe());
                String err = r.stderr().strip();
                assertTrue(!err.contains("\n") && err.startsWith("jnet: ") && err.matches("(?s).+ \\(hint: .+\\)$"),
                        "one line with a hint: " + r.describe());
                before.assertSame(state[0], name);
                assertEquals(nsBefore, namespaces.get(0), "namespaces under /run/netns");
            })));
        }
        tests.add(dynamicTest("cleanup", () -> {
            a.close();
            b.close();
            cli.run("detach", "a", "--net", "good").ok();
            cli.run("netns", "del", "a").ok();
            cli.run("netns", "del", "b").ok();
            cli.run("net", "rm", "good").ok();
        }));
        return tests.stream();
    }

    /** This sandbox's namespaces under /run/netns (other test classes may run at the same time). */
    static List<String> ours(Sandbox sb) throws java.io.IOException {
        return NetNs.list().stream().filter(n -> n.startsWith(sb.prefix())).sorted().toList();
    }
}
