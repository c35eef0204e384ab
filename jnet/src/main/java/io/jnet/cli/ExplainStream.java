package io.jnet.cli;

import io.jnet.context.CallContext;
import io.jnet.explain.Binding;
import io.jnet.explain.Explain;
import io.jnet.runtime.JnetException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

/**
 * The explanation of one CLI command as it happens. Every operation on the kernel, the CLI's own and those of the
 * plugin processes it runs (told through {@value Explain#ENV} in their environment), appends its equivalent command
 * to one private file; this stream prints what the file gains, while the work goes on and before each line of the
 * command's own output, so commands and narration appear in the order they happened.
 */
final class ExplainStream implements AutoCloseable {
    private static final long POLL_MILLIS = 100;

    private final Path file;
    private final PrintWriter sink;
    private final Binding binding;
    private final Thread poller;
    private final StringBuilder partial = new StringBuilder();
    private long offset;
    private volatile boolean closed;

    private ExplainStream(Path file, PrintWriter sink) {
        this.file = file;
        this.sink = sink;
        this.binding = Explain.bind(Explain.fromEnv(Map.of(Explain.ENV, file.toString())));
        this.poller = new Thread(this::poll, "explain-stream");
        this.poller.setDaemon(true);
        this.poller.start();
    }

    /** Starts explaining to {@code sink}; the calling thread's own kernel operations are bound to it too. */
    static ExplainStream open(PrintWriter sink) {
        try {
            Path f = Files.createTempFile("jnet-explain-", ".sh", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return new ExplainStream(f, sink);
        } catch (IOException e) {
            throw JnetException.failed("cannot create the explain file: " + e.getMessage(), "check that " + System.getProperty("java.io.tmpdir")
                    + " is writable", e);
        }
    }

    /** The environment for plugin processes: ours, plus where to append their explanation. */
    Map<String, String> pluginEnv() {
        Map<String, String> env = new HashMap<>(CallContext.current().env());
        env.put(Explain.ENV, file.toString());
        return env;
    }

    /** Prints every complete line the file gained since the last call. */
    void drain() {
        synchronized (sink) {
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                long size = in.length();
                if (size <= offset) {
                    return;
                }
                byte[] bytes = new byte[(int) Math.min(size - offset, 1 << 20)];
                in.seek(offset);
                in.readFully(bytes);
                offset += bytes.length;
                partial.append(new String(bytes, StandardCharsets.UTF_8));
            } catch (IOException e) {
                return; // the next drain tries again
            }
            int nl;
            while ((nl = partial.indexOf("\n")) >= 0) {
                sink.println(partial.substring(0, nl));
                partial.delete(0, nl + 1);
            }
            sink.flush();
        }
    }

    private void poll() {
        while (!closed) {
            drain();
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
        try {
            poller.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain();
        binding.close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file left in /tmp is harmless
        }
    }
}
