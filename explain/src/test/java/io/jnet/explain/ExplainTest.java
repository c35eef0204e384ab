package io.jnet.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink is per call and per thread, and a file sink appends whole lines. */
@SuppressWarnings("try") // bindings are held for their scope only
class ExplainTest {

    @Test
    void nothingIsBoundUntilACallBindsItsSinkAndClosingRestoresTheOuterOne() {
        assertSame(Explain.NONE, Explain.current());
        assertFalse(Explain.current().active());
        List<String> outer = new ArrayList<>();
        List<String> inner = new ArrayList<>();
        try (Binding a = Explain.bind(outer::add)) {
            Explain.current().command("one");
            try (Binding b = Explain.bind(inner::add)) { // an in-process plugin inside the outer call
                Explain.current().command("two");
            }
            Explain.current().command("three");
        }
        assertSame(Explain.NONE, Explain.current(), "nothing left on the thread");
        assertEquals(List.of("one", "three"), outer);
        assertEquals(List.of("two"), inner);
    }

    @Test
    void anotherThreadDoesNotSeeTheCallsSink() throws Exception {
        List<String> lines = new ArrayList<>();
        AtomicReference<Explain> seen = new AtomicReference<>();
        try (Binding b = Explain.bind(lines::add)) {
            Thread t = new Thread(() -> seen.set(Explain.current()));
            t.start();
            t.join();
        }
        assertSame(Explain.NONE, seen.get(), "two calls served by two threads of one JVM never mix");
    }

    @Test
    void aBindingIsClosedWhereItWasMade() throws Exception {
        Binding b = Explain.bind(l -> { });
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                b.close();
            } catch (Throwable e) {
                failure.set(e);
            }
            done.countDown();
        });
        t.start();
        done.await();
        assertTrue(failure.get() instanceof IllegalStateException);
        b.close();
        assertSame(Explain.NONE, Explain.current());
    }

    @Test
    void theEnvironmentNamesTheFileAndLinesAreAppendedWhole(@TempDir Path dir) throws Exception {
        assertSame(Explain.NONE, Explain.fromEnv(Map.of()));
        assertSame(Explain.NONE, Explain.fromEnv(Map.of(Explain.ENV, "")));
        Path file = dir.resolve("explain.sh");
        Explain e = Explain.fromEnv(Map.of(Explain.ENV, file.toString()));
        assertTrue(e.active());
        e.command("ip link add br0 type bridge");
        e.note("a remark\nover two lines");
        Explain.fromEnv(Map.of(Explain.ENV, file.toString())).command("ip link set br0 up"); // another process, same file
        e.command("a newline\ninside stays one line");
        assertEquals(List.of("ip link add br0 type bridge", "# a remark", "# over two lines", "ip link set br0 up",
                "a newline inside stays one line"), Files.readAllLines(file));
    }

    @Test
    void anUnwritableFileNeverFailsTheOperation(@TempDir Path dir) throws Exception {
        Path link = dir.resolve("planted");
        Files.createSymbolicLink(link, dir.resolve("elsewhere"));
        Explain.fromEnv(Map.of(Explain.ENV, link.toString())).command("ip link set x up");
        assertFalse(Files.exists(dir.resolve("elsewhere")), "a symlink is not followed");
        Explain.fromEnv(Map.of(Explain.ENV, dir.resolve("no/such/dir/f").toString())).command("ip link set x up");
    }

    @Test
    void aHeadingComesBeforeTheFirstCommandOnlyWhenOneComes() {
        List<String> lines = new ArrayList<>();
        Explain.withHeading(lines::add, "host-local ADD red eth0");
        assertEquals(List.of(), lines, "a call that changes nothing says nothing");
        Explain busy = Explain.withHeading(lines::add, "bridge ADD red eth0");
        busy.command("ip link add br0 type bridge");
        busy.command("ip link set br0 up");
        assertEquals(List.of("# bridge ADD red eth0", "ip link add br0 type bridge", "ip link set br0 up"), lines);
        assertSame(Explain.NONE, Explain.withHeading(Explain.NONE, "x"));
    }
}
