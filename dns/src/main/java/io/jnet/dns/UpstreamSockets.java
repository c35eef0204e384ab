package io.jnet.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Message;

/**
 * Forwarded questions over UDP, many in flight at once: per upstream a few sockets connected to it from
 * kernel-chosen random ports, a random ID per question, and an answer accepted only with that ID and the same
 * question (what makes a spoofed answer hard to land). Being connected, a socket learns at once when the upstream
 * port is closed (ICMP), and its questions fail over to the next upstream without waiting for the timeout.
 * dnsjava's SimpleResolver opens a socket and registers it with its selector per question; measured
 * (bench/dns-bench.sh), that capped forwarding at a fifth of aardvark-dns's rate.
 */
final class UpstreamSockets implements AutoCloseable {
    static final int SOCKETS = 4;

    private record Pending(CompletableFuture<Message> answer, Message query) {}

    /** One connected socket and the questions in flight on it, by ID. */
    private final class Conn {
        final DatagramChannel channel;
        final Map<Integer, Pending> pending = new ConcurrentHashMap<>();

        Conn(InetSocketAddress server) throws IOException {
            channel = DatagramChannel.open();
            channel.connect(server); // binds a random local port too
            Thread t = new Thread(this::receive, "dns-forward-" + server);
            t.setDaemon(true);
            t.start();
        }

        void receive() {
            ByteBuffer buf = ByteBuffer.allocateDirect(65536);
            while (channel.isOpen()) {
                try {
                    buf.clear();
                    channel.read(buf);
                    buf.flip();
                    if (buf.remaining() < 12) {
                        continue;
                    }
                    int id = (buf.get(0) & 0xff) << 8 | (buf.get(1) & 0xff);
                    Pending p = pending.get(id);
                    if (p == null) {
                        continue; // late, or a guess: ignored
                    }
                    byte[] bytes = new byte[buf.remaining()];
                    buf.get(bytes);
                    Message m;
                    try {
                        m = new Message(bytes);
                    } catch (IOException e) {
                        continue;
                    }
                    if (m.getQuestion() != null && m.getQuestion().equals(p.query().getQuestion()) && pending.remove(id, p)) {
                        p.answer().complete(m);
                    }
                } catch (PortUnreachableException e) {
                    failAll(e); // nothing listens there: every question on this socket goes to the next upstream now
                } catch (ClosedChannelException e) {
                    failAll(e);
                    return;
                } catch (IOException | RuntimeException e) {
                    // another ICMP error or a broken exchange: those questions time out
                }
            }
        }

        void failAll(Exception e) {
            for (Integer id : pending.keySet()) {
                Pending p = pending.remove(id);
                if (p != null) {
                    p.answer().completeExceptionally(e);
                }
            }
        }
    }

    private final Map<InetSocketAddress, Conn[]> conns = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dns-forward-timeout");
        t.setDaemon(true);
        return t;
    });

    /** The future completes with the parsed answer, or fails after {@code timeoutMillis} (sooner if refused). */
    CompletableFuture<Message> send(Message query, InetSocketAddress server, long timeoutMillis) {
        CompletableFuture<Message> answer = new CompletableFuture<>();
        Conn c;
        try {
            c = conn(server);
        } catch (IOException e) {
            answer.completeExceptionally(e);
            return answer;
        }
        Message q = query.clone();
        int id;
        Pending p = new Pending(answer, q);
        do {
            id = random.nextInt(0x10000);
        } while (c.pending.putIfAbsent(id, p) != null);
        q.getHeader().setID(id);
        int key = id;
        try {
            c.channel.write(ByteBuffer.wrap(q.toWire()));
        } catch (IOException | RuntimeException e) {
            c.pending.remove(key, p);
            answer.completeExceptionally(e);
            return answer;
        }
        timer.schedule(() -> {
            if (c.pending.remove(key, p)) {
                answer.completeExceptionally(new TimeoutException("no answer from " + server + " in " + timeoutMillis + " ms"));
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        return answer;
    }

    private Conn conn(InetSocketAddress server) throws IOException {
        Conn[] cs = conns.get(server);
        if (cs == null) {
            synchronized (this) {
                cs = conns.get(server);
                if (cs == null) {
                    cs = new Conn[SOCKETS];
                    for (int i = 0; i < SOCKETS; i++) {
                        cs[i] = new Conn(server);
                    }
                    conns.put(server, cs);
                }
            }
        }
        return cs[random.nextInt(SOCKETS)];
    }

    /** Closes the sockets of upstreams no longer named (the host's resolv.conf changed). */
    synchronized void retain(Collection<InetSocketAddress> servers) {
        for (InetSocketAddress s : conns.keySet()) {
            if (!servers.contains(s)) {
                close(conns.remove(s));
            }
        }
    }

    private static void close(Conn[] cs) {
        for (Conn c : cs) {
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        conns.values().forEach(UpstreamSockets::close);
        conns.clear();
    }
}
