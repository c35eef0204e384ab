package io.jnet.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.ExecResult;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * SIGKILL (the plugin and every child it started, as a timeout or a node crash does) at many points of
 * ADD and DEL: bridge with host-local and masquerade, and portmap chained after it. The delay before each
 * kill is spread over the measured duration of the call (stratified, with a random offset in each slot).
 * After every kill: the store holds no broken file; DEL and GC (with the surviving attachments as the valid
 * list) succeed; no address, link, rule or store file of the killed attachment is left; the survivors are
 * untouched; and the next ADD works (its attachment becomes a survivor). At the end every survivor is
 * deleted and the host is back to its baseline.
 */
@KernelTest
class CrashRecoveryIT {
    static final Tally TALLY = new Tally("crash recovery");
    static final Map<String, Integer> LANDED = new TreeMap<>();
    static final String NET = "crashnet";
    static final int ADD_KILLS = 6;
    static final int DEL_KILLS = 3;
    static final int PORTMAP_KILLS = 3;

    @AfterAll
    static void summary() {
        TALLY.print();
        System.out.println("[reliability] crash recovery: what the kills interrupted: " + LANDED);
    }

    @TestFactory
    Stream<DynamicTest> killedCallsLeaveNothingBehindAfterDelAndGc(Sandbox sb) throws Exception {
        Plugins p = new Plugins(sb);
        Path data = sb.tempDir();
        String bridge = Configs.bridge(NET, "br-crash", data, "10.87.0.0/24").toString();
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.println("[reliability] crash recovery: random seed " + seed);

        // measure the calls (this also creates the bridge and the shared chains the baseline holds)
        NetNs probe = sb.container("probe");
        long t0 = System.nanoTime();
        JsonObject probeResult = JsonParser.parseString(p.add("bridge", "probe", probe, "eth0", bridge).assertOk().stdout()).getAsJsonObject();
        long addNanos = System.nanoTime() - t0;
        String probePm = Configs.portmap(NET, 7000, probeResult).toString();
        t0 = System.nanoTime();
        p.add("portmap", "probe", probe, "eth0", probePm).assertOk();
        long pmNanos = System.nanoTime() - t0;
        p.del("portmap", "probe", probe.path().toString(), "eth0", probePm).assertOk();
        t0 = System.nanoTime();
        p.del("bridge", "probe", probe.path().toString(), "eth0", bridge).assertOk();
        long delNanos = System.nanoTime() - t0;
        System.out.printf("[reliability] crash recovery: measured ADD %d ms, DEL %d ms, portmap ADD %d ms%n",
                addNanos / 1_000_000, delNanos / 1_000_000, pmNanos / 1_000_000);

        Round r = new Round(sb, p, data, bridge, HostState.of(sb, p.host, List.of(), List.of()));
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < ADD_KILLS; i++) {
            long delay = slot(addNanos, i, ADD_KILLS, random);
            int n = i;
            tests.add(dynamicTest("bridge ADD killed after " + delay / 1_000_000 + " ms of ~" + addNanos / 1_000_000,
                    () -> TALLY.count("bridge ADD killed", () -> r.killAdd("a" + n, delay))));
        }
        for (int i = 0; i < DEL_KILLS; i++) {
            long delay = slot(delNanos, i, DEL_KILLS, random);
            int n = i;
            tests.add(dynamicTest("bridge DEL killed after " + delay / 1_000_000 + " ms of ~" + delNanos / 1_000_000,
                    () -> TALLY.count("bridge DEL killed", () -> r.killDel("d" + n, delay))));
        }
        for (int i = 0; i < PORTMAP_KILLS; i++) {
            // portmap's own work is a short tail after the JVM start: aim later
            long delay = (long) (slot(pmNanos, i, PORTMAP_KILLS, random) * 1.5);
            int n = i;
            tests.add(dynamicTest("portmap ADD killed after " + delay / 1_000_000 + " ms of ~" + pmNanos / 1_000_000,
                    () -> TALLY.count("portmap ADD killed", () -> r.killPortmapAdd("p" + n, 7100 + n, delay))));
        }
        tests.add(dynamicTest("every survivor deleted: the host is back to its baseline", () -> TALLY.count("final cleanup", r::deleteSurvivors)));
        return tests.stream();
    }

    /** A delay in slot {@code i} of {@code n} equal slots over 20%..110% of {@code total}: most kills land inside real work. */
    static long slot(long total, int i, int n, Random random) {
        double from = 0.2 + 0.9 * i / n;
        double width = 0.9 / n;
        return (long) (total * (from + width * random.nextDouble()));
    }

    /** The rounds share one host: survivors accumulate and must stay untouched by the others' recovery. */
    static final class Round {
        final Sandbox sb;
        final Plugins p;
        final Path data;
        final String bridge;
        final HostState baseline;
        final Map<String, NetNs> survivors = new TreeMap<>();
        final Map<String, String> survivorConfigs = new TreeMap<>();
        final Set<String> everyId = new TreeSet<>();
        HostState expected;

        Round(Sandbox sb, Plugins p, Path data, String bridge, HostState baseline) {
            this.sb = sb;
            this.p = p;
            this.data = data;
            this.bridge = bridge;
            this.baseline = baseline;
            this.expected = baseline;
        }

        void killAdd(String id, long delayNanos) throws Exception {
            NetNs ns = sb.container(id);
            everyId.add(id);
            Plugins.Running run = p.start("bridge", p.env("ADD", id, ns.path().toString(), "eth0"), bridge);
            sleepNanos(delayNanos);
            run.kill();
            landed("bridge ADD", id, ns, run);
            Store.assertIntact(data, NET, everyId);
            p.del("bridge", id, ns.path().toString(), "eth0", bridge).assertOk();
            recoverAndCheck(id, ns);
            nextAddWorks(id + "-next");
        }

        void killDel(String id, long delayNanos) throws Exception {
            NetNs ns = sb.container(id);
            everyId.add(id);
            String withPrev = Configs.with(Configs.parse(bridge), "prevResult",
                    JsonParser.parseString(p.add("bridge", id, ns, "eth0", bridge).assertOk().stdout())).toString();
            Plugins.Running run = p.start("bridge", p.env("DEL", id, ns.path().toString(), "eth0"), withPrev);
            sleepNanos(delayNanos);
            run.kill();
            landed("bridge DEL", id, ns, run);
            Store.assertIntact(data, NET, everyId);
            p.del("bridge", id, ns.path().toString(), "eth0", withPrev).assertOk();
            recoverAndCheck(id, ns);
            nextAddWorks(id + "-next");
        }

        void killPortmapAdd(String id, int hostPort, long delayNanos) throws Exception {
            NetNs ns = sb.container(id);
            everyId.add(id);
            JsonObject result = JsonParser.parseString(p.add("bridge", id, ns, "eth0", bridge).assertOk().stdout()).getAsJsonObject();
            String pm = Configs.portmap(NET, hostPort, result).toString();
            Plugins.Running run = p.start("portmap", p.env("ADD", id, ns.path().toString(), "eth0"), pm);
            sleepNanos(delayNanos);
            run.kill();
            boolean rules = HostState.mentionsId(HostState.iptables(sb, p.host, "iptables-save", "nat"), id);
            LANDED.merge("portmap ADD: " + (run.process().exitValue() == 0 ? "finished" : rules ? "rules in" : "no rule yet"), 1, Integer::sum);
            p.del("portmap", id, ns.path().toString(), "eth0", pm).assertOk();
            p.del("bridge", id, ns.path().toString(), "eth0", bridge).assertOk();
            recoverAndCheck(id, ns);
            nextAddWorks(id + "-next");
        }

        /** GC with the survivors as the valid list, then: nothing of {@code id} anywhere, survivors as they were. */
        void recoverAndCheck(String id, NetNs ns) throws Exception {
            List<String[]> valid = survivors.keySet().stream().map(s -> new String[] {s, "eth0"}).toList();
            String gcConf = Configs.with(Configs.parse(bridge), "cniVersion", "\"1.1.0\"").toString();
            p.gc("portmap", Configs.with(Configs.portmap(NET, 1, null), "cniVersion", "\"1.1.0\"").toString(), valid).assertOk();
            p.gc("bridge", gcConf, valid).assertOk();
            assertEquals(List.of("lo"), HostState.linkNames(sb, ns), "links left in " + id + "'s namespace");
            waitForSettledLinks(expected);
            expected.assertSame(HostState.of(sb, p.host, List.of(), List.of()), "after killing " + id + ", DEL and GC");
            Store.assertIntact(data, NET, survivors.keySet());
            assertEquals(survivors.keySet(), new TreeSet<>(Store.reservations(data, NET).values().stream()
                    .map(v -> v.substring(0, v.indexOf('\r'))).toList()), "reservations are exactly the survivors'");
        }

        void nextAddWorks(String id) throws Exception {
            NetNs ns = sb.container(id);
            ExecResult r = p.add("bridge", id, ns, "eth0", bridge).assertOk();
            assertTrue(r.stdout().contains("10.87.0."), r.stdout());
            survivors.put(id, ns);
            everyId.add(id);
            expected = HostState.of(sb, p.host, List.of(), List.of());
            // leave the store of the killed attachment's temp files to the next writer: after this ADD, none may remain
            assertTrue(Store.files(data, NET).keySet().stream().noneMatch(n -> n.startsWith(".")), "temp files left after an ADD");
        }

        void deleteSurvivors() throws Exception {
            for (Map.Entry<String, NetNs> s : survivors.entrySet()) {
                p.del("bridge", s.getKey(), s.getValue().path().toString(), "eth0", bridge).assertOk();
            }
            survivors.clear();
            waitForSettledLinks(baseline);
            baseline.assertSame(HostState.of(sb, p.host, List.of(), List.of()), "after deleting every survivor");
            Store.assertOnlyBookkeeping(data, NET);
        }

        private void landed(String call, String id, NetNs ns, Plugins.Running run) throws Exception {
            String state;
            if (run.process().exitValue() == 0) {
                state = "finished";
            } else {
                boolean link = HostState.links(sb, ns).contains("eth0");
                boolean ip = Store.reservations(data, NET).values().stream().anyMatch(v -> v.startsWith(id + "\r\n"));
                boolean masq = HostState.mentionsId(HostState.iptables(sb, p.host, "iptables-save", "nat"), id);
                state = (link ? "link" : "no link") + (ip ? "+address" : "") + (masq ? "+masquerade" : "");
            }
            LANDED.merge(call + ": " + state, 1, Integer::sum);
        }

        /** A deleted veth disappears from the host a moment later; give it a second before comparing. */
        private void waitForSettledLinks(HostState want) throws InterruptedException {
            for (int i = 0; i < 20 && !want.part("host links").equals(HostState.links(sb, p.host)); i++) {
                Thread.sleep(50);
            }
        }
    }

    static void sleepNanos(long nanos) throws InterruptedException {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }
}
