package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * On the nftables backend the plugins change the firewall without starting any process: strace sees no exec
 * but the launcher's own (ADD and DEL of bridge, portmap and firewall), and the chain and the jnet lab work on a
 * host where no {@code iptables*}, {@code nft} or {@code conntrack} program exists for them.
 */
@KernelTest
class NftablesWithoutProgramsIT {
    private static final Pattern EXEC = Pattern.compile("execve(?:at)?\\((?:\\S+, )?\"([^\"]+)\"");

    @Test
    void addAndDelOfEveryPluginStartNoProcess(Sandbox sb) throws Exception {
        Path traces = sb.tempDir();
        PluginChain chain = new PluginChain(sb, "quiet", "10.93.0.0/24", "nftables");
        chain.wrapper = List.of("strace", "-f", "-qq", "-e", "trace=execve,execveat", "-o", traces.resolve("%s").toString());
        NetNs c1 = sb.container("c1");
        sb.udpServer(c1, "0.0.0.0", 53, "c1 udp");
        sb.tcpServer(c1, "0.0.0.0", 80, "c1 here");
        JsonObject result = chain.add("ctr-q", c1);
        assertEquals(Optional.of("c1 here"), sb.tcpRequest(sb.host(), "10.93.0.1", 8080, 3000), "the chain did its job");
        assertEquals(Optional.of("c1 udp"), sb.udpRequest(sb.host(), "10.93.0.1", 8053, 3000));
        chain.del("ctr-q", c1, result);
        assertEquals("", sb.exec(sb.host(), "nft", "list", "ruleset").assertOk().stdout().strip());

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String plugin : List.of("bridge", "portmap", "firewall")) {
            for (String command : List.of("ADD", "DEL")) {
                List<String> execs = execs(traces.resolve(plugin + "-" + command));
                assertEquals(List.of(chain.pluginDir.resolve(plugin).toString(), java), execs,
                        plugin + " " + command + " on nftables runs its launcher and the JVM, nothing else");
            }
        }

        // the same trace of the same chain on iptables does see the commands: the check can fail
        Path iptTraces = sb.tempDir();
        PluginChain ipt = new PluginChain(sb, "loud", "10.94.0.0/24", "iptables");
        ipt.wrapper = List.of("strace", "-f", "-qq", "-e", "trace=execve,execveat", "-o", iptTraces.resolve("%s").toString());
        NetNs c2 = sb.container("c2");
        JsonObject r2 = ipt.add("ctr-l", c2);
        ipt.del("ctr-l", c2, r2);
        assertTrue(execs(iptTraces.resolve("portmap-ADD")).stream().anyMatch(e -> e.endsWith("iptables-restore")),
                execs(iptTraces.resolve("portmap-ADD")).toString());
    }

    @Test
    void theChainAndTheLabWorkWhereNoFirewallProgramExists(Sandbox sb) throws Exception {
        List<String> hide = HiddenPrograms.wrapper(sb);
        assertFalse(HiddenPrograms.files().isEmpty());
        for (String program : List.of("iptables", "ip6tables-restore", "nft", "conntrack")) {
            List<String> cmd = new ArrayList<>(hide);
            cmd.addAll(List.of(program, "--version"));
            assertFalse(sb.exec(sb.host(), cmd.toArray(String[]::new)).ok(), program + " is hidden");
        }

        // no backend key: the plugins take iptables unless only nftables is usable, as here
        PluginChain chain = new PluginChain(sb, "bare", "10.95.0.0/24", null);
        chain.wrapper = hide;
        NetNs c1 = sb.container("c1");
        sb.tcpServer(c1, "0.0.0.0", 80, "c1 here");
        sb.udpServer(c1, "0.0.0.0", 53, "c1 udp");
        JsonObject result = chain.add("ctr-b", c1);
        assertEquals(Optional.of("c1 here"), sb.tcpRequest(sb.host(), "10.95.0.1", 8080, 3000));
        assertEquals(Optional.of("c1 here"), sb.tcpRequest(sb.host(), "127.0.0.1", 8080, 3000));
        assertEquals(Optional.of("c1 udp"), sb.udpRequest(sb.host(), "10.95.0.1", 8053, 3000));
        String ruleset = sb.exec(sb.host(), "nft", "list", "ruleset").assertOk().stdout();
        assertTrue(ruleset.contains("table inet jnet_masquerade") && ruleset.contains("table ip jnet_hostport")
                && ruleset.contains("table inet jnet_firewall"), ruleset);
        assertFalse(sb.exec(sb.host(), "iptables-save").stdout().contains("CNI"), "nothing went to iptables");
        chain.run("portmap", "CHECK", "ctr-b", c1, chain.portmap(result)).assertOk();
        chain.del("ctr-b", c1, null); // without prevResult
        assertEquals("", sb.exec(sb.host(), "nft", "list", "ruleset").assertOk().stdout().strip());
        sb.netlink(sb.host()).deleteLink("br-bare"); // the bridge stays after DEL, as the reference's does

        // the lab: up proves its three steps with real packets, down leaves nothing
        CliProcess cli = new CliProcess(sb);
        cli.wrapper = hide;
        CliProcess.Result up = cli.run("lab", "up").ok();
        assertTrue(up.stdout().contains("All 3 steps passed"), up.stdout());
        String labRules = sb.exec(sb.host(), "nft", "list", "ruleset").assertOk().stdout();
        assertTrue(labRules.contains("jnet portmap name=jnet"), labRules);
        cli.run("lab", "down").ok();
        assertFalse(KernelState.namespaceExists(cli.ns("red")), "red is gone");
        assertEquals("", sb.exec(sb.host(), "nft", "list", "ruleset").assertOk().stdout().strip(), "no nftables state left");
        assertEquals(List.of("lo"), KernelState.links(sb, sb.host()));

        for (Path f : HiddenPrograms.files()) {
            assertTrue(Files.isExecutable(f), f + " is still there for the rest of the machine");
        }
    }

    /** The programs a strace -f -e trace=execve output shows being executed, in order. */
    private static List<String> execs(Path trace) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(trace)) {
            Matcher m = EXEC.matcher(line);
            if (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
