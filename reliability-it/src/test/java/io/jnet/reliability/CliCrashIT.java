package io.jnet.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The runtime itself killed: {@code jnet attach} (CLI, bridge, host-local, portmap) SIGKILLed with all its
 * children at points spread over its measured duration. The result cache is written only after the whole
 * chain succeeded, so a killed attach leaves no cache entry; {@code jnet gc} (plugin GC with the cached
 * attachments as the valid list) must then remove its lease and rules, leaving the host as it was, and the
 * next attach of the same namespace must work.
 */
@KernelTest
class CliCrashIT {
    static final Tally TALLY = new Tally("crash recovery (CLI)");
    static final Map<String, Integer> LANDED = new TreeMap<>();
    static final int KILLS = 3;

    @AfterAll
    static void summary() {
        TALLY.print();
        System.out.println("[reliability] crash recovery (CLI): what the kills interrupted: " + LANDED);
    }

    @TestFactory
    Stream<DynamicTest> killedAttachIsCollectedByGc(Sandbox sb) throws Exception {
        Cli cli = new Cli(sb);
        cli.run("net", "create", "kill", "--subnet", "10.81.0.0/24", "--bridge", "br-kill").ok();
        cli.run("netns", "add", "probe").ok();
        long t0 = System.nanoTime();
        cli.run("attach", "probe", "--net", "kill", "-p", "8190:80").ok();
        long attachNanos = System.nanoTime() - t0;
        cli.run("detach", "probe", "--net", "kill").ok();
        Random random = new Random();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < KILLS; i++) {
            // the CLI's own start-up is most of the call: aim at the second half, where the plugins work
            long delay = attachNanos / 2 + CrashRecoveryIT.slot(attachNanos / 2, i, KILLS, random);
            String ns = "k" + i;
            tests.add(dynamicTest("jnet attach killed after " + delay / 1_000_000 + " ms of ~" + attachNanos / 1_000_000,
                    () -> TALLY.count("jnet attach killed", "jnet attach killed", () -> {
                        HostState before = HostState.of(sb, sb.host(), List.of(), List.of());
                        cli.run("netns", "add", ns).ok();
                        try {
                        Process p = cli.start("attach", ns, "--net", "kill", "-p", "8191:80");
                        CrashRecoveryIT.sleepNanos(delay);
                        Plugins.killTree(p);
                        String links;
                        try (NetNs n = NetNs.named(cli.ns(ns))) {
                            links = String.join(",", HostState.linkNames(sb, n));
                        }
                        // finished: it exited 0, or the kill came after its last step (the pending record gone, the
                        // result cached) while the JVM was still on its way out; the exit status alone cannot tell
                        boolean finished = p.exitValue() == 0 || finishedBeforeTheKill(cli);
                        LANDED.merge(finished ? "finished" : "links in the namespace: " + links, 1, Integer::sum);
                        if (finished) {
                            cli.run("detach", ns, "--net", "kill").ok();
                        }
                        cli.run("gc").ok();
                        for (int w = 0; w < 40 && !before.part("host links").equals(HostState.links(sb, sb.host())); w++) {
                            Thread.sleep(50);
                        }
                        before.assertSame(HostState.of(sb, sb.host(), List.of(), List.of()), "after the killed attach and jnet gc");
                        assertEquals(List.of(), Store.reservations(cli.cacheDir.resolve("networks"), "kill").keySet().stream().toList(),
                                "leases left");
                        // the next attach of the same namespace works
                        cli.run("attach", ns, "--net", "kill", "-p", "8191:80").ok();
                        cli.run("detach", ns, "--net", "kill").ok();
                        } finally {
                            // the namespace goes in any case (with it whatever a failed recovery left inside)
                            cli.run("netns", "del", ns, "--force");
                            cli.run("gc");
                        }
                    })));
        }
        tests.add(dynamicTest("cleanup", () -> {
            cli.run("netns", "del", "probe").ok();
            cli.run("net", "rm", "kill").ok();
        }));
        return tests.stream();
    }

    /** The attach's result is cached and no pending record of an unfinished attach is left (the only attach of the test). */
    private static boolean finishedBeforeTheKill(Cli cli) throws java.io.IOException {
        return hasRegularFile(cli.cacheDir.resolve("results")) && !hasRegularFile(cli.stateDir.resolve("attaching"));
    }

    private static boolean hasRegularFile(java.nio.file.Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return false;
        }
        try (var s = java.nio.file.Files.walk(dir)) {
            return s.anyMatch(java.nio.file.Files::isRegularFile);
        }
    }
}
