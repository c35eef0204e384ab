package io.jnet.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.testing.ExecResult;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@code jnet install --systemd} sets up, with systemd's own socket-activation helper in the sandbox: the
 * socket exists before any engine, the first call starts the engine with the listening socket on its stdin
 * ({@code --inherit}, as {@code StandardInput=socket} hands it), and the engine serves it.
 */
@KernelTest
class SocketActivationIT {

    @Test
    void theFirstCallOnASystemdSocketStartsTheEngineWhichServesIt(Sandbox sb) throws Exception {
        EngineLab lab = new EngineLab(sb);
        Files.createDirectories(lab.engineDir);
        Path socket = lab.engineDir.resolve("engine.sock");
        Path launcher = lab.dist().resolve("lib/jvm/engine");
        // systemd-socket-activate passes the listening socket as fd 3; the unit's StandardInput=socket makes it fd 0
        sb.start(lab.host, "systemd-socket-activate", "-l", socket.toString(), "sh", "-c",
                "exec \"$0\" --dir \"$1\" --inherit 0<&3 3<&-", launcher.toString(), lab.engineDir.toString());
        EngineLab.await("the activation socket", 30, () -> Files.exists(socket));
        assertTrue(lab.enginePids().isEmpty(), "no engine before the first call");
        Map<String, String> env = lab.env("VERSION", null, null);
        ExecResult r = lab.call("bridge", env, "").assertOk();
        assertTrue(r.stdout().contains("supportedVersions"), r.describe());
        assertEquals(1, lab.enginePids().size());
        assertEquals(1, lab.stat("callsServed"));
        assertEquals(0, lab.stat("fallbacks"));
    }
}
