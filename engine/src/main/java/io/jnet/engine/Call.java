package io.jnet.engine;

import com.google.gson.JsonObject;
import io.jnet.context.CallContext;
import io.jnet.context.MainRunner;
import io.jnet.engine.Frames.FrameWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One accepted program call, run on the thread of its connection: the caller's context bound, the attachment's
 * lock held, output streamed back as frames. A caller that goes away (killed by its runtime's timeout) cancels
 * the call: it runs to its end unseen, and an ADD that succeeded is then undone by a DEL of the same attachment
 * under the same lock, so the DEL the runtime sends next finds settled state. Past the deadline the caller gets
 * an error at once and the call is treated as cancelled.
 */
final class Call {
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int CANCELLED = 2;
    private static final int EXPIRED = 3;

    private final EngineServer server;
    private final Request req;
    private final SocketChannel ch;
    private final FrameWriter out;
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final long startedNanos = System.nanoTime();

    Call(EngineServer server, Request req, SocketChannel ch, FrameWriter out) {
        this.server = server;
        this.req = req;
        this.ch = ch;
        this.out = out;
    }

    void run() {
        String main = Programs.MAINS.get(req.program());
        boolean cli = Programs.CLI.equals(req.program());
        String command = cli ? "" : req.env().getOrDefault("CNI_COMMAND", "");
        ByteArrayOutputStream result = command.equals("ADD") ? new ByteArrayOutputStream() : null;
        PrintStream stdout = new PrintStream(new FrameStream(Frames.OUT, result), false, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(new FrameStream(Frames.ERR, null), true, StandardCharsets.UTF_8);
        CallContext ctx = CallContext.hosted(req.env(), Path.of(req.cwd()), new ByteArrayInputStream(req.stdin()), stdout,
                stderr, cli ? stdout : stderr);
        Thread watcher = new Thread(this::watch, "engine-watch");
        watcher.setDaemon(true);
        watcher.start();
        ScheduledFuture<?> deadline = server.scheduler().schedule(this::expire, server.callTimeoutMillis(), TimeUnit.MILLISECONDS);
        int code;
        try (AttachmentLocks.Held held = server.locks().acquire(attachment(command), remainingMillis())) {
            if (!held.acquired()) {
                answerError(Replies.TRY_AGAIN_LATER, "another call on this attachment is still running in the jnet engine",
                        "waited " + remainingMillis() + " ms", "retry");
                return;
            }
            String fs = FsContext.enter(req.cwd(), req.umask());
            if (fs != null) {
                server.log("call of " + req.program() + ": " + fs);
            }
            code = MainRunner.run(main, req.args().toArray(new String[0]), ctx);
            stdout.flush();
            stderr.flush();
            if (state.get() != RUNNING && result != null && code == 0) {
                rollBack(main, result.toByteArray());
            }
        } catch (ReflectiveOperationException e) {
            answerError(Replies.IO_FAILURE, "the jnet engine cannot run " + req.program(), e.toString(), "JNET_ENGINE=off runs it without the engine");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            deadline.cancel(false);
            server.stats().lastActivityMillis.set(System.currentTimeMillis());
        }
        server.stats().served.incrementAndGet();
        if (state.compareAndSet(RUNNING, DONE)) {
            try {
                out.write(Frames.EXIT, Frames.u32(code));
            } catch (IOException gone) {
                // the caller left after the work was done: nothing to undo
            }
        }
    }

    /** The attachment an ADD, CHECK or DEL of this plugin acts on; null (no lock) for everything else. */
    private AttachmentLocks.Key attachment(String command) {
        if (!command.equals("ADD") && !command.equals("DEL") && !command.equals("CHECK")) {
            return null;
        }
        JsonObject config = Replies.parseObject(req.stdin());
        String network = config != null && config.get("name") != null && config.get("name").isJsonPrimitive()
                ? config.get("name").getAsString() : "";
        return new AttachmentLocks.Key(req.program(), network, req.env().getOrDefault("CNI_CONTAINERID", ""), req.env().getOrDefault("CNI_IFNAME", ""));
    }

    private long remainingMillis() {
        return server.callTimeoutMillis() - (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** DEL of what a cancelled ADD made, with the ADD's result as prevResult, as a runtime would send it. */
    private void rollBack(String main, byte[] addResult) {
        Map<String, String> env = new HashMap<>(req.env());
        env.put("CNI_COMMAND", "DEL");
        byte[] stdin = req.stdin();
        JsonObject config = Replies.parseObject(stdin);
        JsonObject prev = Replies.parseObject(addResult);
        if (config != null && prev != null) {
            config.add("prevResult", prev);
            stdin = config.toString().getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(log, true, StandardCharsets.UTF_8);
        CallContext ctx = CallContext.hosted(env, Path.of(req.cwd()), new ByteArrayInputStream(stdin), sink, sink, sink);
        int code;
        try {
            code = MainRunner.run(main, new String[0], ctx);
        } catch (ReflectiveOperationException e) {
            code = -1;
        }
        server.stats().rolledBack.incrementAndGet();
        server.log("rolled back the cancelled ADD of " + req.program() + " " + env.get("CNI_CONTAINERID") + " " + env.get("CNI_IFNAME")
                + ": DEL exited " + code + (code == 0 ? "" : ": " + log.toString(StandardCharsets.UTF_8).strip()));
    }

    /** Blocks on the connection until the caller closes it; a close before the call's end cancels the call. */
    private void watch() {
        ByteBuffer b = ByteBuffer.allocate(256);
        try {
            while (ch.read(b) >= 0) {
                b.clear();
            }
        } catch (IOException closed) {
            // closed by us at the end of the call, or by the deadline
        }
        if (state.compareAndSet(RUNNING, CANCELLED)) {
            server.stats().cancelled.incrementAndGet();
            server.log("caller of " + req.program() + " " + req.env().getOrDefault("CNI_COMMAND", String.join(" ", req.args()))
                    + " went away; the call finishes unseen" + (req.env().getOrDefault("CNI_COMMAND", "").equals("ADD") ? " and is rolled back" : ""));
        }
    }

    /** The deadline: the caller gets an error now; the call is left to finish and is rolled back like a cancelled one. */
    private void expire() {
        if (state.compareAndSet(RUNNING, EXPIRED)) {
            server.stats().expired.incrementAndGet();
            try {
                Replies.error(out, req.program(), req.stdin(), Replies.TRY_AGAIN_LATER,
                        "the call did not finish within the jnet engine's deadline of " + server.callTimeoutMillis() / 1000 + " s",
                        null, "JNET_ENGINE_CALL_TIMEOUT sets the deadline when the engine starts");
            } catch (IOException gone) {
                // the caller left as well
            }
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }
    }

    private void answerError(int code, String msg, String details, String hint) {
        if (state.compareAndSet(RUNNING, DONE)) {
            try {
                Replies.error(out, req.program(), req.stdin(), code, msg, details, hint);
            } catch (IOException gone) {
                // nothing ran, nothing to undo
            }
        }
    }

    /** The call's stdout or stderr: each write is a frame; stdout of an ADD is also kept for a rollback. */
    private final class FrameStream extends OutputStream {
        private final byte type;
        private final ByteArrayOutputStream copy;

        FrameStream(byte type, ByteArrayOutputStream copy) {
            this.type = type;
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (copy != null) {
                copy.write(b, off, len);
            }
            if (state.get() == RUNNING) {
                for (int at = off; at < off + len; at += Frames.MAX_FRAME) {
                    out.write(type, b, at, Math.min(Frames.MAX_FRAME, off + len - at));
                }
            }
        }
    }
}
