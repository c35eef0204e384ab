package io.jnet.containers.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {
    @Test
    void mountinfo_lines_with_optional_fields_and_escapes() {
        List<MountTable.Mount> m = MountTable.parse(List.of(
                "36 35 98:0 /mnt1 /mnt/a\\040b rw,noatime master:1 - ext3 /dev/root rw,errors=continue",
                "40 25 0:34 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:16 - cgroup cgroup rw,cpu,cpuacct",
                "41 25 0:35 / /var/lib/jnet/containers/x/rootfs rw - overlay overlay rw,lowerdir=/a:/b,upperdir=/u,workdir=/w",
                "garbage"));
        assertEquals(3, m.size());
        assertEquals(Path.of("/mnt/a b"), m.get(0).mountPoint());
        assertEquals("ext3", m.get(0).fsType());
        assertEquals("rw,cpu,cpuacct", m.get(1).superOptions());
        assertEquals("overlay", m.get(2).fsType());
    }
}
