package io.jnet.plugin.ipam.it;

import static io.jnet.plugin.ipam.it.Plugins.Impl.OURS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.plugin.ipam.config.Ip;
import io.jnet.plugin.ipam.store.LockFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL our plugin at many moments of an ADD. To aim at the few milliseconds of real store work, the test
 * holds the store's flock while the plugin's JVM starts and blocks on it, then lets go and kills the plugin
 * 0, 0.5, 1, ... ms later. After every kill the store must hold no empty or partial reservation, and the
 * next ADD must work.
 */
class CrashSafetyIT {
    @TempDir
    Path tmp;

    @Test
    void killedAddsLeaveNoBrokenReservation() throws Exception {
        String conf = "{\"cniVersion\":\"1.1.0\",\"name\":\"crash\",\"type\":\"host-local\",\"ipam\":{\"type\":\"host-local\","
                + "\"dataDir\":\"" + tmp + "\",\"ranges\":[[{\"subnet\":\"10.66.0.0/24\"}],[{\"subnet\":\"fd66::/64\"}]]}}";
        Path dir = tmp.resolve("crash");
        Files.createDirectories(dir);
        List<String> killedIds = new ArrayList<>();
        // How long an ADD takes once it has the lock: the kills are spread over that window.
        long windowMicros = Math.max(2_000, timeAfterLock(dir, conf, "probe") * 3 / 2);
        Plugins.run(OURS, "DEL", "probe", conf).ok();
        Map<String, Integer> states = new TreeMap<>();
        int rounds = 24;
        for (int i = 0; i < rounds; i++) {
            String id = "k" + i;
            Process p;
            try (LockFile lock = LockFile.open(dir.resolve("lock"))) {
                lock.lock();
                p = Plugins.start(OURS, "ADD", id, "eth0", "", conf);
                // Long enough for the JVM to start, parse and block on the flock we hold.
                Thread.sleep(900);
            }
            TimeUnit.MICROSECONDS.sleep(windowMicros * i / (rounds - 1));
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            killedIds.add(id);
            states.merge(state(dir, id, p.exitValue()), 1, Integer::sum);
            assertStoreIntact(dir, killedIds);
            // The next ADD works and gets addresses nobody holds.
            String next = "n" + i;
            List<String> ips = Plugins.run(OURS, "ADD", next, conf).ok().ips();
            assertEquals(2, ips.size());
            assertEquals("n" + i + "\r\neth0", Files.readString(dir.resolve(ips.get(0).split("/")[0])));
            Plugins.run(OURS, "DEL", next, conf).ok();
            assertStoreIntact(dir, killedIds);
            assertTrue(Plugins.files(dir).keySet().stream().noneMatch(n -> n.startsWith(".")), "temp files swept by the ADD");
        }
        System.out.println("crash test: ADD takes ~" + windowMicros * 2 / 3 + " us after the lock; states after kills: " + states);
        // The sweep must really have landed both before and after the plugin reserved something.
        assertTrue(states.getOrDefault("nothing reserved", 0) > 0, states.toString());
        assertTrue(states.size() > 1, "every kill landed in the same state: " + states);
        // Whatever the killed ADDs reserved is released by DEL, as a runtime does after a failed ADD.
        for (String id : killedIds) {
            Plugins.run(OURS, "DEL", id, conf).ok();
        }
        Set<String> left = Plugins.files(dir).keySet();
        assertTrue(Set.of("lock", "last_reserved_ip.0", "last_reserved_ip.1").containsAll(left), left.toString());
    }

    /** Microseconds from releasing the lock to the end of an unkilled ADD. */
    private static long timeAfterLock(Path dir, String conf, String id) throws Exception {
        Process p;
        long released;
        try (LockFile lock = LockFile.open(dir.resolve("lock"))) {
            lock.lock();
            p = Plugins.start(OURS, "ADD", id, "eth0", "", conf);
            Thread.sleep(900);
            released = System.nanoTime();
        }
        Plugins.finish(p).ok();
        return (System.nanoTime() - released) / 1000;
    }

    /** What a killed ADD left: nothing, a temp file, one of its two addresses, both, or it had finished. */
    private static String state(Path dir, String id, int exit) throws Exception {
        Map<String, String> files = Plugins.files(dir);
        long mine = files.values().stream().filter(v -> v.equals(id + "\r\neth0")).count();
        boolean temp = files.keySet().stream().anyMatch(n -> n.startsWith("."));
        if (exit == 0) {
            return "finished";
        }
        return mine == 0 ? (temp ? "temp file only" : "nothing reserved") : mine + " of 2 reserved" + (temp ? " + temp file" : "");
    }

    /** Every address file names its owner completely: one of the killed IDs with eth0, never empty or cut. */
    private static void assertStoreIntact(Path dir, List<String> ids) throws Exception {
        Map<String, String> files = Plugins.files(dir);
        for (Map.Entry<String, String> f : files.entrySet()) {
            if (Ip.parseOrNull(f.getKey()) != null) {
                String owner = f.getValue();
                assertTrue(owner.endsWith("\r\neth0") && ids.contains(owner.substring(0, owner.length() - 6)),
                        "broken reservation " + f.getKey() + " = '" + owner + "'");
            } else if (f.getKey().startsWith("last_reserved_ip.")) {
                assertTrue(Ip.parseOrNull(f.getValue()) != null, "broken " + f.getKey() + " = '" + f.getValue() + "'");
            }
        }
    }
}
