package io.jnet.dns;

import io.jnet.inet.IpPrefix;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The UDP and TCP servers on every gateway address, opened and closed as networks come and go. A gateway the
 * kernel does not let us bind yet (an IPv6 address still in duplicate address detection, a bridge not up yet) is
 * retried every {@link #RETRY_MILLIS} until it binds or its network goes.
 */
final class Listeners implements AutoCloseable {
    static final long RETRY_MILLIS = 100;

    private record Pair(UdpServer udp, TcpServer tcp) {}

    private final int port;
    private final QueryHandler handler;
    private final Map<InetAddress, Pair> bound = new HashMap<>();
    private final Set<InetAddress> pending = new LinkedHashSet<>();
    private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dns-bind-retry");
        t.setDaemon(true);
        return t;
    });

    Listeners(int port, QueryHandler handler) {
        this.port = port;
        this.handler = handler;
        retry.scheduleWithFixedDelay(this::retryPending, RETRY_MILLIS, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Listens on exactly {@code wanted}. Returns the addresses that failed for good (say, port 53 taken by another
     * server), one line each; addresses not bindable yet are retried in the background.
     */
    synchronized List<String> update(Set<InetAddress> wanted) {
        for (InetAddress a : new ArrayList<>(bound.keySet())) {
            if (!wanted.contains(a)) {
                close(bound.remove(a));
            }
        }
        pending.retainAll(wanted);
        List<String> failures = new ArrayList<>();
        for (InetAddress a : wanted) {
            if (!bound.containsKey(a) && !pending.contains(a)) {
                String failure = open(a);
                if (failure != null) {
                    failures.add(failure);
                }
            }
        }
        return failures;
    }

    /** Addresses still waiting to be bindable. */
    synchronized Set<InetAddress> pending() {
        return Set.copyOf(pending);
    }

    private synchronized void retryPending() {
        for (InetAddress a : new ArrayList<>(pending)) {
            pending.remove(a);
            open(a);
        }
    }

    private String open(InetAddress a) {
        UdpServer udp = null;
        try {
            udp = new UdpServer(a, port, handler);
            TcpServer tcp = new TcpServer(a, port, handler);
            bound.put(a, new Pair(udp, tcp));
            return null;
        } catch (IOException e) {
            if (udp != null) {
                try {
                    udp.close();
                } catch (IOException ignored) {
                    // it never served
                }
            }
            if (e instanceof BindException && String.valueOf(e.getMessage()).contains("assign")) {
                pending.add(a); // EADDRNOTAVAIL: not (yet) an address of this host
                return null;
            }
            return IpPrefix.text(a) + " port " + port + ": " + e.getMessage();
        }
    }

    private static void close(Pair p) {
        try {
            p.udp().close();
        } catch (IOException ignored) {
            // closing a socket that is already broken
        }
        try {
            p.tcp().close();
        } catch (IOException ignored) {
            // as above
        }
    }

    @Override
    public synchronized void close() {
        retry.shutdownNow();
        bound.values().forEach(Listeners::close);
        bound.clear();
        pending.clear();
    }
}
