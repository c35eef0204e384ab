package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.netlink.ns.NetNs;
import io.jnet.proxy.ProxyClient;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Bad {@code -p} values on a host with a live attachment publishing 8002 (through the proxy) and a host process on
 * 9003: malformed and reversed ranges, ranges of different lengths, ports 0 and 65536, a range crossing the published
 * port or the one the host process holds. Each gets one line {@code jnet: ... (hint: ...)} on stderr, nothing on
 * stdout, a non-zero exit, and changes nothing: rules of every table, links, the CLI's files, the proxy's ports.
 */
@KernelTest
class BadPortsIT {

    @Test
    void badPortsAreRefusedWithOneLineAndChangeNothing(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        NetNs host = sb.host();
        cli.run("net", "create", "good", "--subnet", "10.87.0.0/24").ok();
        cli.run("netns", "add", "a").ok();
        cli.run("netns", "add", "b").ok();
        cli.run("attach", "a", "--net", "good", "-p", "8002:80").ok();
        sb.tcpServer(host, "0.0.0.0", 9003, "a host process");
        String before = state(sb, cli);

        String[][] cases = {
            {"8000-:80", "2"}, {"-8000:80", "2"}, {"80-90-100", "2"}, {"80:a", "2"}, {"8000-8010:80-90/icmp", "2"},
            {"8010-8000:80", "2"}, {"8000-8010:90-80", "2"},
            {"8000-8010:80-85", "2"}, {"8080:80-81", "2"},
            {"0:80", "2"}, {"65536:80", "2"}, {"8080:0", "2"}, {"8080:65536", "2"}, {"0", "2"},
            {"8000-8003:80-83", "4"}, // crosses 8002, which a publishes
            {"9000-9005:9000-9005", "4"}, // crosses 9003, which a host process holds
            {"8002-8002:80", "4"},
        };
        List<String> failures = new ArrayList<>();
        for (String[] c : cases) {
            CliProcess.Result r = cli.run("attach", "b", "--net", "good", "-p", c[0]);
            String err = r.stderr().strip();
            boolean oneLine = err.lines().count() == 1 && err.startsWith("jnet: ") && err.contains("(hint: ");
            if (r.exitCode() != Integer.parseInt(c[1]) || !oneLine || !r.stdout().isEmpty()) {
                failures.add("-p " + c[0] + ": exit " + r.exitCode() + ", stdout [" + r.stdout() + "], stderr [" + err + "]");
            }
            if (!before.equals(state(sb, cli))) {
                failures.add("-p " + c[0] + " changed the host");
                before = state(sb, cli);
            }
        }
        assertEquals(List.of(), failures);
        CliProcess.Result notAttached = cli.run("port", "b");
        assertEquals(3, notAttached.exitCode(), notAttached.stderr());
        assertEquals(2, cli.run("port", "a", "80/icmp").exitCode());
        assertEquals(3, cli.run("port", "a", "81").exitCode(), "no public port 81/tcp");
        assertTrue(cli.run("port", "a", "80").ok().stdout().contains("0.0.0.0:8002"));

        cli.run("detach", "a").ok();
        cli.run("netns", "del", "a").ok();
        cli.run("netns", "del", "b").ok();
    }

    /** What a refused attach must not change. */
    private static String state(Sandbox sb, CliProcess cli) throws Exception {
        StringBuilder s = new StringBuilder();
        for (String save : new String[] {"iptables-save", "ip6tables-save"}) {
            sb.exec(sb.host(), save).assertOk().stdout().lines().filter(l -> !l.startsWith("#"))
                    .forEach(l -> s.append(l.replaceAll("\\[\\d+:\\d+\\]", "")).append('\n'));
        }
        s.append(KernelState.links(sb, sb.host())).append('\n');
        for (Path dir : new Path[] {cli.configDir, cli.cacheDir, cli.stateDir}) {
            for (String f : KernelState.files(dir)) {
                s.append(f).append(": ").append(Files.readString(dir.resolve(f))).append('\n');
            }
        }
        Map<String, ?> published = sb.host().call(new ProxyClient(cli.stateDir.resolve("proxy"))::published);
        s.append(published);
        try (Stream<Path> netns = Files.list(NetNs.RUN_DIR)) {
            netns.map(Path::toString).filter(n -> n.contains(sb.prefix())).sorted().forEach(n -> s.append(n).append('\n'));
        }
        return s.toString();
    }
}
