package io.jnet.containers.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import io.jnet.containers.fs.MountTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both layouts read from files laid out as the kernel does (v2 is what most distributions mount; v1 is this machine's). */
class CgroupStatsTest {
    @Test
    void v2_reads_the_unified_tree(@TempDir Path root) throws Exception {
        Path d = Files.createDirectories(root.resolve("jnet/c1"));
        Files.writeString(d.resolve("memory.max"), "33554432\n");
        Files.writeString(d.resolve("memory.current"), "1048576\n");
        Files.writeString(d.resolve("memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
        Files.writeString(d.resolve("cpu.max"), "50000 100000\n");
        Files.writeString(d.resolve("pids.max"), "16\n");
        Files.writeString(d.resolve("pids.current"), "2\n");
        CgroupStats s = new CgroupStats(true, java.util.Map.of("", root));
        JsonObject o = s.read("/jnet/c1");
        assertEquals(2, o.get("version").getAsInt());
        assertEquals(33554432L, o.get("memoryLimit").getAsLong());
        assertEquals(1, o.get("oomKills").getAsLong());
        assertEquals("50000 100000", o.get("cpuMax").getAsString());
        assertEquals(16, o.get("pidsLimit").getAsLong());
        assertEquals(2, o.get("pidsCurrent").getAsLong());
        assertFalse(s.read("/jnet/gone").get("exists").getAsBoolean());
    }

    @Test
    void v1_reads_one_tree_per_controller(@TempDir Path root) throws Exception {
        Path mem = Files.createDirectories(root.resolve("memory/jnet/c1"));
        Path cpu = Files.createDirectories(root.resolve("cpu,cpuacct/jnet/c1"));
        Path pids = Files.createDirectories(root.resolve("pids/jnet/c1"));
        Files.writeString(mem.resolve("memory.limit_in_bytes"), "33554432\n");
        Files.writeString(mem.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        Files.writeString(cpu.resolve("cpu.cfs_quota_us"), "50000\n");
        Files.writeString(cpu.resolve("cpu.cfs_period_us"), "100000\n");
        Files.writeString(cpu.resolve("cpuacct.usage"), "123\n");
        Files.writeString(pids.resolve("pids.max"), "16\n");
        List<MountTable.Mount> table = List.of(
                new MountTable.Mount(root.resolve("memory"), "cgroup", "cgroup", "rw,memory"),
                new MountTable.Mount(root.resolve("cpu,cpuacct"), "cgroup", "cgroup", "rw,cpu,cpuacct"),
                new MountTable.Mount(root.resolve("pids"), "cgroup", "cgroup", "rw,pids"),
                new MountTable.Mount(Path.of("/sys/fs/cgroup/unified"), "cgroup2", "cgroup2", "rw"));
        CgroupStats s = CgroupStats.of(table);
        assertEquals(1, s.version(), "a cgroup2 mount that is not /sys/fs/cgroup (hybrid) is not v2");
        JsonObject o = s.read("/jnet/c1");
        assertEquals(33554432L, o.get("memoryLimit").getAsLong());
        assertEquals(2, o.get("oomKills").getAsLong());
        assertEquals(50000, o.get("cpuQuotaMicros").getAsLong());
        assertEquals(123, o.get("cpuUsageNanos").getAsLong());
        assertEquals(16, o.get("pidsLimit").getAsLong());
        assertEquals(2, CgroupStats.of(List.of(new MountTable.Mount(Path.of("/sys/fs/cgroup"), "cgroup2", "cgroup2", "rw"))).version());
    }
}
