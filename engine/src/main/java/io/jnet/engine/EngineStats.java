package io.jnet.engine;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What {@code jnet engine status} shows: counters kept as calls go, and the process's RSS read on demand. */
final class EngineStats {
    final long startedMillis = System.currentTimeMillis();
    final AtomicLong served = new AtomicLong();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicLong fallbacks = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong badRequests = new AtomicLong();
    final AtomicLong cancelled = new AtomicLong();
    final AtomicLong rolledBack = new AtomicLong();
    final AtomicLong expired = new AtomicLong();
    final AtomicLong lastActivityMillis = new AtomicLong(System.currentTimeMillis());

    JsonObject toJson(String version, String build, Path socket, long idleMillis) {
        JsonObject o = new JsonObject();
        o.addProperty("pid", ProcessHandle.current().pid());
        o.addProperty("version", version);
        o.addProperty("build", build);
        o.addProperty("socket", socket.toString());
        o.addProperty("uptimeSeconds", (System.currentTimeMillis() - startedMillis) / 1000);
        o.addProperty("callsServed", served.get());
        o.addProperty("callsInFlight", inFlight.get());
        o.addProperty("fallbacks", fallbacks.get());
        o.addProperty("refused", refused.get());
        o.addProperty("badRequests", badRequests.get());
        o.addProperty("cancelled", cancelled.get());
        o.addProperty("rolledBack", rolledBack.get());
        o.addProperty("expired", expired.get());
        o.addProperty("rssKiB", procStatus("VmRSS:"));
        o.addProperty("threads", procStatus("Threads:"));
        o.addProperty("openFds", openFds());
        o.addProperty("idleExitSeconds", idleMillis / 1000);
        return o;
    }

    /** A number from /proc/self/status (VmRSS is in kB), -1 when unreadable. */
    static long procStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // status is best effort
        }
        return -1;
    }

    private static long openFds() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
