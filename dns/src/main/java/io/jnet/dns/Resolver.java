package io.jnet.dns;

import io.jnet.inet.IpPrefix;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The resolver as a library: it serves the networks described in a records directory ({@link RecordsFiles}) on
 * their gateways, and {@link #reload()} makes it follow that directory. No process-wide state: several may run in
 * one JVM (the engine may host one), each with its own sockets, zone and counters.
 */
public final class Resolver implements AutoCloseable {
    /**
     * @param recordsDir     where the network files are
     * @param port           53, or another port for a test or a benchmark
     * @param upstreams      where forwarded questions go
     * @param forwardTimeout per upstream
     */
    public record Config(Path recordsDir, int port, Upstreams upstreams, Duration forwardTimeout) {}

    /** What a reload did: its generation, addresses that failed to bind for good, addresses still waiting. */
    public record Reload(long generation, int networks, List<String> failures, Set<InetAddress> pending) {
        /** One line, for the control socket. */
        public String line() {
            return (failures.isEmpty() ? "ok" : "error " + String.join("; ", failures)) + " generation=" + generation
                    + " networks=" + networks + " pending=" + String.join(",", pending.stream().map(IpPrefix::text).toList());
        }
    }

    private final Config config;
    private final Stats stats = new Stats();
    private final Listeners listeners;
    private final Forwarder forwarder;
    private volatile Zone zone = Zone.EMPTY;
    private long generation;

    private Resolver(Config config) {
        this.config = config;
        this.forwarder = new Forwarder(config.upstreams(), () -> zone.listenAddresses(), config.forwardTimeout());
        QueryHandler handler = new QueryHandler(() -> zone, forwarder::forward, stats);
        this.listeners = new Listeners(config.port(), handler);
    }

    /** A resolver serving what the records directory holds now. */
    public static Resolver start(Config config) throws IOException {
        Resolver r = new Resolver(config);
        try {
            r.reload();
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    /**
     * Reads the records directory again and serves it. The new names are answered, and removed ones no longer,
     * by the time this returns: the zone is swapped before the sockets follow.
     */
    public synchronized Reload reload() throws IOException {
        Zone next = new Zone(RecordsFiles.readAll(config.recordsDir()));
        zone = next;
        generation++;
        List<String> failures = listeners.update(next.listenAddresses());
        return new Reload(generation, next.networks().size(), failures, listeners.pending());
    }

    public Zone zone() {
        return zone;
    }

    public Stats stats() {
        return stats;
    }

    @Override
    public void close() {
        listeners.close();
        forwarder.close();
    }
}
