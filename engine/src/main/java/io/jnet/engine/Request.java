package io.jnet.engine;

import io.jnet.engine.Frames.BadFrame;
import io.jnet.engine.Frames.Frame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One client request, read and validated in full before anything runs: a control request (status, stop) or a
 * program call with its arguments, complete environment, working directory, umask, namespaces and stdin.
 *
 * @param kind      what is asked
 * @param protocol  the client's protocol version
 * @param build     the client's build id (its dist's {@code lib/build-id})
 * @param program   the program's name (a plugin or {@code jnet}); null for control requests
 * @param netns     inode of the caller's network namespace
 * @param mntns     inode of the caller's mount namespace
 */
public record Request(Kind kind, int protocol, String build, String program, List<String> args, Map<String, String> env,
        String cwd, int umask, long netns, long mntns, byte[] stdin) {

    public enum Kind { CALL, STATUS, STOP }

    /** Bounds of a request, beyond the per-frame bound. */
    static final int MAX_STDIN = 16 << 20;
    static final int MAX_ARGS = 4096;
    static final int MAX_ENV = 8192;
    static final int MAX_HEADER_BYTES = 8 << 20;

    /** Reads a whole request; any deviation from the format is a {@link BadFrame}, and nothing has run yet. */
    static Request read(ByteChannel ch) throws IOException {
        Frame hello = Frames.read(ch, 1024);
        if (hello == null) {
            throw new BadFrame("no request");
        }
        if (hello.type() != Frames.HELLO || hello.payload().length < 4) {
            throw new BadFrame("a request starts with HELLO, not '" + Frames.printable(hello.type()) + "'");
        }
        int protocol = hello.u32(0);
        String build = new String(hello.payload(), 4, hello.payload().length - 4, java.nio.charset.StandardCharsets.UTF_8);
        Frame first = next(ch);
        if (first.type() == Frames.STATUS || first.type() == Frames.STOP) {
            return new Request(first.type() == Frames.STATUS ? Kind.STATUS : Kind.STOP, protocol, build, null, List.of(),
                    Map.of(), "/", 022, 0, 0, new byte[0]);
        }
        if (first.type() != Frames.PROGRAM) {
            throw new BadFrame("expected PROGRAM after HELLO, got '" + Frames.printable(first.type()) + "'");
        }
        String program = text(first, "program name");
        List<String> args = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        String cwd = null;
        Integer umask = null;
        long netns = -1;
        long mntns = -1;
        ByteArrayOutputStream stdin = new ByteArrayOutputStream();
        long header = 0;
        for (Frame f = next(ch); f.type() != Frames.END; f = next(ch)) {
            if (f.type() != Frames.STDIN) {
                header += f.payload().length;
                if (header > MAX_HEADER_BYTES) {
                    throw new BadFrame("arguments and environment exceed " + MAX_HEADER_BYTES + " bytes");
                }
            }
            switch (f.type()) {
                case Frames.ARG -> {
                    if (args.size() == MAX_ARGS) {
                        throw new BadFrame("more than " + MAX_ARGS + " arguments");
                    }
                    args.add(text(f, "argument"));
                }
                case Frames.ENV -> {
                    if (env.size() == MAX_ENV) {
                        throw new BadFrame("more than " + MAX_ENV + " environment variables");
                    }
                    String kv = text(f, "environment entry");
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new BadFrame("environment entry without a name: " + quote(kv));
                    }
                    env.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                case Frames.CWD -> {
                    cwd = text(f, "working directory");
                    if (!cwd.startsWith("/")) {
                        throw new BadFrame("working directory is not absolute: " + quote(cwd));
                    }
                }
                case Frames.UMASK -> {
                    if (f.payload().length != 4 || (f.u32(0) & ~0777) != 0) {
                        throw new BadFrame("bad UMASK frame");
                    }
                    umask = f.u32(0);
                }
                case Frames.NS -> {
                    if (f.payload().length != 16) {
                        throw new BadFrame("bad NS frame");
                    }
                    netns = f.u64(0);
                    mntns = f.u64(8);
                }
                case Frames.STDIN -> {
                    if (stdin.size() + f.payload().length > MAX_STDIN) {
                        throw new BadFrame("stdin exceeds " + MAX_STDIN + " bytes");
                    }
                    stdin.write(f.payload(), 0, f.payload().length);
                }
                default -> throw new BadFrame("unexpected frame '" + Frames.printable(f.type()) + "' in a request");
            }
        }
        if (cwd == null || umask == null || netns < 0) {
            throw new BadFrame("request lacks " + (cwd == null ? "CWD" : umask == null ? "UMASK" : "NS"));
        }
        return new Request(Kind.CALL, protocol, build, program, List.copyOf(args), env, cwd, umask, netns, mntns,
                stdin.toByteArray());
    }

    private static Frame next(ByteChannel ch) throws IOException {
        Frame f = Frames.read(ch, Frames.MAX_FRAME);
        if (f == null) {
            throw new BadFrame("request ended before END");
        }
        return f;
    }

    /** Frame text, refusing NUL (it cannot be in an argument, a variable or a path). */
    private static String text(Frame f, String what) throws BadFrame {
        for (byte b : f.payload()) {
            if (b == 0) {
                throw new BadFrame(what + " contains NUL");
            }
        }
        return f.text();
    }

    private static String quote(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return "\"" + cut.replace("\n", "\\n") + "\"";
    }
}
