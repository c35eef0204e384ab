package io.jnet.dns;

import java.io.IOException;
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
 * The resolver's control socket (a Unix socket in the state dir, mode 0600): one line in, one line out, so jnet
 * knows an update is served before its attach or detach returns (a signal would not say when). Commands:
 * {@code ping}, {@code reload}, {@code stats}, {@code stop}.
 */
final class ControlServer implements AutoCloseable {
    static final int MAX_LINE = 256;

    private final Path path;
    private final ServerSocketChannel server;
    private final Resolver resolver;
    private final Runnable onStop;
    private final Thread thread;

    ControlServer(Path path, Resolver resolver, Runnable onStop) throws IOException {
        this.path = path;
        this.resolver = resolver;
        this.onStop = onStop;
        Files.deleteIfExists(path); // a socket file left by a resolver that was killed
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        this.thread = new Thread(this::serve, "dns-control");
        thread.start();
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel c = server.accept()) {
                String command = readLine(c);
                String answer;
                boolean stop = false;
                switch (command) {
                    case "ping" -> answer = "ok pid=" + ProcessHandle.current().pid();
                    case "reload" -> {
                        String line;
                        try {
                            line = resolver.reload().line();
                        } catch (IOException | RuntimeException e) {
                            line = "error " + e.getMessage();
                        }
                        answer = line;
                    }
                    case "stats" -> answer = "ok " + resolver.stats();
                    case "stop" -> {
                        answer = "ok stopping";
                        stop = true;
                    }
                    default -> answer = "error unknown command";
                }
                c.write(ByteBuffer.wrap((answer.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8)));
                if (stop) {
                    onStop.run();
                    return;
                }
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
            }
        }
    }

    private static String readLine(SocketChannel c) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(MAX_LINE);
        while (buf.hasRemaining()) {
            if (c.read(buf) < 0) {
                break;
            }
            if (buf.position() > 0 && buf.get(buf.position() - 1) == '\n') {
                break;
            }
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }
}
