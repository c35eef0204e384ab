package io.jnet.cni.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.jnet.cni.spec.CniException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginExecutorTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final PluginExecutor executor = new PluginExecutor(Duration.ofSeconds(20), new PrintStream(stderr, true, StandardCharsets.UTF_8));

    private Map<String, String> env(String command) {
        return Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), "CNI_COMMAND", command,
                "CNI_CONTAINERID", "ctr1", "CNI_IFNAME", "eth0", "CNI_NETNS", "/var/run/netns/x", "CNI_PATH", tmp.toString());
    }

    @Test
    void passesEnvAndStdinAndReturnsStdout() throws Exception {
        Path seen = tmp.resolve("seen");
        Path plugin = ScriptPlugins.write(tmp, "rec",
                "env | grep '^CNI_' | sort > " + seen + ".env\ncat > " + seen + ".stdin\n"
                        + "echo '{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"10.0.0.2/24\"}]}'\necho 'a log line' >&2");
        JsonObject result = executor.execForResult(plugin, "{\"cniVersion\":\"1.0.0\",\"name\":\"n\"}".getBytes(StandardCharsets.UTF_8),
                env("ADD"), "1.0.0");
        assertEquals("10.0.0.2/24", result.getAsJsonArray("ips").get(0).getAsJsonObject().get("address").getAsString());
        assertEquals(List.of("CNI_COMMAND=ADD", "CNI_CONTAINERID=ctr1", "CNI_IFNAME=eth0", "CNI_NETNS=/var/run/netns/x",
                "CNI_PATH=" + tmp), Files.readAllLines(Path.of(seen + ".env")));
        assertEquals("{\"cniVersion\":\"1.0.0\",\"name\":\"n\"}", Files.readString(Path.of(seen + ".stdin")));
        assertEquals("a log line\n", stderr.toString(StandardCharsets.UTF_8), "plugin stderr is passed on");
    }

    @Test
    void errorComesFromStdoutJson() throws IOException {
        Path plugin = ScriptPlugins.write(tmp, "fail",
                "cat >/dev/null\necho '{\"cniVersion\":\"1.0.0\",\"code\":7,\"msg\":\"bad config\",\"details\":\"no subnet\"}'\nexit 1");
        CniException e = assertThrows(CniException.class, () -> executor.exec(plugin, new byte[0], env("ADD")));
        assertEquals(7, e.code());
        assertEquals("bad config", e.msg());
        assertEquals("no subnet", e.details());
    }

    @Test
    void errorIsBuiltFromStderrWhenStdoutIsEmpty() throws IOException {
        Path plugin = ScriptPlugins.write(tmp, "stderr", "echo 'panic: something broke' >&2\nexit 3");
        CniException e = assertThrows(CniException.class, () -> executor.exec(plugin, new byte[0], env("ADD")));
        assertEquals(CniException.INTERNAL, e.code());
        assertEquals("netplugin failed: \"panic: something broke\"", e.msg());

        Path silent = ScriptPlugins.write(tmp, "silent", "exit 2");
        CniException s = assertThrows(CniException.class, () -> executor.exec(silent, new byte[0], env("DEL")));
        assertEquals("netplugin failed with no error message: exit status 2", s.msg());
    }

    @Test
    void garbageErrorOutputStillGivesAWellFormedError() throws IOException {
        Path plugin = ScriptPlugins.write(tmp, "garbage", "echo 'Segmentation fault'\nexit 139");
        CniException e = assertThrows(CniException.class, () -> executor.exec(plugin, new byte[0], env("ADD")));
        assertEquals(CniException.INTERNAL, e.code());
        assertTrue(e.msg().contains("Segmentation fault"), e.msg());
    }

    @Test
    void garbageResultOnSuccessIsDecodingFailure() throws IOException {
        Path plugin = ScriptPlugins.write(tmp, "garbage-ok", "echo 'all good!'");
        CniException e = assertThrows(CniException.class, () -> executor.execForResult(plugin, new byte[0], env("ADD"), "1.0.0"));
        assertEquals(CniException.DECODING_FAILURE, e.code());
        Path wrong = ScriptPlugins.write(tmp, "wrong-ok", "echo '{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"nope\"}]}'");
        assertEquals(6, assertThrows(CniException.class, () -> executor.execForResult(wrong, new byte[0], env("ADD"), "1.0.0")).code());
    }

    @Test
    void deadlineKillsAHangingPluginAndItsChildren() throws Exception {
        Path pidFile = tmp.resolve("sleep.pid");
        Path plugin = ScriptPlugins.write(tmp, "hang", "sleep 60 &\necho $! > " + pidFile + "\nwait");
        PluginExecutor quick = new PluginExecutor(Duration.ofMillis(700), null);
        long start = System.nanoTime();
        CniException e = assertThrows(CniException.class, () -> quick.exec(plugin, new byte[0], env("ADD")));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals("plugin timed out", e.msg());
        assertTrue(elapsedMs < 10_000, "returned after " + elapsedMs + " ms");
        long sleepPid = Long.parseLong(Files.readString(pidFile).strip());
        boolean alive = true;
        for (int i = 0; i < 50 && alive; i++) {
            alive = ProcessHandle.of(sleepPid).map(ProcessHandle::isAlive).orElse(false);
            if (alive) {
                Thread.sleep(100);
            }
        }
        assertFalse(alive, "the plugin's sleep child was killed too");
    }

    @Test
    void pluginThatIgnoresStdinDoesNotBlockUs() throws Exception {
        Path plugin = ScriptPlugins.write(tmp, "nostdin", "echo '{\"cniVersion\":\"1.0.0\"}'");
        byte[] big = new byte[1 << 20];
        java.util.Arrays.fill(big, (byte) ' ');
        assertEquals("{\"cniVersion\":\"1.0.0\"}\n", new String(executor.exec(plugin, big, env("DEL")), StandardCharsets.UTF_8));
    }

    @Test
    void missingBinaryIsAnIoFailure() {
        CniException e = assertThrows(CniException.class, () -> executor.exec(tmp.resolve("absent"), new byte[0], env("ADD")));
        assertEquals(CniException.IO_FAILURE, e.code());
    }

    @Test
    void retriesWhileThePluginBinaryIsStillOpenForWriting() throws Exception {
        Path plugin = ScriptPlugins.write(tmp, "busy", "echo '{\"cniVersion\":\"1.0.0\"}'");
        // Holding the file open for writing makes exec fail with ETXTBSY until it is closed.
        java.nio.channels.FileChannel writer = java.nio.channels.FileChannel.open(plugin, java.nio.file.StandardOpenOption.WRITE);
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(300);
                writer.close();
            } catch (Exception ignored) {
                // the assertion below reports the outcome
            }
        });
        closer.start();
        try {
            assertEquals("{\"cniVersion\":\"1.0.0\"}\n", new String(executor.exec(plugin, new byte[0], env("ADD")), StandardCharsets.UTF_8));
        } finally {
            closer.join();
        }
    }
}
