package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.ns.NetNs;
import io.jnet.netlink.ns.Sysctl;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --explain} prints the commands that would do by hand what jnet did. Replayed with a shell into a fresh set of
 * throwaway namespaces, they build the same kernel state as jnet built: links, addresses, routes and iptables rules.
 */
@KernelTest
class ExplainReplayIT {

    @Test
    void theLabsExplanationReplayedBuildsTheSameLab(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        String out = cli.run("lab", "up", "--explain").ok().stdout();
        try {
            List<String> script = commands(out);
            assertTrue(script.contains("ip netns add " + cli.ns("red")), out);
            assertTrue(script.stream().anyMatch(l -> l.matches("ip link add veth[0-9a-f]{8} type veth peer name eth0 netns " + cli.ns("blue"))), out);
            assertTrue(script.contains("ip -n " + cli.ns("blue") + " addr add 172.17.0.3/16 brd + dev eth0"), out);
            assertTrue(script.contains("ip -n " + cli.ns("red") + " route prepend default via 172.17.0.1 dev eth0"), out);
            assertTrue(script.contains("iptables -t nat -A CNI-DN-" + dnatHash(out) + " -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.3:80"), out);
            assertTrue(out.contains("# bridge ADD " + cli.ns("red") + " eth0 (network jnet)\n"), out);
            assertTrue(out.contains("\n# Proof\n"), "the narration is kept as comments: " + out);

            NetNs replayHost = sb.namespace("r2-host");
            List<String> made = List.of(cli.ns("r2-red"), cli.ns("r2-blue"));
            try {
                replay(sb, replayHost, script);
                Map<String, String> rel = relative(cli);
                assertSameState(sb, sb.host(), replayHost, rel);
                try (NetNs red = NetNs.named(cli.ns("red")); NetNs red2 = NetNs.named(cli.ns("r2-red"));
                        NetNs blue = NetNs.named(cli.ns("blue")); NetNs blue2 = NetNs.named(cli.ns("r2-blue"))) {
                    assertSameState(sb, red, red2, rel);
                    assertSameState(sb, blue, blue2, rel);
                }
                for (String key : List.of("net.ipv4.ip_forward", "net.ipv4.conf.jnet0.route_localnet")) {
                    assertEquals(Sysctl.get(sb.host(), key), Sysctl.get(replayHost, key), key);
                }
            } finally {
                deleteAll(made);
            }
        } finally {
            cli.run("lab", "down").ok();
        }
    }

    @Test
    void anAttachWithAPublishedPortReplayedBuildsTheSameAttachment(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        cli.run("netns", "add", "web").ok();
        String out = cli.run("attach", "web", "-p", "8080:80", "-p", "5353:53/udp", "--explain").ok().stdout();
        try {
            List<String> script = commands(out);
            assertTrue(script.contains("ip link add jnet0 type bridge"), out);
            assertTrue(script.stream().anyMatch(l -> l.startsWith("conntrack -D -f ipv4 -p udp --dport 5353")), out);
            assertTrue(out.contains("#   published  8080->80/tcp, 5353->53/udp"), out);

            NetNs replayHost = sb.namespace("r2-host");
            NetNs web2 = sb.container("r2-web"); // the namespace itself was made by netns add, outside the explanation
            replay(sb, replayHost, script);
            Map<String, String> rel = relative(cli);
            assertSameState(sb, sb.host(), replayHost, rel);
            try (NetNs web = NetNs.named(cli.ns("web"))) {
                assertSameState(sb, web, web2, rel);
            }
        } finally {
            cli.run("detach", "web").ok();
            cli.run("netns", "del", "web").ok();
        }
    }

    @Test
    void detachExplainsItsUndoingAndJsonStaysJson(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        cli.run("netns", "add", "c").ok();
        CliProcess.Result attached = cli.run("--json", "attach", "c", "--explain").ok();
        assertTrue(attached.stdout().strip().startsWith("{") && !attached.stdout().contains("ip link"), attached.stdout());
        assertTrue(attached.stderr().contains("ip link add jnet0 type bridge"), "with --json the commands go to stderr: " + attached.stderr());
        String out = cli.run("detach", "c", "--explain").ok().stdout();
        List<String> script = commands(out);
        assertTrue(script.contains("ip -n " + cli.ns("c") + " link del eth0"), out);
        assertTrue(script.stream().anyMatch(l -> l.startsWith("iptables -t nat -X CNI-")), out);
        assertTrue(out.contains("# detached c from jnet"), out);
        cli.run("netns", "del", "c").ok();
    }

    /** The lines a shell would run: everything but comments. */
    static List<String> commands(String out) {
        List<String> lines = new ArrayList<>();
        for (String l : out.split("\n")) {
            if (!l.isBlank() && !l.startsWith("#")) {
                lines.add(l);
            }
        }
        return lines;
    }

    private static String dnatHash(String out) {
        int at = out.indexOf("-N CNI-DN-");
        return out.substring(at + 10, at + 10 + 21);
    }

    /**
     * Runs each line in the replay host with a shell, the test's namespace names swapped for fresh ones. nsenter
     * keeps our mount namespace (ip netns exec would not), so the namespaces the script adds are visible to us.
     */
    private static void replay(Sandbox sb, NetNs host, List<String> script) {
        for (String line : script) {
            String swapped = line.replace(sb.prefix(), sb.prefix() + "r2-");
            var r = sb.execHere("nsenter", "--net=" + host.path(), "sh", "-c", swapped);
            // conntrack -D exits 1 when there was nothing to delete, as on a fresh host; it builds no state
            if (!(line.startsWith("conntrack -D") && (r.stdout() + r.stderr()).contains("0 flow entries"))) {
                r.assertOk();
            }
        }
    }

    private static void assertSameState(Sandbox sb, NetNs jnet, NetNs replay, Map<String, String> rel) throws Exception {
        assertEquals(String.join("\n", KernelPicture.of(sb, jnet, rel)), String.join("\n", KernelPicture.of(sb, replay, rel)),
                "state of " + replay.name() + " (replayed) vs " + jnet.name() + " (made by jnet)");
    }

    /** Namespace names made relative, the replay's (longer) prefix first. */
    private static Map<String, String> relative(CliProcess cli) {
        Map<String, String> rel = new LinkedHashMap<>();
        rel.put(cli.ns("r2-"), "NS-");
        rel.put(cli.ns(""), "NS-");
        return rel;
    }

    private static void deleteAll(List<String> names) throws NetlinkException {
        for (String n : names) {
            if (NetNs.RUN_DIR.resolve(n).toFile().exists()) {
                NetNs.delete(n);
            }
        }
    }
}
