package io.jnet.runtime;

import io.jnet.context.CallContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Wakes a reload when the firewall changes: nf_tables reports every change as a netlink notification, which
 * {@code nft monitor} prints one line each (iptables-nft changes are nf_tables changes too); a burst of changes
 * (a firewalld reload is hundreds) makes one reload, {@link #QUIET_MS} after the last. Legacy iptables sends no
 * notification, so there the watch looks every {@link #POLL_MS}. Our own restore is a change too: the reload after
 * it finds nothing missing and changes nothing, which ends the round.
 */
public final class FirewallWatch {
    static final long QUIET_MS = 200;
    static final long POLL_MS = 1000;
    private static final List<String> SEARCH = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private FirewallWatch() {}

    /**
     * Runs {@code reload} now and after every change, until this thread is interrupted; {@code onReady} once changes are
     * being watched. The monitor is listening before the first reload, so a change made meanwhile is not missed.
     */
    public static void run(Runnable reload, Runnable onReady) throws InterruptedException {
        Path nft = find("nft");
        Process monitor = nft == null || legacyIptables() ? null : start(nft);
        if (monitor == null) {
            onReady.run();
            reload.run();
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(POLL_MS);
                reload.run();
            }
            return;
        }
        // Ctrl-C or a kill ends this JVM through its exit hooks: the monitor goes with it instead of running on.
        Thread stopMonitor = new Thread(monitor::destroy, "nft-monitor-stop");
        Runtime.getRuntime().addShutdownHook(stopMonitor);
        BlockingQueue<String> changes = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    changes.add(line);
                }
            } catch (IOException e) {
                // the monitor went away: the loop below notices
            }
            changes.add(END);
        }, "nft-monitor");
        reader.setDaemon(true);
        reader.start();
        try {
            awaitListening(nft, changes);
            onReady.run();
            reload.run();
            while (true) {
                if (changes.take() == END) {
                    throw new IllegalStateException("nft monitor ended (exit " + monitor.waitFor() + ")");
                }
                String more;
                while ((more = changes.poll(QUIET_MS, TimeUnit.MILLISECONDS)) != null) {
                    if (more == END) {
                        changes.add(END);
                        break;
                    }
                }
                reload.run();
            }
        } finally {
            monitor.destroy();
            try {
                Runtime.getRuntime().removeShutdownHook(stopMonitor); // a watch hosted by the engine ends, the engine goes on
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or will run: nothing to remove
            }
        }
    }

    /** What the reader queues when the monitor's output ends (compared by identity). */
    private static final String END = new String("end of nft monitor");
    private static final String PROBE_TABLE = "jnet-watch-ready";

    /**
     * Waits until the monitor reports a change of our own, an empty table made and dropped: from then on it is
     * subscribed and nothing is missed (it prints nothing when it starts).
     */
    private static void awaitListening(Path nft, BlockingQueue<String> changes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            runQuietly(nft.toString(), "add", "table", "ip", PROBE_TABLE);
            runQuietly(nft.toString(), "delete", "table", "ip", PROBE_TABLE);
            String line;
            while ((line = changes.poll(200, TimeUnit.MILLISECONDS)) != null) {
                if (line == END) {
                    changes.add(END);
                    return;
                }
                if (line.contains(PROBE_TABLE)) {
                    changes.clear();
                    return;
                }
            }
        }
        throw new IllegalStateException("nft monitor reported nothing within 10 s");
    }

    private static void runQuietly(String... cmd) throws InterruptedException {
        try {
            Process p = CallContext.current().prepare(new ProcessBuilder(cmd)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // the monitor will not see it either: awaitListening times out and says so
        }
    }

    private static Process start(Path nft) {
        try {
            Process p = CallContext.current().prepare(new ProcessBuilder(nft.toString(), "monitor"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            return p;
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether iptables here is the legacy (x_tables) one, whose changes nf_tables never reports. */
    private static boolean legacyIptables() {
        Path iptables = find("iptables");
        if (iptables == null) {
            return false;
        }
        try {
            Process p = CallContext.current().prepare(new ProcessBuilder(iptables.toString(), "-V")).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return v.contains("legacy");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path find(String tool) {
        for (String d : SEARCH) {
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
