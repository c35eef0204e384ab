package io.jnet.plugin.ipam.it;

import static io.jnet.plugin.ipam.it.Plugins.Impl.OURS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 64 plugin processes at once on one network: the flock'd store serializes them. */
class ConcurrentAddIT {
    static final int N = 64;

    @TempDir
    Path tmp;

    @Test
    void sixtyFourAddsThenSixtyFourDels() throws Exception {
        String conf = "{\"cniVersion\":\"1.1.0\",\"name\":\"busy\",\"type\":\"host-local\",\"ipam\":{\"type\":\"host-local\","
                + "\"dataDir\":\"" + tmp + "\",\"ranges\":[[{\"subnet\":\"10.64.0.0/24\"}],[{\"subnet\":\"fd64::/64\"}]]}}";
        List<Process> adds = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            adds.add(Plugins.start(OURS, "ADD", "ctr-" + i, "eth0", "", conf));
        }
        Set<String> v4 = new HashSet<>();
        Set<String> v6 = new HashSet<>();
        for (Process p : adds) {
            List<String> ips = Plugins.finish(p).ok().ips();
            assertEquals(2, ips.size(), ips.toString());
            v4.add(ips.get(0));
            v6.add(ips.get(1));
        }
        assertEquals(N, v4.size(), "distinct IPv4 addresses");
        assertEquals(N, v6.size(), "distinct IPv6 addresses");
        assertEquals(2 * N + 3, Plugins.files(tmp.resolve("busy")).size());

        List<Process> dels = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            dels.add(Plugins.start(OURS, "DEL", "ctr-" + i, "eth0", "", conf));
        }
        for (Process p : dels) {
            Plugins.finish(p).ok();
        }
        assertEquals(Set.of("lock", "last_reserved_ip.0", "last_reserved_ip.1"), Plugins.files(tmp.resolve("busy")).keySet());
        assertTrue(v4.contains("10.64.0.2/24 10.64.0.1"));
    }
}
