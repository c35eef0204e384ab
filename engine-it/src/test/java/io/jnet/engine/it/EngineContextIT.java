package io.jnet.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.testing.ExecResult;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each call runs with exactly its caller's environment and working directory, however many calls the engine
 * served before: one engine, two callers with different settings, each sees only its own.
 */
@KernelTest
class EngineContextIT {

    @Test
    void eachCliCallSeesItsOwnEnvironmentAndWorkingDirectory(Sandbox sb) throws Exception {
        EngineLab lab = new EngineLab(sb);
        Path a = sb.tempDir();
        Path b = sb.tempDir();
        String jnet = lab.cni.resolve("jnet").toString();
        // CliProcess-like: the CLI in the host namespace, spawned from a thread inside it (same mount namespace)
        ExecResult created = run(sb, lab, Map.of("JNET_CONFIG_DIR", a.resolve("net.d").toString()), null, jnet, "net", "create", "alpha",
                "--subnet", "10.78.1.0/24", "--bridge", "engalpha");
        created.assertOk();
        String inA = run(sb, lab, Map.of("JNET_CONFIG_DIR", a.resolve("net.d").toString()), null, jnet, "net", "ls").assertOk().stdout();
        String inB = run(sb, lab, Map.of("JNET_CONFIG_DIR", b.resolve("net.d").toString()), null, jnet, "net", "ls").assertOk().stdout();
        assertTrue(inA.contains("alpha"), inA);
        assertTrue(!inB.contains("alpha"), inB);
        // a relative --config-dir is the caller's, not the engine's (whose directory is /)
        String relative = run(sb, lab, Map.of(), a, jnet, "--config-dir", "net.d", "net", "ls").assertOk().stdout();
        assertTrue(relative.contains("alpha"), relative);
        assertTrue(lab.stat("callsServed") >= 4, "the CLI calls ran in the engine: " + lab.status());
        assertEquals(0, lab.stat("fallbacks"), lab.log());
        assertTrue(Files.exists(a.resolve("net.d/alpha.conflist")));
    }

    /** The CLI spawned from a thread in the host namespace (like the jnet module's CliProcess), in {@code cwd}. */
    private static ExecResult run(Sandbox sb, EngineLab lab, Map<String, String> extra, Path cwd, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = new HashMap<>(lab.extraEnv);
        env.put("JNET_CACHE_DIR", sb.tempDir().toString());
        env.put("JNET_STATE_DIR", sb.tempDir().toString());
        env.put("JNET_NETNS_PREFIX", sb.prefix());
        env.put("JNET_CNI_PATH", lab.cni.toString());
        env.putAll(extra);
        pb.environment().putAll(env);
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        Process p = lab.host.call(pb::start);
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        p.waitFor();
        return new ExecResult(java.util.List.of(cmd), p.exitValue(), out, err);
    }
}
