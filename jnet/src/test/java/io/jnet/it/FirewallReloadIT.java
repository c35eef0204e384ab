package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Surviving a firewall reload: after {@code nft flush ruleset}, and after {@code iptables -F/-X} of every table,
 * {@code jnet reload} puts back the masquerade, published-port, forwarding and protection rules of the live
 * attachments exactly (the same rules, none twice), and a second reload changes nothing; {@code jnet reload --watch}
 * does it by itself within seconds of the flush. On both firewall backends (iptables -F only touches the iptables one).
 */
@KernelTest
class FirewallReloadIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"iptables", "nftables"})
    void reloadRestoresEveryRuleOnceAfterAFlush(String backend, Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        NetNs host = sb.host();
        Lan lan = Lan.behind(sb);
        // Without the proxy, which would keep answering on the host ports when their NAT rules are gone.
        cli.run("net", "create", "web", "--subnet", "10.86.0.0/24", "--userland-proxy=false", "--firewall-backend", backend).ok();
        cli.run("netns", "add", "c1").ok();
        NetNs c1 = NetNs.named(cli.ns("c1"));
        try {
            sb.tcpServer(c1, "0.0.0.0", 80, "c1 80");
            sb.udpServer(c1, "0.0.0.0", 53, "c1 53");
            cli.run("attach", "c1", "--net", "web", "--ip", "10.86.0.2", "-p", "8080:80", "-p", "8053:53/udp", "-p", "127.0.0.1:7080:80").ok();
            List<String> rules = rules(sb);
            assertReachable(sb, lan, c1);

            // nftables wiped: nothing of ours is left, so the published port is dead and the container's address open
            sb.exec(host, "nft", "flush", "ruleset").assertOk();
            assertBroken(sb, lan);
            CliProcess.Result r = cli.run("reload").ok();
            assertTrue(r.stdout().contains("restored c1 on web (eth0): masquerade, published ports, firewall rules"), r.stdout());
            assertReachable(sb, lan, c1);
            assertEquals(rules, rules(sb), "every rule back, none twice");
            assertTrue(cli.run("reload").ok().stdout().contains("nothing to restore"));
            assertEquals(rules, rules(sb), "a reload with nothing missing changes nothing");

            if (backend.equals("iptables")) {
                // iptables -F / -X of every table and family
                for (String cmd : new String[] {"iptables", "ip6tables"}) {
                    for (String table : new String[] {"filter", "nat", "raw"}) {
                        sb.exec(host, cmd, "-t", table, "-F").assertOk();
                        sb.exec(host, cmd, "-t", table, "-X").assertOk();
                    }
                }
                assertBroken(sb, lan);
                cli.run("reload").ok();
                assertReachable(sb, lan, c1);
                assertEquals(rules, rules(sb));
            }

            // --watch: the flush is repaired without being asked
            Process watch = cli.start("reload", "--watch");
            try (BufferedReader out = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
                String first = out.readLine();
                assertTrue(first != null && first.contains("watching"), "the watcher started: " + first);
                sb.exec(host, "nft", "flush", "ruleset").assertOk();
                long flushed = System.nanoTime();
                Optional<String> back = Optional.empty();
                while (back.isEmpty() && System.nanoTime() - flushed < TimeUnit.SECONDS.toNanos(20)) {
                    back = sb.tcpRequest(lan.ns, Lan.HOST, 8080, 500);
                }
                assertEquals(Optional.of("c1 80"), back, "restored by the watcher");
                assertTrue(out.readLine().startsWith("restored c1 on web"));
                // the flush may have met the watcher's first reload half-way: the next one completes the work
                List<String> now = rules(sb);
                while (!now.equals(rules) && System.nanoTime() - flushed < TimeUnit.SECONDS.toNanos(30)) {
                    Thread.sleep(200);
                    now = rules(sb);
                }
                assertEquals(rules, now, "every rule back by itself, none twice");
            } finally {
                watch.destroy();
                assertTrue(watch.waitFor(30, TimeUnit.SECONDS), "the watcher stops on SIGTERM");
            }
            assertEquals(rules, rules(sb));
            cli.run("detach", "c1").ok();
        } finally {
            c1.close();
        }
        cli.run("netns", "del", "c1").ok();
    }

    private static void assertReachable(Sandbox sb, Lan lan, NetNs c1) {
        assertEquals(Optional.of("c1 80"), sb.tcpRequest(lan.ns, Lan.HOST, 8080, 3000));
        assertEquals(Optional.of("c1 53"), sb.udpRequest(lan.ns, Lan.HOST, 8053, 3000));
        assertEquals(Optional.of("c1 80"), sb.tcpRequest(sb.host(), "127.0.0.1", 7080, 3000));
        assertEquals(Optional.empty(), sb.tcpRequest(lan.ns, "10.86.0.2", 80, 1000), "the protection is back too");
        sb.exec(c1, "ping", "-c", "1", "-W", "2", Lan.ADDRESS).assertOk(); // masquerade
    }

    private static void assertBroken(Sandbox sb, Lan lan) {
        assertEquals(Optional.empty(), sb.tcpRequest(lan.ns, Lan.HOST, 8080, 1500));
        assertEquals(Optional.of("c1 80"), sb.tcpRequest(lan.ns, "10.86.0.2", 80, 3000));
    }

    /**
     * Every rule and own chain of every table of both families, and every line of nft's ruleset, sorted (order aside, a
     * doubled rule shows).
     */
    private static List<String> rules(Sandbox sb) {
        List<String> out = new ArrayList<>();
        for (String l : sb.exec(sb.host(), "nft", "list", "ruleset").assertOk().stdout().lines().toList()) {
            out.add("nft " + l.strip().replaceAll("counter packets \\d+ bytes \\d+", "counter"));
        }
        for (String save : new String[] {"iptables-save", "ip6tables-save"}) {
            String table = "";
            for (String l : sb.exec(sb.host(), save).assertOk().stdout().lines().toList()) {
                if (l.startsWith("*")) {
                    table = l;
                } else if (l.startsWith("-A ") || l.startsWith(":") && l.contains(" - [")) {
                    out.add(save + " " + table + " " + l.replaceAll("\\[\\d+:\\d+\\]", ""));
                }
            }
        }
        out.sort(null);
        return out;
    }
}
