package io.jnet.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Node reboot: the namespaces of some attachments disappear without any DEL (what a reboot or a crashed
 * runtime leaves). The plugins' GC (valid list = the attachments still alive) and {@code jnet gc} must bring
 * the host back to exactly the state it had with only the live attachments: no veth, reservation, masquerade,
 * DNAT or firewall rule, and no cache file of the dead ones, while the live ones still pass CHECK.
 */
@KernelTest
class NodeRebootIT {
    static final Tally TALLY = new Tally("node reboot");
    static final String NET = "bootnet";
    static final int DEAD = 3;

    @AfterAll
    static void summary() {
        TALLY.print();
    }

    @Test
    void pluginGcAfterNamespacesVanished(Sandbox sb) throws Throwable {
        TALLY.count("plugin GC after " + DEAD + " namespaces vanished", () -> {
            Plugins p = new Plugins(sb);
            Path data = sb.tempDir();
            String bridge = Configs.bridge(NET, "br-boot", data, "10.83.0.0/24").toString();
            Map<String, String[]> configs = new TreeMap<>(); // id -> bridge (with prevResult), portmap, firewall
            NetNs alive = sb.container("alive");
            configs.put("alive", chain(p, "alive", alive, bridge, 9500));
            HostState withAliveOnly = HostState.of(sb, p.host, List.of(), List.of());
            Map<String, String> aliveStore = Store.reservations(data, NET);

            List<String> deadPaths = new ArrayList<>();
            try {
                reboot(p, data, bridge, configs, alive, withAliveOnly, aliveStore, deadPaths);
            } finally {
                for (int i = 0; i < DEAD; i++) {
                    if (NetNs.list().contains(sb.prefix() + "dead" + i)) {
                        NetNs.delete(sb.prefix() + "dead" + i);
                    }
                }
            }
        });
    }

    private static void reboot(Plugins p, Path data, String bridge, Map<String, String[]> configs, NetNs alive, HostState withAliveOnly,
            Map<String, String> aliveStore, List<String> deadPaths) throws Exception {
        Sandbox sb = p.sb;
        {
            for (int i = 0; i < DEAD; i++) {
                String name = sb.prefix() + "dead" + i;
                try (NetNs ns = NetNs.create(name)) {
                    configs.put("dead" + i, chain(p, "dead" + i, ns, bridge, 9501 + i));
                    deadPaths.add(ns.path().toString());
                }
            }
            assertEquals(DEAD + 1, Store.reservations(data, NET).size());
            // the reboot: namespaces gone, no DEL
            for (int i = 0; i < DEAD; i++) {
                NetNs.delete(sb.prefix() + "dead" + i);
            }

            List<String[]> valid = List.<String[]>of(new String[] {"alive", "eth0"});
            for (String plugin : List.of("firewall", "portmap", "bridge")) {
                String conf = Configs.with(Configs.parse(plugin.equals("bridge") ? bridge
                        : plugin.equals("portmap") ? Configs.portmap(NET, 1, null).toString() : Configs.firewall(NET, null).toString()),
                        "cniVersion", "\"1.1.0\"").toString();
                p.gc(plugin, conf, valid).assertOk();
            }
            for (int i = 0; i < 40 && !withAliveOnly.part("host links").equals(HostState.links(sb, p.host)); i++) {
                Thread.sleep(50);
            }
            withAliveOnly.assertSame(HostState.of(sb, p.host, List.of(), List.of()), "after GC");
            assertEquals(aliveStore, Store.reservations(data, NET), "only the live reservation is left");

            String[] a = configs.get("alive");
            p.check("bridge", "alive", alive, "eth0", a[0]).assertOk();
            p.check("portmap", "alive", alive, "eth0", a[1]).assertOk();
            p.check("firewall", "alive", alive, "eth0", a[2]).assertOk();
            // a DEL arriving late for a dead one (the runtime catching up) still succeeds and changes nothing
            p.del("bridge", "dead0", deadPaths.get(0), "eth0", configs.get("dead0")[0]).assertOk();
            withAliveOnly.assertSame(HostState.of(sb, p.host, List.of(), List.of()), "after a late DEL");
            p.del("firewall", "alive", alive.path().toString(), "eth0", a[2]).assertOk();
            p.del("portmap", "alive", alive.path().toString(), "eth0", a[1]).assertOk();
            p.del("bridge", "alive", alive.path().toString(), "eth0", a[0]).assertOk();
            Store.assertOnlyBookkeeping(data, NET);
        }
    }

    /** ADD bridge, portmap, firewall; returns the three configs with their prevResult for CHECK/DEL. */
    static String[] chain(Plugins p, String id, NetNs ns, String bridge, int hostPort) {
        JsonObject result = JsonParser.parseString(p.add("bridge", id, ns, "eth0", bridge).assertOk().stdout()).getAsJsonObject();
        String pm = Configs.portmap(NET, hostPort, result).toString();
        p.add("portmap", id, ns, "eth0", pm).assertOk();
        String fw = Configs.firewall(NET, result).toString();
        p.add("firewall", id, ns, "eth0", fw).assertOk();
        return new String[] {Configs.with(Configs.parse(bridge), "prevResult", result).toString(), pm, fw};
    }

    @Test
    void jnetGcAfterNamespacesVanished(Sandbox sb) throws Throwable {
        TALLY.count("jnet gc after 2 namespaces vanished", () -> {
            Cli cli = new Cli(sb);
            cli.run("net", "create", "boot", "--subnet", "10.82.0.0/24", "--bridge", "br-jboot").ok();
            cli.run("netns", "add", "keep").ok();
            cli.run("attach", "keep", "--net", "boot", "-p", "8096:80").ok();
            HostState withKeepOnly = HostState.of(sb, sb.host(), List.of(), List.of());
            List<String> cacheWithKeepOnly = cacheFiles(cli);
            Map<String, String> storeWithKeepOnly = Store.reservations(cli.cacheDir.resolve("networks"), "boot");

            for (String n : List.of("gone1", "gone2")) {
                cli.run("netns", "add", n).ok();
                cli.run("attach", n, "--net", "boot", "-p", (8096 + n.charAt(4) - '0') + ":80").ok();
            }
            assertEquals(3, Store.reservations(cli.cacheDir.resolve("networks"), "boot").size());
            for (String n : List.of("gone1", "gone2")) {
                NetNs.delete(cli.ns(n)); // behind jnet's back
            }
            Cli.Result gc = cli.run("gc").ok();
            for (String n : List.of("gone1", "gone2")) {
                assertTrue(gc.stdout().contains("removed " + n + " from boot"), gc.stdout());
            }
            for (int i = 0; i < 40 && !withKeepOnly.part("host links").equals(HostState.links(sb, sb.host())); i++) {
                Thread.sleep(50);
            }
            withKeepOnly.assertSame(HostState.of(sb, sb.host(), List.of(), List.of()), "after jnet gc");
            assertEquals(cacheWithKeepOnly, cacheFiles(cli), "result cache");
            assertEquals(storeWithKeepOnly, Store.reservations(cli.cacheDir.resolve("networks"), "boot"), "leases");
            assertTrue(cli.run("gc").ok().stdout().contains("nothing to collect"), "a second gc finds nothing");
            cli.run("check", "keep").ok();
            cli.run("detach", "keep", "--net", "boot").ok();
            cli.run("netns", "del", "keep").ok();
            cli.run("net", "rm", "boot").ok();
            assertFalse(HostState.iptables(sb, sb.host(), "iptables-save", "nat").contains("10.82.0."), "no rule of the network left");
        });
    }

    static List<String> cacheFiles(Cli cli) throws java.io.IOException {
        Path results = cli.cacheDir.resolve("results");
        if (!Files.isDirectory(results)) {
            return List.of();
        }
        try (var s = Files.list(results)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
