package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A state directory that is a mount point (a tmpfs, a Kubernetes hostPath): attach, gc and detach work, and jnet
 * leaves the directory it did not create where it was. The tmpfs is mounted in a private mount namespace that dies
 * with the commands, so nothing of it can outlive the test.
 */
@KernelTest
class StateDirMountIT {

    @Test
    void attachKeepsAStateDirThatIsAMountPoint(Sandbox sb) throws Exception {
        CliProcess cli = new CliProcess(sb);
        cli.run("netns", "add", "m").ok();
        cli.run("net", "create", "mnt", "--subnet", "10.46.0.0/24").ok();
        Files.createDirectories(cli.stateDir);

        String script = String.join("\n",
                "state=$1; shift",
                "mount -t tmpfs jnet-state \"$state\" || exit 90",
                "\"$@\" attach m --net mnt || exit 91",
                "\"$@\" gc || exit 92",
                "\"$@\" detach m --net mnt || exit 93",
                "mountpoint -q \"$state\" || exit 94",
                "echo \"left: [$(ls -A \"$state\")]\"");
        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
                cli.stateDir.toString(), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "io.jnet.cli.Main"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(cli.env());
        Process p = sb.host().call(pb::start); // the commands' "host" is the sandbox's
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the commands finished");

        assertEquals(0, p.exitValue(), "attach, gc and detach with a mounted state dir (exit 91-93: which failed):\n" + out);
        assertTrue(out.contains("left: []"), "the state dir is still mounted and empty:\n" + out);
        assertTrue(Files.isDirectory(cli.stateDir), "the state dir made before jnet ran is kept");
        assertEquals(List.of(), KernelState.cniNatLines(sb, sb.host()), "detach removed the rules");

        cli.run("netns", "del", "m").ok();
        cli.run("net", "rm", "mnt").ok();
    }
}
