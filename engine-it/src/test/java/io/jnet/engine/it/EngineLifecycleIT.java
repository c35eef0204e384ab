package io.jnet.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.testing.ExecResult;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** How an engine comes and goes: started once by concurrent first calls, replaced, idle exit, and the ways around it. */
@KernelTest
class EngineLifecycleIT {
    private static final String VERSION_ANSWER = "\"supportedVersions\":[\"0.1.0\",\"0.2.0\",\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\",\"1.1.0\"]";

    @Test
    void concurrentFirstCallsStartOneEngineAndAllAreServedByIt(Sandbox sb) throws Exception {
        EngineLab lab = new EngineLab(sb);
        List<CompletableFuture<ExecResult>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(CompletableFuture.supplyAsync(lab::version));
        }
        for (CompletableFuture<ExecResult> c : calls) {
            assertTrue(c.join().assertOk().stdout().contains(VERSION_ANSWER), c.join().describe());
        }
        assertEquals(1, lab.enginePids().size(), "engines running");
        assertEquals(1, lab.enginesStarted(), "engines started:\n" + lab.log());
        assertEquals(6, lab.stat("callsServed"), "every call ran in the engine");
        assertEquals(0, lab.stat("fallbacks"));
    }

    @Test
    void statusThroughTheCliShowsPidVersionUptimeCallsAndRss(Sandbox sb) throws Exception {
        EngineLab lab = new EngineLab(sb);
        lab.version().assertOk();
        ExecResult r = sb.exec(lab.host, lab.extraEnv, null, lab.cni.resolve("jnet").toString(), "engine", "status", "--json").assertOk();
        JsonObject s = JsonParser.parseString(r.stdout()).getAsJsonObject();
        assertEquals((long) lab.enginePids().get(0), s.get("pid").getAsLong());
        assertTrue(s.get("version").getAsString().startsWith("jnet engine "), r.stdout());
        assertTrue(s.get("uptimeSeconds").getAsLong() >= 0);
        assertTrue(s.get("callsServed").getAsLong() >= 1, r.stdout());
        assertTrue(s.get("rssKiB").getAsLong() > 10_000, r.stdout());
        String table = sb.exec(lab.host, lab.extraEnv, null, lab.cni.resolve("jnet").toString(), "engine", "status").assertOk().stdout();
        assertTrue(table.contains("RSS") && table.contains(Long.toString(s.get("pid").getAsLong())), table);
    }

    @Test
    void aClientOfAnotherBuildReplacesTheEngine(Sandbox sb) throws Exception {
        EngineLab lab = new EngineLab(sb);
        lab.version().assertOk();
        long first = lab.enginePids().get(0);
        String firstBuild = lab.status().get("build").getAsString();
        // A second dist of another build, pointing at the same engine directory.
        Path other = sb.tempDir();
        copyTree(lab.dist(), other);
        Files.writeString(other.resolve("lib/build-id"), "another-build\n");
        ExecResult r = sb.exec(lab.host, lab.env("VERSION", null, null), new byte[0], other.resolve("cni/bridge").toString()).assertOk();
        assertTrue(r.stdout().contains(VERSION_ANSWER), r.describe());
        EngineLab.await("the old engine to exit", 30, () -> ProcessHandle.of(first).map(h -> !h.isAlive()).orElse(true));
        JsonObject s = lab.status();
        assertEquals("another-build", s.get("build").getAsString());
        assertNotEquals(first, s.get("pid").getAsLong());
        assertNotEquals(firstBuild, s.get("build").getAsString());
        assertTrue(lab.log().contains("a client of build another-build"), lab.log());
    }

    @Test
    void anEngineWhoseDistChangesRetiresAndTheNextCallStartsANewOne(Sandbox sb) throws Exception {
        EngineLab lab = new EngineLab(sb);
        lab.version().assertOk();
        long first = lab.enginePids().get(0);
        Files.writeString(lab.dist().resolve("lib/build-id"), "upgraded\n");
        EngineLab.await("the engine to retire", 30, () -> ProcessHandle.of(first).map(h -> !h.isAlive()).orElse(true));
        assertTrue(lab.log().contains("dist changed"), lab.log());
        lab.version().assertOk();
        assertEquals("upgraded", lab.status().get("build").getAsString());
    }

    @Test
    void anIdleEngineExitsAndGivesUpItsSocket(Sandbox sb) throws Exception {
        EngineLab lab = new EngineLab(sb);
        lab.extraEnv.put("JNET_ENGINE_IDLE", "2");
        lab.version().assertOk();
        long pid = lab.enginePids().get(0);
        assertEquals(2, lab.status().get("idleExitSeconds").getAsLong());
        EngineLab.await("the idle engine to exit", 30, () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
        assertFalse(Files.exists(lab.engineDir.resolve("engine.sock")), "socket left behind");
        assertTrue(lab.log().contains("retiring: idle for 2 s"), lab.log());
    }

    @Test
    void aStaleSocketIsReplacedByANewEngine(Sandbox sb) throws Exception {
        EngineLab lab = new EngineLab(sb);
        Files.createDirectories(lab.engineDir);
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(lab.engineDir.resolve("engine.sock")));
        } // closed: the file stays, nobody listens
        assertTrue(Files.exists(lab.engineDir.resolve("engine.sock")));
        lab.version().assertOk();
        assertEquals(1, lab.stat("callsServed"));
    }

    @Test
    void aHungEngineIsPassedByAndTheCallRunsInItsOwnJvm(Sandbox sb) throws Exception {
        EngineLab lab = new EngineLab(sb);
        lab.version().assertOk();
        long pid = lab.enginePids().get(0);
        EngineLab.signal(pid, "-STOP");
        try {
            Map<String, String> env = lab.env("VERSION", null, null);
            env.put("JNET_ENGINE_WAIT", "1");
            env.put("JNET_ENGINE_DEBUG", "1");
            ExecResult r = lab.call("bridge", env, "").assertOk();
            assertTrue(r.stdout().contains(VERSION_ANSWER), r.describe());
            assertTrue(r.stderr().contains("engine did not answer before accepting the call"), r.describe());
        } finally {
            EngineLab.signal(pid, "-CONT");
        }
        assertEquals(1, lab.stat("callsServed"), "the passed-by call never ran in the engine");
    }

    @Test
    void engineOffRunsTheJvmAndStartsNoEngine(Sandbox sb) throws Exception {
        EngineLab lab = new EngineLab(sb);
        Map<String, String> env = lab.env("VERSION", null, null);
        env.put("JNET_ENGINE", "off");
        assertTrue(lab.call("bridge", env, "").assertOk().stdout().contains(VERSION_ANSWER));
        assertTrue(lab.enginePids().isEmpty());
        assertFalse(Files.exists(lab.engineDir.resolve("engine.sock")));
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (from.relativize(p).startsWith("engine")) {
                    continue; // the engine's directory is shared, not copied
                }
                Path d = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(d);
                } else {
                    Files.copy(p, d, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
