package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.netlink.ns.NetNs;
import io.jnet.netlink.ns.Sysctl;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The red/blue lab run by the CLI as a process in a throwaway host namespace: up proves each step with real
 * packets, up again proves it again, down leaves nothing (namespaces, responder, links, NAT rules, cache).
 */
@KernelTest
class LabIT {

    @Test
    void labUpProvesEveryStepAndLabDownLeavesNothing(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        String forwardBefore = Sysctl.get(sb.host(), "net.ipv4.ip_forward");

        CliProcess.Result up = cli.run("lab", "up").ok();
        String text = up.stdout();
        assertTrue(text.contains("jnet0  bridge 172.17.0.1/16, the network's gateway"), text);
        assertTrue(text.matches("(?s).*\\+-- veth\\S+ +<==> eth0 in red +172\\.17\\.0\\.2/16 .*"), text);
        assertTrue(text.contains("published: host port 8080 (127.0.0.1 and every host address) -> blue 172.17.0.3:80"), text);
        assertTrue(text.matches("(?s).*1\\. red pings blue \\(172\\.17\\.0\\.3\\)\\s+ok\\s+64 bytes from 172\\.17\\.0\\.3.*"), text);
        assertTrue(text.matches("(?s).*2\\. blue pings red \\(172\\.17\\.0\\.2\\)\\s+ok\\s+64 bytes from 172\\.17\\.0\\.2.*"), text);
        assertTrue(text.matches("(?s).*3\\. host GET http://127\\.0\\.0\\.1:8080/\\s+ok\\s+HTTP/1\\.1 200 OK \"hello from blue: you reached 172\\.17\\.0\\.3:80.*"), text);
        assertTrue(text.contains("All 3 steps passed"), text);
        assertTrue(KernelState.namespaceExists(cli.ns("red")) && KernelState.namespaceExists(cli.ns("blue")));
        assertTrue(Files.exists(cli.configDir.resolve("jnet.conflist")), "the default network is written to the config dir");

        // up again: no second lab, the same one proven again, as JSON this time
        CliProcess.Result again = cli.run("--json", "lab", "up").ok();
        JsonObject report = JsonParser.parseString(again.stdout()).getAsJsonObject();
        assertTrue(report.get("alreadyUp").getAsBoolean());
        assertTrue(report.get("ok").getAsBoolean());
        assertEquals(3, report.getAsJsonArray("steps").size());
        for (JsonElement step : report.getAsJsonArray("steps")) {
            assertTrue(step.getAsJsonObject().get("ok").getAsBoolean(), step.toString());
        }
        long pid = report.getAsJsonObject("responder").get("pid").getAsLong();
        assertTrue(running(pid), "responder runs in the background");
        try (NetNs blue = NetNs.named(cli.ns("blue"))) {
            assertEquals(blue.inode(), Files.getAttribute(Path.of("/proc/" + pid + "/ns/net"), "unix:ino"), "responder lives in blue");
        }
        assertEquals(2, JsonParser.parseString(cli.run("--json", "ps").ok().stdout()).getAsJsonArray().size());

        CliProcess.Result down = cli.run("lab", "down").ok();
        assertTrue(down.stdout().contains("- stopped the HTTP responder (pid " + pid + ")"), down.stdout());
        assertTrue(down.stdout().contains("- deleted bridge jnet0, which the lab made"), down.stdout());

        assertFalse(KernelState.namespaceExists(cli.ns("red")), "red is gone");
        assertFalse(KernelState.namespaceExists(cli.ns("blue")), "blue is gone");
        assertFalse(running(pid), "responder stopped");
        assertEquals(List.of("lo"), KernelState.links(sb, sb.host()), "no bridge or veth left in the host");
        assertEquals(List.of(), KernelState.cniNatLines(sb, sb.host()), "no CNI NAT chain or rule left");
        assertEquals(List.of(), KernelState.files(cli.cacheDir.resolve("results")), "no cached attachment left");
        assertEquals(List.of("last_reserved_ip.0", "lock"), KernelState.files(cli.cacheDir.resolve("networks/jnet")), "no address lease left");
        assertEquals(List.of(), KernelState.stateFiles(cli.stateDir), "no lab state left");
        assertEquals(forwardBefore, Sysctl.get(sb.host(), "net.ipv4.ip_forward"), "ip_forward as it was");
        assertFalse(Files.exists(cli.configDir.resolve("jnet.conflist")), "the network the lab wrote is gone with it");

        assertTrue(cli.run("lab", "down").ok().stdout().contains("not up"), "down again is a no-op");
    }

    @Test
    void labUpWithDnsReachesByNameAndLabDownLeavesNoResolver(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        Path upstreams = sb.tempDir().resolve("resolv.conf");
        Files.writeString(upstreams, "# no upstream in this test\n");
        cli.extraEnv.put("JNET_DNS_RESOLV_CONF", upstreams.toString());
        cli.extraEnv.remove("JNET_NETNS_ETC_DIR"); // ip netns exec, which the name proofs use, reads the real /etc/netns
        boolean etcBefore = Files.isDirectory(Path.of("/etc/netns"));
        try {
            String text = cli.run("lab", "up", "--dns").ok().stdout();
            assertTrue(text.matches("(?s).*4\\. red pings blue by name\\s+ok\\s+64 bytes from blue \\(172\\.17\\.0\\.3\\).*"), text);
            assertTrue(text.matches("(?s).*5\\. blue pings red by name\\s+ok\\s+64 bytes from red \\(172\\.17\\.0\\.2\\).*"), text);
            assertTrue(text.contains("All 5 steps passed"), text);
            assertTrue(cli.run("net", "inspect", "jnet").ok().stdout().contains("dns        on"), "the lab's network has DNS");
            long pid = Long.parseLong(Files.readString(cli.stateDir.resolve("dns/resolver.pid")).strip());
            assertTrue(running(pid));
            assertTrue(cli.run("lab", "up").ok().stdout().contains("All 5 steps passed"), "proven again, names included");

            cli.run("lab", "down").ok();
            assertFalse(running(pid), "the resolver stopped with the lab");
            assertEquals(List.of(), KernelState.stateFiles(cli.stateDir), "no lab or DNS state left");
            assertFalse(Files.exists(Path.of("/etc/netns", cli.ns("red"))), "red's resolv.conf is gone");
        } finally {
            cli.run("lab", "down");
            assertFalse(Files.exists(Path.of("/etc/netns", cli.ns("red"))) || Files.exists(Path.of("/etc/netns", cli.ns("blue"))));
            assertEquals(etcBefore, Files.isDirectory(Path.of("/etc/netns")), "/etc/netns as it was");
        }
    }

    @Test
    void labUpRefusesANamespaceItDidNotMakeAndChangesNothing(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        cli.run("netns", "add", "blue").ok();
        CliProcess.Result r = cli.run("lab", "up").assertExit(4);
        assertTrue(r.stderr().contains("namespace blue already exists and is not the lab's"), r.stderr());
        assertEquals(1, r.stderr().strip().lines().count(), "one line: " + r.stderr());
        assertFalse(KernelState.namespaceExists(cli.ns("red")), "red was not made");
        assertEquals(List.of("lo"), KernelState.links(sb, sb.host()));
        assertEquals(List.of(), KernelState.stateFiles(cli.stateDir));
        cli.run("netns", "del", "blue").ok();
    }

    @Test
    void labUpRefusesAHostPortInUseAndChangesNothing(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        sb.start(sb.host(), Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                "io.jnet.cli.Main", "serve-http", "--port", "8080", "--name", "squatter");
        assertTrue(HttpProbe.get(sb.host(), "127.0.0.1", 8080).contains("hello from squatter"), "something listens on 8080");

        CliProcess.Result r = cli.run("lab", "up").assertExit(4);
        assertTrue(r.stderr().contains("host port 8080/tcp is in use on this host"), r.stderr());
        assertFalse(KernelState.namespaceExists(cli.ns("red")));
        assertEquals(List.of("lo"), KernelState.links(sb, sb.host()));
        assertEquals(List.of(), KernelState.files(cli.configDir));
        assertEquals(List.of(), KernelState.stateFiles(cli.stateDir));
    }

    @Test
    void defaultNetworkStaysOffASubnetTheHostAlreadyRoutes(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        // a docker0 stand-in owning 172.17.0.0/16 in the test's host
        sb.exec(sb.host(), "ip", "link", "add", "d0", "type", "veth", "peer", "name", "d0p").assertOk();
        sb.exec(sb.host(), "ip", "addr", "add", "172.17.0.1/16", "dev", "d0").assertOk();
        sb.exec(sb.host(), "ip", "link", "set", "d0p", "up").assertOk();
        sb.exec(sb.host(), "ip", "link", "set", "d0", "up").assertOk();
        cli.run("netns", "add", "z").ok();

        CliProcess.Result r = cli.run("attach", "z").ok();
        assertTrue(r.stderr().contains("172.17.0.0/16 is already in use on this host (a route via d0), so the default network uses 172.18.0.0/16"),
                r.stderr());
        assertTrue(r.stdout().contains("addresses  172.18.0.2/16"), r.stdout());
        assertTrue(sb.exec(sb.host(), "ip", "route", "show", "172.17.0.0/16").assertOk().stdout().contains("dev d0"), "host route untouched");
        cli.run("detach", "z").ok();
        cli.run("netns", "del", "z").ok();
    }

    // Not ProcessHandle.isAlive: the responder is not our child, and dead it may stay a zombie until init reaps it.
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
