package io.jnet.engine;

import io.jnet.engine.Frames.BadFrame;
import io.jnet.engine.Frames.Frame;
import io.jnet.engine.Frames.FrameWriter;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * One client connection, on a platform thread of its own: reads and checks the request, then answers it (status,
 * stop), sends the client back to its JVM launcher (FALLBACK), tells it the engine is of another build (MISMATCH),
 * or runs the call once the client confirms (READY, GO), so a client that gave up waiting never has its call run
 * twice.
 */
final class Connection implements Runnable {
    /** How long a client may take to send its request, and to answer READY with GO. */
    static final long REQUEST_MILLIS = 10_000;

    private final EngineServer server;
    private final SocketChannel ch;
    private final FrameWriter out;

    Connection(EngineServer server, SocketChannel ch) {
        this.server = server;
        this.ch = ch;
        this.out = new FrameWriter(ch);
    }

    @Override
    public void run() {
        server.stats().inFlight.incrementAndGet();
        try (ch) {
            serve();
        } catch (IOException | RuntimeException e) {
            if (!(e instanceof IOException)) {
                server.log("connection failed: " + e);
            }
        } finally {
            server.stats().lastActivityMillis.set(System.currentTimeMillis());
            server.stats().inFlight.decrementAndGet();
        }
    }

    private void serve() throws IOException {
        String caller = peerUser();
        Request req;
        ScheduledFuture<?> timeout = closeAfter(REQUEST_MILLIS);
        try {
            req = Request.read(ch);
        } catch (BadFrame e) {
            server.stats().badRequests.incrementAndGet();
            server.log("refused a malformed request: " + e.getMessage());
            Replies.error(out, null, null, Replies.DECODING_FAILURE, "malformed request to the jnet engine", e.getMessage(), null);
            return;
        } finally {
            timeout.cancel(false);
        }
        switch (req.kind()) {
            case STATUS -> {
                out.write(Frames.JSON, server.status().toString());
                return;
            }
            case STOP -> {
                if (!isRoot(caller)) {
                    server.stats().refused.incrementAndGet();
                    out.write(Frames.FALLBACK, "only root may stop the jnet engine");
                    return;
                }
                out.write(Frames.JSON, server.status().toString());
                server.retire("stop requested");
                return;
            }
            case CALL -> call(req, caller);
        }
    }

    private void call(Request req, String caller) throws IOException {
        String main = Programs.MAINS.get(req.program());
        if (main == null) {
            server.stats().badRequests.incrementAndGet();
            Replies.error(out, null, req.stdin(), Replies.DECODING_FAILURE, "unknown program \"" + req.program() + "\"",
                    "the jnet engine runs " + String.join(", ", Programs.MAINS.keySet()), null);
            return;
        }
        String fallback = null;
        if (!isRoot(caller)) {
            server.stats().refused.incrementAndGet();
            fallback = "only root may call the jnet engine (caller: " + caller + ")";
        } else if (req.protocol() != Frames.PROTOCOL || !req.build().equals(server.build())) {
            out.write(Frames.MISMATCH, server.build());
            server.retire("a client of build " + req.build() + " (protocol " + req.protocol() + ") arrived");
            return;
        } else if (server.retiring()) {
            fallback = "the jnet engine is shutting down";
        } else if (req.netns() != server.netns()) {
            fallback = "the caller is in another network namespace than the engine";
        } else if (Programs.CLI.equals(req.program()) && req.mntns() != server.mntns()) {
            fallback = "the caller is in another mount namespace than the engine";
        } else if (Programs.CLI.equals(req.program())) {
            fallback = Programs.cliFallbackReason(req.args());
        }
        if (fallback != null) {
            server.stats().fallbacks.incrementAndGet();
            out.write(Frames.FALLBACK, fallback);
            return;
        }
        out.write(Frames.READY, new byte[0]);
        ScheduledFuture<?> timeout = closeAfter(REQUEST_MILLIS);
        Frame go;
        try {
            go = Frames.read(ch, 0);
        } catch (IOException e) {
            return; // the client gave up on us and runs the call itself
        } finally {
            timeout.cancel(false);
        }
        if (go == null || go.type() != Frames.GO) {
            return;
        }
        new Call(server, req, ch, out).run();
    }

    private ScheduledFuture<?> closeAfter(long millis) {
        return server.scheduler().schedule(() -> {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    /** The caller's user from SO_PEERCRED (the kernel's word, not the client's). */
    private String peerUser() {
        try {
            UnixDomainPrincipal p = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return p.user().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }

    private static boolean isRoot(String user) {
        return user.equals("root") || user.equals("0");
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
