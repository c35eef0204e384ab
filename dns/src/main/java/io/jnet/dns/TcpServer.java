package io.jnet.dns;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * TCP port 53 of one gateway address (RFC 7766): two-byte length, then the message; several queries may follow on
 * one connection and be answered out of order. A connection idle for {@link #IDLE_MILLIS} is closed, and at most
 * {@link #MAX_CONNECTIONS} are served at once, so slow or silent clients cannot pin the resolver.
 */
final class TcpServer implements AutoCloseable {
    static final int IDLE_MILLIS = 10_000;
    static final int MAX_CONNECTIONS = 64;

    private final ServerSocket server;
    private final QueryHandler handler;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread thread;

    TcpServer(InetAddress address, int port, QueryHandler handler) throws IOException {
        this.server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(address, port), 64);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        this.handler = handler;
        this.thread = new Thread(this::accept, "dns-tcp-" + address.getHostAddress());
        thread.setDaemon(true);
        thread.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                if (!slots.tryAcquire()) {
                    s.close(); // full: the client retries or gives up, the others keep their answers
                    continue;
                }
                open.add(s);
                Thread t = new Thread(() -> serve(s), "dns-tcp-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(IDLE_MILLIS);
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            InetAddress asker = s.getInetAddress();
            while (true) {
                int length = in.readUnsignedShort();
                byte[] message = new byte[length];
                in.readFully(message);
                handler.handle(message, asker, true, answer -> write(s, out, answer));
            }
        } catch (EOFException | SocketException e) {
            // the client closed, or we did
        } catch (IOException | RuntimeException e) {
            // idle too long, or a broken exchange: close this connection only
        } finally {
            open.remove(s);
            slots.release();
        }
    }

    private static void write(Socket s, OutputStream out, byte[] answer) {
        byte[] framed = new byte[answer.length + 2];
        framed[0] = (byte) (answer.length >> 8);
        framed[1] = (byte) answer.length;
        System.arraycopy(answer, 0, framed, 2, answer.length);
        synchronized (out) { // answers from the forwarder's thread and ours must not interleave
            try {
                out.write(framed);
                out.flush();
            } catch (IOException e) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // already broken
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
