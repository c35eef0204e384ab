package io.jnet.cni.skel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.cni.TestResources;
import io.jnet.cni.result.Result;
import io.jnet.cni.result.ResultReader;
import io.jnet.cni.spec.Attachment;
import io.jnet.cni.spec.CniArg;
import io.jnet.cni.spec.CniException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PluginMainTest {
    /** A plugin that records its last request and answers with the golden full result. */
    static class RecordingPlugin implements CniPlugin {
        CniRequest last;
        CniException failWith;
        RuntimeException crashWith;

        private void record(CniRequest r) throws CniException {
            last = r;
            if (failWith != null) {
                throw failWith;
            }
            if (crashWith != null) {
                throw crashWith;
            }
        }

        @Override
        public Result add(CniRequest r) throws CniException {
            record(r);
            return ResultReader.parse(TestResources.json("results/full-1.1.0.json"), "1.1.0");
        }

        @Override
        public void del(CniRequest r) throws CniException {
            record(r);
        }

        @Override
        public void check(CniRequest r) throws CniException {
            record(r);
        }

        @Override
        public void gc(CniRequest r) throws CniException {
            record(r);
        }

        @Override
        public void status(CniRequest r) throws CniException {
            record(r);
        }
    }

    record Outcome(int exit, String stdout, String stderr) {
        JsonObject json() {
            return JsonParser.parseString(stdout).getAsJsonObject();
        }
    }

    private final RecordingPlugin plugin = new RecordingPlugin();

    private Outcome run(Map<String, String> env, String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PluginMain.run(plugin, env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Map<String, String> env(String command) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", "ctr1");
        env.put("CNI_NETNS", "/var/run/netns/ctr1");
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_PATH", "/opt/cni/bin:/usr/lib/cni");
        return env;
    }

    private static String conf(String version) {
        return "{\"cniVersion\":\"" + version + "\",\"name\":\"net1\",\"type\":\"test\"}";
    }

    private static void assertError(Outcome o, int code) {
        assertEquals(PluginMain.EXIT_FAILURE, o.exit());
        JsonObject j = o.json();
        assertEquals(code, j.get("code").getAsInt(), o.stdout());
        assertTrue(j.has("msg") && j.has("cniVersion"), o.stdout());
    }

    @Test
    void versionPrintsSupportedVersionsWithoutReadingStdin() {
        Outcome o = run(Map.of("CNI_COMMAND", "VERSION"), "not json at all");
        assertEquals(0, o.exit());
        assertEquals("{\"cniVersion\":\"1.1.0\",\"supportedVersions\":[\"0.1.0\",\"0.2.0\",\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\",\"1.1.0\"]}\n",
                o.stdout());
        assertNull(plugin.last);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.0", "1.0.0", "0.4.0", "0.3.1", "0.3.0", "0.2.0", "0.1.0"})
    void addPrintsTheResultInTheConfigsVersion(String version) {
        Outcome o = run(env("ADD"), conf(version));
        assertEquals(0, o.exit(), o.stdout());
        JsonObject expected = version.equals("1.1.0") ? TestResources.json("results/full-1.1.0.json")
                : TestResources.json("results/full-to-" + version + ".json");
        assertEquals(expected, o.json());
        assertTrue(o.stdout().startsWith("{\n    \"cniVersion\": \"" + version + "\""), "indented like the reference: " + o.stdout());
        assertTrue(o.stdout().endsWith("\n}"), "no trailing newline, like the reference");
    }

    @Test
    void addHandsTheRequestOver() {
        Map<String, String> env = env("ADD");
        env.put("CNI_ARGS", "IgnoreUnknown=1;IP=10.1.0.9");
        Outcome o = run(env, "{\"cniVersion\":\"1.0.0\",\"name\":\"net1\",\"type\":\"test\",\"extra\":{\"k\":1}}");
        assertEquals(0, o.exit());
        CniRequest r = plugin.last;
        assertEquals(CniCommand.ADD, r.command());
        assertEquals("ctr1", r.containerId());
        assertEquals("/var/run/netns/ctr1", r.netns());
        assertEquals("eth0", r.ifname());
        assertEquals(List.of(new CniArg("IgnoreUnknown", "1"), new CniArg("IP", "10.1.0.9")), r.args());
        assertEquals("10.1.0.9", r.arg("IP").orElseThrow());
        assertEquals(2, r.pathDirs().size());
        assertEquals("1.0.0", r.cniVersion());
        assertEquals("{\"k\":1}", r.config().get("extra").toString());
        assertEquals("/opt/cni/bin:/usr/lib/cni", r.env().get("CNI_PATH"));
    }

    @Test
    void pluginErrorGoesToStdoutAsJsonWithNonZeroExit() {
        plugin.failWith = new CniException(CniException.UNSUPPORTED_FIELD, "unsupported field", "mtu=\"big\"");
        Outcome o = run(env("ADD"), conf("0.4.0"));
        assertError(o, 2);
        assertEquals("0.4.0", o.json().get("cniVersion").getAsString());
        assertEquals("mtu=\"big\"", o.json().get("details").getAsString());
        assertEquals("", o.stderr());
    }

    @Test
    void crashingPluginStillPrintsOnlyAnErrorDocument() {
        plugin.crashWith = new IllegalStateException("boom");
        Outcome o = run(env("DEL"), conf("1.0.0"));
        assertError(o, 999);
        assertEquals("boom", o.json().get("msg").getAsString());
        assertTrue(o.stderr().contains("IllegalStateException"), "stack trace on stderr");
        assertFalse(o.stdout().contains("at io.jnet"), "no stack trace on stdout");
    }

    @Test
    void successfulDelCheckGcStatusPrintNothing() {
        for (String cmd : List.of("DEL", "CHECK", "GC", "STATUS")) {
            Outcome o = run(env(cmd), conf("1.1.0"));
            assertEquals(0, o.exit(), cmd + ": " + o.stdout());
            assertEquals("", o.stdout(), cmd);
            assertEquals(cmd, plugin.last.command().name());
        }
    }

    @Test
    void gcSeesValidAttachmentsFromEitherKey() throws CniException {
        Map<String, String> env = Map.of("CNI_COMMAND", "GC", "CNI_PATH", "/opt/cni/bin");
        run(env, "{\"cniVersion\":\"1.1.0\",\"name\":\"net1\",\"type\":\"t\",\"cni.dev/valid-attachments\":[{\"containerID\":\"a\",\"ifname\":\"eth0\"}]}");
        assertEquals(List.of(new Attachment("a", "eth0")), plugin.last.validAttachments());
        run(env, "{\"cniVersion\":\"1.1.0\",\"name\":\"net1\",\"type\":\"t\",\"cni.dev/attachments\":[{\"containerID\":\"b\",\"ifname\":\"net1\"}]}");
        assertEquals(List.of(new Attachment("b", "net1")), plugin.last.validAttachments());
    }

    @Test
    void noCniVersionMeans010() {
        Outcome o = run(env("ADD"), "{\"name\":\"net1\",\"type\":\"test\"}");
        assertEquals(0, o.exit());
        assertEquals(TestResources.json("results/full-to-0.1.0.json"), o.json());
        assertError(run(env("CHECK"), "{\"name\":\"net1\",\"type\":\"test\"}"), 1);
    }

    @Test
    void unsupportedVersionIsCode1WithTheReferenceDetails() {
        Outcome o = run(env("ADD"), conf("0.5.0"));
        assertError(o, 1);
        assertEquals("incompatible CNI versions", o.json().get("msg").getAsString());
        assertEquals("config is \"0.5.0\", plugin supports [\"0.1.0\" \"0.2.0\" \"0.3.0\" \"0.3.1\" \"0.4.0\" \"1.0.0\" \"1.1.0\"]",
                o.json().get("details").getAsString());
        assertEquals("1.1.0", o.json().get("cniVersion").getAsString());
        assertNull(plugin.last);
    }

    @Test
    void checkNeeds040AndGcStatusNeed110() {
        assertError(run(env("CHECK"), conf("0.3.1")), 1);
        assertEquals("config version does not allow CHECK", run(env("CHECK"), conf("0.3.1")).json().get("msg").getAsString());
        assertError(run(env("GC"), conf("1.0.0")), 1);
        assertError(run(env("STATUS"), conf("1.0.0")), 1);
        assertNull(plugin.last);
        assertEquals(0, run(env("CHECK"), conf("0.4.0")).exit());
    }

    @Test
    void missingEnvVarsAreCode4AndNamed() {
        Map<String, String> env = env("ADD");
        env.remove("CNI_NETNS");
        env.remove("CNI_IFNAME");
        Outcome o = run(env, conf("1.0.0"));
        assertError(o, 4);
        assertEquals("required env variables [CNI_NETNS,CNI_IFNAME] missing", o.json().get("msg").getAsString());

        Map<String, String> del = env("DEL");
        del.remove("CNI_NETNS");
        assertEquals(0, run(del, conf("1.0.0")).exit(), "DEL needs no netns");
        plugin.last = null;

        assertError(run(Map.of(), conf("1.0.0")), 4);
        assertEquals("required env variables [CNI_COMMAND] missing", run(Map.of(), conf("1.0.0")).json().get("msg").getAsString());
        assertError(run(Map.of("CNI_COMMAND", "GC"), conf("1.1.0")), 4);
        assertError(run(Map.of("CNI_COMMAND", "FROB"), conf("1.1.0")), 4);
        assertNull(plugin.last);
    }

    @Test
    void badIdsNamesAndIfnamesAreRefusedWithTheirCodes() {
        Map<String, String> env = env("ADD");
        env.put("CNI_CONTAINERID", "bad id");
        assertError(run(env, conf("1.0.0")), 4);
        env = env("ADD");
        env.put("CNI_IFNAME", "this-name-is-too-long");
        assertError(run(env, conf("1.0.0")), 4);
        assertError(run(env("ADD"), "{\"cniVersion\":\"1.0.0\",\"name\":\"bad name\",\"type\":\"t\"}"), 7);
        assertError(run(env("ADD"), "{\"cniVersion\":\"1.0.0\",\"type\":\"t\"}"), 7);
        env = env("ADD");
        env.put("CNI_ARGS", "garbage");
        assertError(run(env, conf("1.0.0")), 4);
        assertNull(plugin.last);
    }

    @Test
    void garbageStdinIsCode6() {
        Outcome o = run(env("ADD"), "{\"cniVersion\":\"1.0.0\", oops");
        assertError(o, 6);
        assertError(run(env("DEL"), ""), 6);
    }

    @Test
    void resultThatCannotBeExpressedPrintsOnlyTheError() {
        CniPlugin noIps = new RecordingPlugin() {
            @Override
            public Result add(CniRequest r) {
                return Result.EMPTY;
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = PluginMain.run(noIps, env("ADD"), new ByteArrayInputStream(conf("0.2.0").getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        JsonObject j = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals("cannot convert: no valid IP addresses", j.get("msg").getAsString());
    }

    @Test
    void notImplementedPlaceholderAnswersVersionAndCode100() {
        CniPlugin p = CniPlugin.notImplemented("bridge");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        int code = PluginMain.run(p, env("ADD"), new ByteArrayInputStream(conf("1.0.0").getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), err);
        assertEquals(1, code);
        JsonObject j = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals(100, j.get("code").getAsInt());
        assertEquals("not implemented yet", j.get("msg").getAsString());
        ByteArrayOutputStream vout = new ByteArrayOutputStream();
        assertEquals(0, PluginMain.run(p, Map.of("CNI_COMMAND", "VERSION"), new ByteArrayInputStream(new byte[0]),
                new PrintStream(vout, true, StandardCharsets.UTF_8), err));
        assertTrue(vout.toString(StandardCharsets.UTF_8).contains("\"supportedVersions\""));
    }

    @Test
    void badInputAlwaysEndsInOneWellFormedErrorDocument() {
        String deep = "[".repeat(100_000);
        List<String> inputs = List.of("", "null", "[]", "42", "\"str\"", "{", "{}", deep, "{\"name\":\"n\",\"cniVersion\":7}",
                "{\"name\":\"n\",\"cniVersion\":\"1.0.0\",\"prevResult\":[1]}",
                "{\"name\":\"n\",\"cniVersion\":\"1.0.0\",\"capabilities\":{\"mac\":1}}",
                "{\"name\":\"n\",\"cniVersion\":\"abc\"}", "{\"name\":\"n\",\"cniVersion\":\"1.0.0\"}garbage",
                "\u0000\u00ff\ufffd binary");
        for (String cmd : List.of("ADD", "CHECK")) {
            for (String in : inputs) {
                Outcome o = run(env(cmd), in);
                String label = cmd + " " + (in.length() > 40 ? in.substring(0, 40) + "..." : in);
                assertEquals(PluginMain.EXIT_FAILURE, o.exit(), label);
                JsonObject j = o.json();
                assertTrue(j.get("code").getAsInt() > 0, label);
                assertFalse(j.get("msg").getAsString().isEmpty(), label);
                assertFalse(o.stdout().contains("\tat "), label);
            }
        }
        assertNull(plugin.last);
    }

    @Test
    void withoutCommandAPluginWithAboutDescribesItselfOnStderr() {
        CniPlugin p = CniPlugin.notImplemented("bridge");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PluginMain.run(p, Map.of(), new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals("CNI bridge plugin (jnet, not implemented yet)\nCNI protocol versions supported: 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0\n",
                err.toString(StandardCharsets.UTF_8));
    }
}
