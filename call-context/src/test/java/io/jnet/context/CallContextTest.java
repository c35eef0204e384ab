package io.jnet.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CallContextTest {
    private static CallContext hosted(Map<String, String> env, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return CallContext.hosted(env, Path.of("/tmp"), new ByteArrayInputStream(new byte[0]), o, e, o);
    }

    @Test
    void outsideAHostedCallTheProcessIsTheContext() {
        assertSame(CallContext.process(), CallContext.current());
        assertFalse(CallContext.current().isHosted());
        assertEquals(System.getenv(), CallContext.current().env());
    }

    @Test
    void aHostedCallSeesOnlyItsOwnEnvironmentAndThreadsItStartsInheritIt() throws Exception {
        CallContext call = hosted(Map.of("ONLY", "mine"), new ByteArrayOutputStream(), new ByteArrayOutputStream());
        AtomicReference<Map<String, String>> seenByChild = new AtomicReference<>();
        Map<String, String> seen = call.call(() -> {
            Thread t = new Thread(() -> seenByChild.set(CallContext.current().env()));
            t.start();
            t.join();
            return CallContext.current().env();
        });
        assertEquals(Map.of("ONLY", "mine"), seen);
        assertEquals(Map.of("ONLY", "mine"), seenByChild.get());
        assertSame(CallContext.process(), CallContext.current(), "unbound after the call");
    }

    @Test
    void relativePathsAreTheCallersAndProgramsGetItsEnvironmentAndDirectory() {
        CallContext call = hosted(Map.of("A", "1"), new ByteArrayOutputStream(), new ByteArrayOutputStream());
        assertEquals(Path.of("/tmp/x/y"), call.absolute(Path.of("x/y")));
        assertEquals(Path.of("/etc"), call.absolute(Path.of("/etc")));
        ProcessBuilder pb = call.prepare(new ProcessBuilder("true"));
        assertEquals(Map.of("A", "1"), pb.environment());
        assertEquals(Path.of("/tmp").toFile(), pb.directory());
        ProcessBuilder own = CallContext.process().prepare(new ProcessBuilder("true"));
        assertNull(own.directory());
    }

    @Test
    void mainRunnerReturnsTheExitStatusAndRoutesStrayOutput() throws Exception {
        CallStreams.install();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MainRunner.run(Exits.class.getName(), new String[] {"7"}, hosted(Map.of("GREETING", "hi"), out, err));
        assertEquals(7, code);
        assertEquals("hi\n", out.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("to stderr"), err.toString(StandardCharsets.UTF_8));
        int thrown = MainRunner.run(Throws.class.getName(), new String[0], hosted(Map.of(), out, err));
        assertEquals(1, thrown);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("IllegalStateException: boom"));
        int plain = MainRunner.run(Returns.class.getName(), new String[0], hosted(Map.of(), out, err));
        assertEquals(0, plain);
    }

    public static final class Exits {
        public static void main(String[] args) {
            CallContext c = CallContext.current();
            System.out.println(c.getenv("GREETING")); // the host routes System.out to the call's systemOut
            System.err.println("to stderr");
            c.exit(Integer.parseInt(args[0]));
        }
    }

    public static final class Throws {
        public static void main(String[] args) {
            throw new IllegalStateException("boom");
        }
    }

    public static final class Returns {
        public static void main(String[] args) {
            // nothing
        }
    }
}
