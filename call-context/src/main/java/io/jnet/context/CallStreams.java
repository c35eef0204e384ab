package io.jnet.context;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code System.out} and {@code System.err} for a JVM that hosts calls: each write goes to the stream of the
 * call whose thread makes it, and to the JVM's own stream outside any call. Installed once by the host, so a
 * stray print of one call can never reach another call's caller or the host's log by mistake.
 */
public final class CallStreams {
    private CallStreams() {}

    private static boolean installed;

    /** Points {@code System.out} and {@code System.err} at the calling thread's call (idempotent). */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new PrintStream(new Router(out, false), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Router(err, true), true, StandardCharsets.UTF_8));
        installed = true;
    }

    private static final class Router extends OutputStream {
        private final PrintStream own;
        private final boolean err;

        Router(PrintStream own, boolean err) {
            this.own = own;
            this.err = err;
        }

        private PrintStream target() {
            CallContext c = CallContext.current();
            if (!c.isHosted()) {
                return own;
            }
            return err ? c.stderr() : c.systemOut();
        }

        @Override
        public void write(int b) {
            target().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            target().write(b, off, len);
        }

        @Override
        public void flush() {
            target().flush();
        }
    }
}
