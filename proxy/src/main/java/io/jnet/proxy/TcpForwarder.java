package io.jnet.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

/**
 * A listening host socket whose every connection is copied to and from a new connection to the container, each
 * direction on its own thread; a half-close is passed on (shutdownOutput), so request/response protocols that
 * close their sending side still get their answer.
 */
final class TcpForwarder implements Forwarder {
    private static final int CONNECT_TIMEOUT_MS = 5000;
    private static final int BUFFER = 16 * 1024;

    private final Binding binding;
    private final ServerSocket server;
    private final ThreadFactory threads;
    private final PrintStream log;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private TcpForwarder(Binding binding, ServerSocket server, ThreadFactory threads, PrintStream log) {
        this.binding = binding;
        this.server = server;
        this.threads = threads;
        this.log = log;
    }

    /** Binds the host socket now (failing when the port is taken), without accepting yet. */
    static TcpForwarder bind(Binding b, ThreadFactory threads, PrintStream log) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(b.listenAddress(), 128);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new TcpForwarder(b, s, threads, log);
    }

    @Override
    public Binding binding() {
        return binding;
    }

    @Override
    public void start() {
        threads.newThread(this::acceptLoop).start();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.newThread(() -> serve(client)).start();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.println("jnet-proxy: accept on " + binding.describe() + ": " + e.getMessage());
                }
            }
        }
    }

    private void serve(Socket client) {
        open.add(client);
        Socket upstream = new Socket();
        open.add(upstream);
        try {
            try {
                upstream.connect(binding.target(client.getInetAddress()), CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                client.setSoLinger(true, 0); // a reset, as a closed port would answer, not an empty reply
                throw e;
            }
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            Thread back = threads.newThread(() -> pump(upstream, client));
            back.start();
            pump(client, upstream);
            back.join();
        } catch (IOException e) {
            log.println("jnet-proxy: " + binding.describe() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
            open.remove(client);
            open.remove(upstream);
        }
    }

    /** Copies {@code from} to {@code to} until end of stream, then half-closes {@code to}. */
    private static void pump(Socket from, Socket to) {
        byte[] buf = new byte[BUFFER];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (SocketException e) {
            // reset or closed under us: the other direction ends too
            closeQuietly(from);
            closeQuietly(to);
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        open.forEach(TcpForwarder::closeQuietly);
    }
}
