package io.jnet.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.ExecResult;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's per-call deadline: a call still running when it passes answers code 11 at once; the call is left
 * to finish and, being an ADD, is rolled back, so the runtime's DEL finds nothing.
 */
@KernelTest
class EngineDeadlineIT {

    @Test
    void aCallPastTheDeadlineAnswersAtOnceAndIsRolledBack(Sandbox sb) throws Exception {
        EngineLab lab = new EngineLab(sb);
        lab.extraEnv.put("JNET_ENGINE_CALL_TIMEOUT", "2"); // the engine takes it from the call that starts it
        lab.version().assertOk();
        // an IPAM plugin that takes 6 s to answer ADD, then hands out 10.79.0.5
        Path slow = lab.cni.resolve("slow-ipam");
        Files.writeString(slow, """
                #!/bin/sh
                cat >/dev/null
                if [ "$CNI_COMMAND" = ADD ]; then
                  sleep 6
                  printf '{"cniVersion":"1.0.0","ips":[{"address":"10.79.0.5/24","gateway":"10.79.0.1"}]}'
                fi
                exit 0
                """, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(slow, PosixFilePermissions.fromString("rwx------"));
        String config = """
                {"cniVersion":"1.0.0","name":"slow","type":"bridge","bridge":"engslow0","ipam":{"type":"slow-ipam"}}""";
        NetNs c = sb.container("c1");
        long t0 = System.nanoTime();
        ExecResult add = lab.call("bridge", lab.env("ADD", "late", c), config);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(1, add.exitCode(), add.describe());
        assertTrue(add.stdout().contains("\"code\": 11") && add.stdout().contains("deadline of 2 s"), add.describe());
        assertTrue(millis < 5_500, "answered at the deadline, not when the call ended: " + millis + " ms");
        // the late ADD finishes unseen and is rolled back (a DEL meanwhile would wait for it, within its own deadline)
        EngineLab.await("the late ADD's rollback", 60, () -> lab.stat("rolledBack") == 1);
        assertEquals(1, lab.stat("expired"));
        lab.call("bridge", lab.env("DEL", "late", c), config).assertOk();
        assertEquals(List.of(), lab.hostVeths());
        String links = sb.exec(c, "ip", "-o", "link").assertOk().stdout();
        assertTrue(!links.contains("eth0"), links);
    }
}
