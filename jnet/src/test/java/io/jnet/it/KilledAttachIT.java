package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A {@code jnet attach} killed after bridge, host-local and portmap did their part, while a last plugin is
 * still running: the result cache knows nothing of it, yet {@code jnet gc} (or the next attach of the same
 * interface) undoes the veth pair, the lease and the port rules; a gc that runs while the attach is still
 * alive leaves it alone.
 */
@KernelTest
class KilledAttachIT {
    private static final String NET = "stall";

    @Test
    void aKilledAttachIsUndoneByGcOrByTheNextAttach(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        Path doubles = sb.tempDir();
        Path stalling = doubles.resolve("stall-while-told");
        Path stallFlag = doubles.resolve("stall");
        Path reached = doubles.resolve("reached");
        // ADD stalls while the flag file exists, after saying it got there; everything else succeeds at once
        Files.writeString(stalling, """
                #!/bin/sh
                cat >/dev/null
                case "$CNI_COMMAND" in
                  ADD)
                    if [ -e %1$s ]; then : > %2$s; while [ -e %1$s ]; do sleep 0.1; done; fi
                    printf '{"cniVersion":"1.1.0"}' ;;
                  VERSION) printf '{"cniVersion":"1.1.0","supportedVersions":["1.0.0","1.1.0"]}' ;;
                esac
                exit 0
                """.formatted(stallFlag, reached), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(stalling, PosixFilePermissions.fromString("rwx------"));
        cli.extraCniPath = doubles.toString();

        cli.run("net", "create", NET, "--subnet", "10.45.0.0/24", "--cni-version", "1.1.0").ok();
        Path conf = cli.configDir.resolve(NET + ".conflist");
        String text = Files.readString(conf);
        int end = text.lastIndexOf(']');
        Files.writeString(conf, text.substring(0, end).stripTrailing() + ",\n    {\"type\": \"stall-while-told\"}\n  ]\n}\n");
        cli.run("netns", "add", "k").ok();
        List<String> hostLinksBefore = KernelState.links(sb, sb.host());

        // 1. a gc while the attach is alive keeps it (1.1.0: GC tells host-local which leases stay); killed, the attach is undone by gc
        Files.writeString(stallFlag, "");
        Process attach = stalledAttach(cli, reached);
        CliProcess.Result gc = cli.run("gc").ok();
        assertTrue(gc.stdout().contains("nothing to collect"), gc.stdout());
        assertEquals(1, leases(cli).size(), "the live attach keeps its lease through gc");
        Path records = cli.stateDir.resolve("attaching");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(records)));
        try (var files = Files.list(records)) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), "one record of the running attach: " + all);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(all.get(0))));
        }
        kill(attach);
        assertHalfMade(sb, cli);
        gc = cli.run("gc").ok();
        assertTrue(gc.stdout().contains("removed " + "k from " + NET + " (eth0, an attach that never finished)"), gc.stdout());
        assertNothingLeft(sb, cli, hostLinksBefore);
        assertTrue(cli.run("gc").ok().stdout().contains("nothing to collect"), "the record went with the undo");

        // 2. killed again, the next attach of the same interface undoes it first and then succeeds
        Files.delete(reached);
        attach = stalledAttach(cli, reached);
        kill(attach);
        assertHalfMade(sb, cli);
        Files.delete(stallFlag);
        cli.run("attach", "k", "--net", NET, "-p", "8098:80").ok();
        assertEquals(1, leases(cli).size(), "one lease: the dead attach's went");
        cli.run("detach", "k", "--net", NET).ok();
        assertNothingLeft(sb, cli, hostLinksBefore);
        assertEquals(List.of(), KernelState.stateFiles(cli.stateDir), "no attach record left in the state directory");

        cli.run("netns", "del", "k").ok();
        cli.run("net", "rm", NET).ok();
    }

    private static Process stalledAttach(CliProcess cli, Path reached) throws InterruptedException {
        Process attach = cli.start("attach", "k", "--net", NET, "-p", "8098:80");
        for (int i = 0; i < 600 && !Files.exists(reached); i++) {
            assertTrue(attach.isAlive(), "the attach ended before reaching the stalling plugin");
            Thread.sleep(50);
        }
        assertTrue(Files.exists(reached), "the attach never reached the stalling plugin");
        return attach;
    }

    /** SIGKILL to the CLI and the plugin it runs, as an OOM killer or a runtime's timeout would. */
    private static void kill(Process p) throws Exception {
        List<ProcessHandle> tree = p.descendants().toList();
        p.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the killed attach did not end");
        for (ProcessHandle h : tree) {
            h.onExit().get(10, TimeUnit.SECONDS);
        }
    }

    private static void assertHalfMade(Sandbox sb, CliProcess cli) throws Exception {
        try (NetNs k = NetNs.named(cli.ns("k"))) {
            assertTrue(KernelState.links(sb, k).contains("eth0"), "the bridge plugin's part is there: " + KernelState.links(sb, k));
        }
        assertEquals(1, leases(cli).size(), "the lease is there");
        assertFalse(cli.run("ps").ok().stdout().contains(NET), "the result cache knows nothing of the dead attach");
    }

    private static void assertNothingLeft(Sandbox sb, CliProcess cli, List<String> hostLinksBefore) throws Exception {
        try (NetNs k = NetNs.named(cli.ns("k"))) {
            assertEquals(List.of("lo"), KernelState.links(sb, k), "nothing left in the namespace");
        }
        List<String> hostLinks = KernelState.links(sb, sb.host());
        assertFalse(hostLinks.stream().anyMatch(l -> l.startsWith("veth")), "no veth left on the host: " + hostLinks);
        assertTrue(hostLinks.size() <= hostLinksBefore.size() + 1, "at most the bridge is new: " + hostLinks);
        assertEquals(List.of(), leases(cli), "lease released");
        assertEquals(List.of(), KernelState.cniNatLines(sb, sb.host()).stream().filter(l -> l.contains("CNI-DN-") || l.contains("8098")).toList(),
                "no port rule left");
    }

    private static List<String> leases(CliProcess cli) throws Exception {
        return KernelState.files(cli.cacheDir.resolve("networks/" + NET)).stream().filter(f -> f.startsWith("10.45.")).toList();
    }
}
