package io.jnet.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Message;

/**
 * Forwarded questions over UDP, many in flight at once: a few sockets on kernel-chosen random ports, a random ID per
 * question, and an answer accepted only from the server asked, with that ID and the same question (what makes a
 * spoofed answer hard to land). dnsjava's SimpleResolver opens a socket and registers it with its selector per
 * question; measured (bench/dns-bench.sh), that capped forwarding at a fifth of aardvark-dns's rate.
 */
final class UpstreamSockets implements AutoCloseable {
    static final int SOCKETS = 8;

    private record Pending(CompletableFuture<Message> answer, Message query, SocketAddress server) {}

    private final DatagramChannel[] channels = new DatagramChannel[SOCKETS * 2];
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>(); // socket index << 16 | ID
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "dns-forward-timeout"));

    /** The future completes with the parsed answer, or fails after {@code timeoutMillis}. */
    CompletableFuture<Message> send(Message query, InetSocketAddress server, long timeoutMillis) {
        int base = server.getAddress().getAddress().length == 4 ? 0 : SOCKETS;
        CompletableFuture<Message> answer = new CompletableFuture<>();
        int index;
        int key;
        Message q = query.clone();
        while (true) {
            index = base + random.nextInt(SOCKETS);
            int id = random.nextInt(0x10000);
            key = index << 16 | id;
            if (pending.putIfAbsent(key, new Pending(answer, q, server)) == null) {
                q.getHeader().setID(id);
                break;
            }
        }
        int k = key;
        try {
            channel(index).send(ByteBuffer.wrap(q.toWire()), server);
        } catch (IOException | RuntimeException e) {
            pending.remove(k);
            answer.completeExceptionally(e);
            return answer;
        }
        timer.schedule(() -> {
            Pending p = pending.remove(k);
            if (p != null) {
                p.answer().completeExceptionally(new TimeoutException("no answer from " + server + " in " + timeoutMillis + " ms"));
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        return answer;
    }

    private synchronized DatagramChannel channel(int index) throws IOException {
        if (channels[index] == null) {
            DatagramChannel c = DatagramChannel.open(index < SOCKETS ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
            c.bind(null); // a port the kernel picks at random
            channels[index] = c;
            Thread t = daemon(() -> receive(index, c), "dns-forward-" + index);
            t.start();
        }
        return channels[index];
    }

    private void receive(int index, DatagramChannel c) {
        ByteBuffer buf = ByteBuffer.allocateDirect(65536);
        while (c.isOpen()) {
            try {
                buf.clear();
                SocketAddress from = c.receive(buf);
                buf.flip();
                if (buf.remaining() < 12) {
                    continue;
                }
                int id = (buf.get(0) & 0xff) << 8 | (buf.get(1) & 0xff);
                int key = index << 16 | id;
                Pending p = pending.get(key);
                if (p == null || !p.server().equals(from)) {
                    continue; // late, or not from the server asked: ignored, the real answer may still come
                }
                byte[] bytes = new byte[buf.remaining()];
                buf.get(bytes);
                Message m;
                try {
                    m = new Message(bytes);
                } catch (IOException e) {
                    continue;
                }
                if (m.getQuestion() == null || !m.getQuestion().equals(p.query().getQuestion())) {
                    continue;
                }
                if (pending.remove(key, p)) {
                    p.answer().complete(m);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // an ICMP error surfacing on the socket: the question times out and the next upstream is asked
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        for (DatagramChannel c : channels) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
