package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cgroup limits as the kernel enforces them, read from the cgroup files runc wrote (v2 {@code memory.max},
 * {@code cpu.max}, {@code pids.max}; v1 {@code memory.limit_in_bytes}, {@code cpu.cfs_quota_us}, {@code pids.max}):
 * a process allocating 64 MiB under {@code --memory 32m} is OOM-killed, a fork loop stops at {@code --pids-limit}.
 * Each limit is shown to matter by the same command succeeding without it.
 */
@KernelTest // --net none where the network is not the point: no plugin runs, the tests stay quick
class ContainerLimitsIT {
    private static final String DD = "dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null; echo dd=$?";
    private static final String FORKS = "i=0; while [ $i -lt 40 ]; do sleep 30 & i=$((i+1)); done; echo all-40-started";

    @Test
    void memory_cpu_and_pids_limits_are_in_the_cgroup_and_hold(Sandbox sb) throws Exception {
        try (ContainerCli c = new ContainerCli(sb)) {
            c.loadBusybox();
            c.run("run", "--net", "none", "-d", "--name", "lim", "--memory", "32m", "--cpus", "0.5", "--pids-limit", "16", "busybox", "sleep", "600").ok();
            JsonObject cg = c.inspect("lim").getAsJsonObject("cgroup");
            assertTrue(cg.get("exists").getAsBoolean(), cg.toString());
            String id = c.inspect("lim").get("id").getAsString();
            if (cg.get("version").getAsInt() == 2) {
                Path dir = ContainerCli.CGROUPS.resolve(c.cgroupParent).resolve(id);
                assertEquals("33554432", Files.readString(dir.resolve("memory.max")).strip());
                assertEquals("50000 100000", Files.readString(dir.resolve("cpu.max")).strip());
                assertEquals("16", Files.readString(dir.resolve("pids.max")).strip());
                assertEquals("50000 100000", cg.get("cpuMax").getAsString());
            } else {
                Path cgroups = ContainerCli.CGROUPS;
                assertEquals("33554432", Files.readString(cgroups.resolve("memory").resolve(c.cgroupParent).resolve(id).resolve("memory.limit_in_bytes")).strip());
                assertEquals("50000", Files.readString(cpuDir(cgroups).resolve(c.cgroupParent).resolve(id).resolve("cpu.cfs_quota_us")).strip());
                assertEquals("100000", Files.readString(cpuDir(cgroups).resolve(c.cgroupParent).resolve(id).resolve("cpu.cfs_period_us")).strip());
                assertEquals("16", Files.readString(cgroups.resolve("pids").resolve(c.cgroupParent).resolve(id).resolve("pids.max")).strip());
                assertEquals(50000, cg.get("cpuQuotaMicros").getAsLong());
            }
            assertEquals(33554432L, cg.get("memoryLimit").getAsLong(), "inspect reads the limit back");
            assertEquals(16, cg.get("pidsLimit").getAsLong());
            assertTrue(cg.get("memoryUsage").getAsLong() > 0, cg.toString());
            assertEquals(1, cg.get("pidsCurrent").getAsLong(), "sleep alone: " + cg);
            String inside = c.run("exec", "lim", "cat", "/proc/self/cgroup").ok().stdout();
            assertTrue(inside.contains("/" + c.cgroupParent + "/" + id), "the process is in the container's cgroup: " + inside);
            c.run("rm", "-f", "lim").ok();
            assertEquals(List.of(), c.cgroups(), "rm removes the cgroup");

            // 64 MiB under 32m: the kernel's OOM killer ends dd (SIGKILL, 137); without the limit dd finishes
            CliProcess.Result oom = c.run("run", "--net", "none", "--rm", "--memory", "32m", "busybox", "sh", "-c", DD).ok();
            assertEquals("dd=137", oom.stdout().strip(), "dd is OOM-killed: " + oom.stdout() + oom.stderr());
            assertEquals("dd=0", c.run("run", "--net", "none", "--rm", "busybox", "sh", "-c", DD).ok().stdout().strip());
            c.run("run", "--net", "none", "-d", "--name", "oom", "--memory", "32m", "busybox", "sh", "-c", DD + "; sleep 600").ok();
            awaitLog(c, "oom", "dd=137");
            assertEquals(1, c.inspect("oom").getAsJsonObject("cgroup").get("oomKills").getAsLong(), "the cgroup counted the OOM kill");
            c.run("rm", "-f", "oom").ok();

            // a fork loop stops at 16 processes; without the limit all 40 start
            CliProcess.Result forks = c.run("run", "--net", "none", "--rm", "--pids-limit", "16", "busybox", "sh", "-c", FORKS);
            assertNotEquals(0, forks.exitCode());
            assertTrue(forks.stderr().contains("can't fork"), forks.stderr());
            assertTrue(!forks.stdout().contains("all-40-started"), forks.stdout());
            CliProcess.Result free = c.run("run", "--net", "none", "--rm", "busybox", "sh", "-c", FORKS + "; kill $(jobs -p) 2>/dev/null; true").ok();
            assertTrue(free.stdout().contains("all-40-started"), free.stdout() + free.stderr());
            c.assertNothingLeft();
        }
    }

    private static Path cpuDir(Path cgroups) {
        return Files.isDirectory(cgroups.resolve("cpu")) ? cgroups.resolve("cpu") : cgroups.resolve("cpu,cpuacct");
    }

    static void awaitLog(ContainerCli c, String name, String text) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (c.run("logs", name).ok().stdout().contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " never logged " + text + ": " + c.run("logs", name).stdout());
    }
}
