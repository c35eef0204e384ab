package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A container is a process with namespaces of its own: PID 1 of a PID namespace seeing only its own processes
 * ({@code --pid host} sees the host's), its own host name, and pid, ipc, uts, mount and network namespaces that are
 * not the host's; with {@code --userns}, root inside is an unprivileged user outside.
 */
@KernelTest
class ContainerNamespacesIT {
    private static final List<String> NAMESPACES = List.of("pid", "ipc", "uts", "mnt", "net");

    @Test
    void the_command_is_pid_1_with_namespaces_of_its_own(Sandbox sb) throws Exception {
        try (ContainerCli c = new ContainerCli(sb)) {
            c.loadBusybox();
            String hostName = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            StringBuilder script = new StringBuilder("echo pid=$$; hostname; ps -o pid,comm | tail -n +2");
            for (String ns : NAMESPACES) {
                script.append("; echo ns-").append(ns).append("=$(readlink /proc/self/ns/").append(ns).append(")");
            }
            CliProcess.Result r = c.run("run", "--rm", "--name", "iso", "--hostname", "box", "busybox", "sh", "-c", script.toString()).ok();
            List<String> lines = r.stdout().lines().toList();
            assertEquals("pid=1", lines.get(0), r.stdout());
            assertEquals("box", lines.get(1), "the UTS namespace's own host name");
            List<String> procs = lines.stream().filter(l -> l.matches("\\s*\\d+\\s+\\S+")).map(String::strip).toList();
            assertEquals("1 sh", procs.get(0).replaceAll("\\s+", " "), "the shell is PID 1: " + procs);
            assertTrue(procs.size() <= 3, "only its own processes (sh, ps, tail): " + procs);
            Map<String, String> host = Map.of(
                    "pid", link("/proc/self/ns/pid"), "ipc", link("/proc/self/ns/ipc"), "uts", link("/proc/self/ns/uts"),
                    "mnt", link("/proc/self/ns/mnt"), "net", "net:[" + sb.host().inode() + "]");
            for (String ns : NAMESPACES) {
                String mine = lines.stream().filter(l -> l.startsWith("ns-" + ns + "=")).findFirst().orElseThrow().substring(ns.length() + 4);
                assertTrue(mine.startsWith(ns + ":["), mine);
                assertNotEquals(host.get(ns), mine, ns + " namespace is the container's own");
            }
            assertNotEquals(link("/proc/self/ns/net"), lines.stream().filter(l -> l.startsWith("ns-net=")).findFirst().orElseThrow().substring(7),
                    "nor the real host's network namespace");
            assertEquals(hostName, Files.readString(Path.of("/proc/sys/kernel/hostname")).strip(), "the host's name is unchanged");

            // --pid host: the host's processes are visible, this test's JVM among them
            long self = ProcessHandle.current().pid();
            CliProcess.Result shared = c.run("run", "--rm", "--pid", "host", "--net", "host", "busybox", "sh", "-c",
                    "echo pid=$$; test -d /proc/" + self + " && echo sees-the-test").ok();
            assertTrue(shared.stdout().contains("sees-the-test"), shared.stdout());
            assertNotEquals("pid=1", shared.stdout().lines().findFirst().orElse(""));
            CliProcess.Result hostNet = c.run("run", "--rm", "--net", "host", "busybox", "readlink", "/proc/self/ns/net").ok();
            assertEquals("net:[" + sb.host().inode() + "]", hostNet.stdout().strip(), "--net host is the caller's namespace");
            CliProcess.Result none = c.run("run", "--rm", "--net", "none", "busybox", "sh", "-c", "ls /sys/class/net").ok();
            assertEquals("lo", none.stdout().strip(), "--net none: loopback only");
            c.assertNothingLeft();
        }
    }

    @Test
    void with_userns_root_inside_is_an_unprivileged_user_outside(Sandbox sb) throws Exception {
        try (ContainerCli c = new ContainerCli(sb)) {
            c.loadBusybox();
            long allowed = Long.parseLong(Files.readString(Path.of("/proc/sys/user/max_user_namespaces")).strip());
            if (allowed == 0) {
                CliProcess.Result refused = c.run("run", "--rm", "--userns", "busybox", "true").assertExit(5);
                assertTrue(refused.stderr().contains("does not allow user namespaces"), refused.stderr());
                c.assertNothingLeft();
                return;
            }
            CliProcess.Result inside = c.run("run", "--rm", "--userns", "busybox", "sh", "-c",
                    "id -u; cat /proc/self/uid_map; touch /written-by-root && echo root-writes-its-own; touch /bin/not-mine || echo image-not-writable").ok();
            List<String> lines = inside.stdout().lines().map(String::strip).toList();
            assertEquals("0", lines.get(0), "root inside");
            assertEquals("0 100000 65536", lines.get(1).replaceAll("\\s+", " "), "mapped to host uid 100000");
            assertTrue(lines.contains("root-writes-its-own"), "its own upper dir is its root's: " + inside.stdout());
            assertTrue(lines.contains("image-not-writable"), "the image's files belong to the host's root: " + inside.stdout());

            c.run("run", "-d", "--userns", "--name", "u", "busybox", "sleep", "600").ok();
            long pid = c.inspect("u").get("pid").getAsLong();
            String uid = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
            assertEquals("100000", uid.split("\\s+")[1], "outside, the container's root is uid 100000: " + uid);
            if (runcBefore12(sb)) {
                // runc 1.1 joins the user namespace before the network namespace, which then belongs to a stranger
                CliProcess.Result exec = c.run("exec", "u", "id").assertExit(1);
                assertTrue(exec.stderr().contains("runc 1.2"), exec.stderr());
            } else {
                assertEquals("0", c.run("exec", "u", "id", "-u").ok().stdout().strip());
            }
            c.run("rm", "-f", "u").ok();
            c.assertNothingLeft();
        }
    }

    private static boolean runcBefore12(Sandbox sb) {
        String v = sb.execHere("runc", "--version").assertOk().stdout().lines().findFirst().orElse("");
        return v.matches("runc version 1\\.[01]\\..*");
    }

    private static String link(String p) throws Exception {
        return Files.readSymbolicLink(Path.of(p)).toString();
    }
}
