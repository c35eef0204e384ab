package io.jnet.proxy;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

/**
 * The published ports the proxy serves, by owner (one attachment: network and container). An owner's set is
 * replaced all or nothing: every new host socket is bound before any is served, and a port that cannot be bound
 * (taken by a host process) fails the request and leaves the owner's previous set as it was. Thread-safe; holds
 * no state outside the instance.
 */
public final class PortProxy implements AutoCloseable {
    private final Map<String, List<Forwarder>> byOwner = new LinkedHashMap<>();
    private final ThreadFactory threads = Threads.factory("jnet-proxy");
    private final PrintStream log;

    public PortProxy(PrintStream log) {
        this.log = log;
    }

    /**
     * Makes {@code bindings} the owner's published ports: the ones it already has stay untouched (their
     * connections go on), new ones are bound, the others are closed.
     *
     * @throws IOException naming the binding that could not be bound; nothing changed then
     */
    public synchronized void publish(String owner, List<Binding> bindings) throws IOException {
        List<Forwarder> current = byOwner.getOrDefault(owner, List.of());
        List<Forwarder> kept = new ArrayList<>();
        List<Forwarder> fresh = new ArrayList<>();
        try {
            for (Binding b : bindings) {
                Forwarder have = find(current, b);
                if (have != null) {
                    kept.add(have);
                } else if (find(fresh, b) == null) {
                    fresh.add(bind(b));
                }
            }
        } catch (IOException e) {
            fresh.forEach(Forwarder::close);
            throw e;
        }
        for (Forwarder f : current) {
            if (!kept.contains(f)) {
                f.close();
            }
        }
        fresh.forEach(Forwarder::start);
        List<Forwarder> all = new ArrayList<>(kept);
        all.addAll(fresh);
        if (all.isEmpty()) {
            byOwner.remove(owner);
        } else {
            byOwner.put(owner, all);
        }
    }

    private Forwarder bind(Binding b) throws IOException {
        try {
            return b.protocol().equals("tcp") ? TcpForwarder.bind(b, threads, log) : UdpForwarder.bind(b, threads, log);
        } catch (IOException e) {
            throw new IOException("cannot hold host port " + b.describe() + ": " + e.getMessage(), e);
        }
    }

    private static Forwarder find(List<Forwarder> in, Binding b) {
        for (Forwarder f : in) {
            if (f.binding().equals(b)) {
                return f;
            }
        }
        return null;
    }

    /** Closes the owner's ports; nothing when it has none. */
    public synchronized void unpublish(String owner) {
        List<Forwarder> gone = byOwner.remove(owner);
        if (gone != null) {
            gone.forEach(Forwarder::close);
        }
    }

    /** Every owner with its bindings, in the order they were first published. */
    public synchronized Map<String, List<Binding>> published() {
        Map<String, List<Binding>> out = new LinkedHashMap<>();
        byOwner.forEach((o, fs) -> out.put(o, fs.stream().map(Forwarder::binding).toList()));
        return out;
    }

    public synchronized boolean isEmpty() {
        return byOwner.isEmpty();
    }

    @Override
    public synchronized void close() {
        byOwner.values().forEach(fs -> fs.forEach(Forwarder::close));
        byOwner.clear();
    }
}
