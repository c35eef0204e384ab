package io.jnet.proxy;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Serves {@link ControlProtocol} requests on a Unix socket (mode 0600, so only root can publish ports), one at a
 * time, until the proxy has nothing left to serve: then it removes the socket before answering the request that
 * emptied it, so a client that finds no socket knows no proxy is there to answer.
 */
@SuppressWarnings("try") // try (probe) only sees whether a proxy answers
final class ControlServer {
    /** A proxy started for a publish that never came (its client died) does not linger. */
    static final long FIRST_REQUEST_TIMEOUT_MS = 60_000;

    private final PortProxy proxy;
    private final Path socket;
    private final PrintStream log;
    private ServerSocketChannel server;
    private boolean closed;

    ControlServer(PortProxy proxy, Path socket, PrintStream log) {
        this.proxy = proxy;
        this.socket = socket;
        this.log = log;
    }

    /** Binds the socket; fails when a live proxy already answers there. */
    void bind() throws IOException {
        if (Files.exists(socket)) {
            try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                throw new IOException("a proxy already answers on " + socket);
            } catch (IOException refused) {
                if (refused.getMessage() != null && refused.getMessage().startsWith("a proxy already")) {
                    throw refused;
                }
                Files.deleteIfExists(socket); // left by a proxy that was killed
            }
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        server = ch;
    }

    /** Answers requests until the proxy is empty after a request, or no publish came in time. */
    void serve() {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(FIRST_REQUEST_TIMEOUT_MS);
                synchronized (this) {
                    if (proxy.isEmpty()) {
                        log.println("jnet-proxy: nothing published within " + FIRST_REQUEST_TIMEOUT_MS / 1000 + " s, exiting");
                        shutDown();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jnet-proxy-first-request");
        watchdog.setDaemon(true);
        watchdog.start();
        while (true) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                break; // shut down
            }
            watchdog.interrupt();
            try (client) {
                String line = readLine(client);
                if (line == null) {
                    continue; // a client seeing whether we answer, or one that went away: no request
                }
                JsonObject reply = ControlProtocol.handle(line, proxy);
                synchronized (this) {
                    if (proxy.isEmpty()) {
                        shutDown(); // before the answer: the client then knows the socket is gone
                    }
                }
                client.write(ByteBuffer.wrap((reply + "\n").getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                log.println("jnet-proxy: control request: " + e.getMessage());
            }
            if (!server.isOpen()) {
                break;
            }
        }
    }

    /**
     * Unlinks the socket first (a new proxy may bind the path at once), then stops accepting. Once only: a second
     * call (the exit hook after a normal end) must not unlink a newer proxy's socket at the same path.
     */
    synchronized void shutDown() {
        if (closed || server == null) {
            return;
        }
        closed = true;
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            log.println("jnet-proxy: cannot remove " + socket + ": " + e.getMessage());
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** The request line, or null when the client closed without one or sent more than a request may hold. */
    private static String readLine(SocketChannel ch) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(8192);
        while (buf.size() <= ControlProtocol.MAX_LINE) {
            b.clear();
            int n = ch.read(b);
            if (n < 0) {
                return null;
            }
            for (int i = 0; i < n; i++) {
                byte c = b.get(i);
                if (c == '\n') {
                    return buf.toString(StandardCharsets.UTF_8);
                }
                buf.write(c);
            }
        }
        return null;
    }
}
