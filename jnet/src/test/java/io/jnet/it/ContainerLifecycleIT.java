package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.jnet.containers.fs.MountTable;
import io.jnet.containers.testing.TestImages;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What happens around a container's life: exit statuses, {@code --rm} of a detached container, SIGTERM to a
 * foreground {@code jnet run}, bad input refused before anything is made, and {@code jnet gc} after a
 * {@code jnet run} was killed while creating a container or while supervising one.
 */
@KernelTest
class ContainerLifecycleIT {
    @Test
    void statuses_rm_of_detached_containers_and_sigterm(Sandbox sb) throws Exception {
        try (ContainerCli c = new ContainerCli(sb)) {
            c.loadBusybox();
            assertEquals(7, c.run("run", "--rm", "--net", "none", "busybox", "sh", "-c", "exit 7").exitCode(), "the container's status");
            CliProcess.Result opts = c.run("run", "--rm", "--net", "none", "-e", "GREETING=hi", "-w", "/tmp", "-u", "nobody", "busybox",
                    "sh", "-c", "echo $GREETING; pwd; id -u; id -g").ok();
            assertEquals(List.of("hi", "/tmp", "65534", "65534"), opts.stdout().lines().toList(), "-e, -w and -u (a name from the image)");
            c.run("run", "-d", "--net", "none", "--name", "three", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3").ok();
            assertEquals("exited", awaitState(c, "three", "exited").get("state").getAsString());
            assertEquals(3, c.containers().get(0).get("exitCode").getAsInt());
            assertTrue(c.run("ps").ok().stdout().lines().anyMatch(l -> l.matches("three\\s+busybox\\s+exited \\(3\\)\\s+.*")));
            assertEquals(List.of("out", "err"), c.run("logs", "three").ok().stdout().lines().sorted((a, b) -> b.compareTo(a)).toList());
            c.run("rm", "three").ok();

            c.run("run", "-d", "--rm", "--net", "none", "--name", "once", "busybox", "echo", "bye").ok();
            for (int i = 0; i < 150 && !c.containers().isEmpty(); i++) {
                Thread.sleep(200);
            }
            assertEquals(List.of(), c.containers(), "a detached --rm container is removed by its supervisor when it exits");

            // SIGTERM to a foreground jnet run goes to the container, and --rm still cleans up
            Process fg = c.cli.start("run", "--rm", "--net", "none", "--name", "sig", "busybox", "sh", "-c",
                    "trap 'echo got-term; exit 5' TERM; echo ready; while true; do sleep 1; done");
            BufferedReader out = new BufferedReader(new InputStreamReader(fg.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine());
            fg.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
            assertTrue(fg.waitFor(60, TimeUnit.SECONDS), "jnet run ends after SIGTERM");
            assertEquals("got-term", out.readLine(), "the container got the signal");
            assertEquals(List.of(), c.containers(), "and was removed");
            c.assertNothingLeft();
        }
    }

    @Test
    void bad_input_is_refused_with_one_line_and_nothing_is_made(Sandbox sb) throws Exception {
        try (ContainerCli c = new ContainerCli(sb)) {
            c.loadBusybox();
            c.run("run", "--net", "none", "--name", "taken", "busybox", "true").ok();
            List<String> imagesBefore = tree(c.dataDir.resolve("images"));
            List<String> containersBefore = tree(c.dataDir.resolve("containers"));
            List<String> namespacesBefore = ours(sb);
            Path corrupt = TestImages.write(sb.tempDir(), "corrupt.tar", java.util.Arrays.copyOf(
                    TestImages.dockerArchive(List.of(TestImages.busybox("x"))), 5000));
            Object[][] cases = {
                {3, "no image nosuch in the store", new String[] {"run", "nosuch"}},
                {2, "bad mount spec -v './relative:/x'", new String[] {"run", "-v", "./relative:/x", "busybox"}},
                {2, "bad mount spec -v '/x'", new String[] {"run", "-v", "/x", "busybox"}},
                {3, "the host path /nonexistent/jnet does not exist", new String[] {"run", "-v", "/nonexistent/jnet:/x", "busybox"}},
                {2, "--memory 1k is below the minimum of 6m", new String[] {"run", "--memory", "1k", "busybox"}},
                {2, "bad --memory 'lots'", new String[] {"run", "--memory", "lots", "busybox"}},
                {2, "--cpus 0 is out of range", new String[] {"run", "--cpus", "0", "busybox"}},
                {2, "--cpus 999 is out of range", new String[] {"run", "--cpus", "999", "busybox"}},
                {2, "--pids-limit 0 is out of range", new String[] {"run", "--pids-limit", "0", "busybox"}},
                {4, "the name taken is in use by a container", new String[] {"run", "--name", "taken", "busybox"}},
                {2, "bad container name 'no/slash'", new String[] {"run", "--name", "no/slash", "busybox"}},
                {3, "network nosuch does not exist", new String[] {"run", "--net", "nosuch", "busybox"}},
                {2, "--net none takes no -p, --ip or --alias", new String[] {"run", "--net", "none", "-p", "8080:80", "busybox"}},
                {2, "--net host and --net none cannot be combined", new String[] {"run", "--net", "host", "--net", "none", "busybox"}},
                {2, "-w tmp is not an absolute path", new String[] {"run", "-w", "tmp", "busybox"}},
                {2, "--pid takes only 'host'", new String[] {"run", "--pid", "container:x", "busybox"}},
                {2, "bad --user 'a:b:c'", new String[] {"run", "--user", "a:b:c", "busybox"}},
                {2, "bad -e '=x'", new String[] {"run", "-e", "=x", "busybox"}},
                {2, "bad image name 'Busybox'", new String[] {"run", "Busybox"}},
                {2, "none of the container's networks has DNS", new String[] {"run", "--alias", "www", "busybox"}},
                {2, "bad alias 'no_underscores'", new String[] {"run", "--alias", "no_underscores", "busybox"}},
                {2, "corrupt image: not a tar archive", new String[] {"image", "load", corrupt.toString()}},
                {3, "no such file: /nonexistent.tar", new String[] {"image", "load", "/nonexistent.tar"}},
                {3, "no container nosuch", new String[] {"exec", "nosuch", "ls"}},
                {3, "no container nosuch", new String[] {"rm", "nosuch"}},
                {4, "container taken is not running", new String[] {"exec", "taken", "ls"}},
                {3, "no volume nosuch", new String[] {"volume", "rm", "nosuch"}},
            };
            for (Object[] k : cases) {
                String[] args = (String[]) k[2];
                CliProcess.Result r = c.run(args).assertExit((Integer) k[0]);
                assertTrue(r.stderr().startsWith("jnet: " + k[1]) && r.stderr().contains(" (hint: ") && r.stderr().endsWith(")\n")
                        && r.stderr().lines().count() == 1, String.join(" ", args) + " -> " + r.stderr());
                assertEquals("", r.stdout(), String.join(" ", args));
            }
            JsonObject spec = com.google.gson.JsonParser.parseString(c.run("run", "--dry-run", "--memory", "32m", "--net", "none", "busybox", "echo", "hi")
                    .ok().stdout()).getAsJsonObject();
            assertEquals("[\"echo\",\"hi\"]", spec.getAsJsonObject("process").get("args").toString(), "--dry-run prints the spec");
            assertEquals(32L << 20, spec.getAsJsonObject("linux").getAsJsonObject("resources").getAsJsonObject("memory").get("limit").getAsLong());
            assertEquals(imagesBefore, tree(c.dataDir.resolve("images")), "the image store is unchanged");
            assertEquals(containersBefore, tree(c.dataDir.resolve("containers")), "no container was made");
            assertEquals(namespacesBefore, ours(sb), "no namespace was made");
            assertEquals(List.of(), MountTable.under(c.dataDir).stream().toList(), "nothing mounted");
            c.run("rm", "taken").ok();
            c.assertNothingLeft();
        }
    }

    @Test
    void gc_cleans_up_after_a_jnet_run_killed_while_creating_or_supervising(Sandbox sb) throws Exception {
        try (ContainerCli c = new ContainerCli(sb)) {
            c.loadBusybox();
            Path doubles = sb.tempDir();
            Path stallFlag = doubles.resolve("stall");
            Path reached = doubles.resolve("reached");
            Files.writeString(doubles.resolve("stall-while-told"), """
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
            Files.setPosixFilePermissions(doubles.resolve("stall-while-told"), PosixFilePermissions.fromString("rwx------"));
            c.cli.extraCniPath = doubles.toString();
            c.run("net", "create", "stall", "--subnet", "10.46.0.0/24", "--cni-version", "1.1.0").ok();
            Path conf = c.cli.configDir.resolve("stall.conflist");
            String text = Files.readString(conf);
            int end = text.lastIndexOf(']');
            Files.writeString(conf, text.substring(0, end).stripTrailing() + ",\n    {\"type\": \"stall-while-told\"}\n  ]\n}\n");

            // 1. killed while its network is being attached: the overlay is mounted, the namespace made, a lease taken
            Files.writeString(stallFlag, "");
            Process run = c.cli.start("run", "--net", "stall", "--name", "k", "busybox", "sleep", "600");
            for (int i = 0; i < 600 && !Files.exists(reached); i++) {
                assertTrue(run.isAlive(), "jnet run ended before reaching the stalling plugin");
                Thread.sleep(50);
            }
            assertTrue(Files.exists(reached), "jnet run never reached the stalling plugin");
            CliProcess.Result busy = c.run("gc").ok();
            assertFalse(busy.stdout().contains("removed k"), "a gc while jnet run works leaves it alone: " + busy.stdout());
            kill(run, true);
            Files.delete(stallFlag);
            assertEquals(1, MountTable.under(c.dataDir).size(), "half-made: the overlay is mounted");
            assertTrue(NetNs.list().contains(sb.prefix() + "k"), "half-made: the namespace exists");
            assertEquals("dead", c.containers().get(0).get("state").getAsString());
            CliProcess.Result gc = c.run("gc").ok();
            assertTrue(gc.stdout().contains("removed k (a jnet run died while creating it)"), gc.stdout());
            assertTrue(gc.stdout().contains("removed k from stall (eth0, an attach that never finished)"), gc.stdout());
            c.assertNothingLeft();

            // 2. killed (alone, as by the OOM killer) while its --rm container runs: runc and the container live on
            Process fg = c.cli.start("run", "--rm", "--net", "none", "--name", "orphan", "busybox", "sleep", "600");
            BufferedReader none = new BufferedReader(new InputStreamReader(fg.getErrorStream(), StandardCharsets.UTF_8));
            assertEquals("running", awaitState(c, "orphan", "running").get("state").getAsString(), "started: " + (fg.isAlive() ? "" : none.readLine()));
            kill(fg, false);
            gc = c.run("gc").ok();
            assertTrue(gc.stdout().contains("stopped and removed orphan (--rm, and its jnet run died)"), gc.stdout());
            for (int i = 0; i < 100 && !c.processes().isEmpty(); i++) {
                Thread.sleep(100); // runc run notices its container is gone
            }
            assertTrue(c.run("gc").ok().stdout().contains("nothing to collect"), "a second gc has nothing left");
            c.assertNothingLeft();
            c.run("net", "rm", "stall").ok();
        }
    }

    private static JsonObject awaitState(ContainerCli c, String name, String state) throws InterruptedException {
        JsonObject last = null;
        for (int i = 0; i < 150; i++) {
            for (JsonObject o : c.containers()) {
                if (o.get("name").getAsString().equals(name)) {
                    last = o;
                    if (o.get("state").getAsString().equals(state)) {
                        return o;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " never reached " + state + ": " + last);
    }

    /** SIGKILL to the jnet CLI, with the plugins it runs or alone. */
    private static void kill(Process p, boolean withChildren) throws Exception {
        List<ProcessHandle> tree = withChildren ? p.descendants().toList() : List.of();
        p.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the killed jnet run did not end");
        for (ProcessHandle h : tree) {
            h.onExit().get(10, TimeUnit.SECONDS);
        }
    }

    /** This test's namespaces (other tests make theirs at the same time). */
    private static List<String> ours(Sandbox sb) throws Exception {
        return NetNs.list().stream().filter(n -> n.startsWith(sb.prefix())).sorted().toList();
    }

    private static List<String> tree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
