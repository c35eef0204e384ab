package io.jnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.cni.runtime.CachedAttachment;
import io.jnet.cni.runtime.ResultCache;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI in-process, without root: parsing, help, JSON, errors and exit codes, files in temp dirs only. */
class CliTest {
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    private Run jnet(String... args) {
        List<String> all = new ArrayList<>(List.of("--config-dir", tmp.resolve("conf").toString(), "--cache-dir", tmp.resolve("cache").toString(),
                "--state-dir", tmp.resolve("state").toString(), "--cni-path", tmp.resolve("nothing").toString(), "--netns-prefix", "cli-test-"));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(all.toArray(String[]::new));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aNamedSubcommandAloneParsesAsInTheWholeTree() {
        for (String[] args : new String[][] {{"attach", "--help"}, {"--data-dir", "/d", "net", "create", "--help"}, {"engine", "status", "--help"}}) {
            StringWriter whole = new StringWriter();
            CommandLine full = Main.commandLine();
            full.setOut(new PrintWriter(whole, true));
            assertEquals(0, full.execute(args));
            Run lazy = jnet(args);
            assertEquals(0, lazy.exit());
            assertEquals(whole.toString(), lazy.out(), String.join(" ", args));
        }
        assertEquals(1, Main.commandLine(new String[] {"attach", "x"}).getSubcommands().size());
        assertEquals(Main.SUBCOMMANDS.size(), Set.copyOf(Main.commandLine(new String[] {"--netns-prefix", "attach"}).getSubcommands().values()).size());
        assertEquals("net", Main.firstWord(new String[] {"--json", "--state-dir", "net", "net", "ls"}));
    }

    @Test
    void everySubcommandAloneIsTheSameCommandAsInTheWholeTree() {
        CommandLine full = Main.commandLine();
        for (Class<?> c : Main.SUBCOMMANDS) {
            String name = c.getAnnotation(CommandLine.Command.class).name();
            sameCommand(full.getSubcommands().get(name), Main.commandLine(new String[] {name}).getSubcommands().get(name));
        }
    }

    /** Usage text (options, parameters, help), parser settings and nested subcommands alike. */
    private static void sameCommand(CommandLine whole, CommandLine alone) {
        String name = whole.getCommandSpec().qualifiedName();
        assertEquals(whole.getUsageMessage(), alone.getUsageMessage(), name);
        CommandLine.Model.ParserSpec a = whole.getCommandSpec().parser();
        CommandLine.Model.ParserSpec b = alone.getCommandSpec().parser();
        assertEquals(List.of(a.stopAtPositional(), a.stopAtUnmatched(), a.unmatchedArgumentsAllowed(),
                a.unmatchedOptionsArePositionalParams(), a.endOfOptionsDelimiter(), a.posixClusteredShortOptionsAllowed()),
                List.of(b.stopAtPositional(), b.stopAtUnmatched(), b.unmatchedArgumentsAllowed(),
                        b.unmatchedOptionsArePositionalParams(), b.endOfOptionsDelimiter(), b.posixClusteredShortOptionsAllowed()), name);
        assertEquals(whole.getSubcommands().keySet(), alone.getSubcommands().keySet(), name);
        whole.getSubcommands().forEach((sub, cl) -> sameCommand(cl, alone.getSubcommands().get(sub)));
    }

    @Test
    void runAndExecPassTheCommandsOwnOptionsThrough() {
        for (String[] args : new String[][] {{"run", "--net", "none", "-d", "busybox", "sh", "-c", "echo hi"},
            {"--state-dir", "/s", "exec", "w", "ls", "-l", "/"}}) {
            for (CommandLine cl : List.of(Main.commandLine(), Main.commandLine(args))) {
                CommandLine.ParseResult sub = cl.parseArgs(args).subcommand();
                List<String> positionals = sub.matchedPositionals().stream().flatMap(p -> p.stringValues().stream()).toList();
                List<String> all = List.of(args);
                assertEquals(all.subList(all.size() - 3, all.size()), positionals.subList(positionals.size() - 3, positionals.size()),
                        String.join(" ", args));
            }
        }
    }

    @Test
    void aMisspeltCommandStillGetsASuggestion() {
        Run r = jnet("attch", "red");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("did you mean attach"), r.err());
    }

    @Test
    void everyCommandHasHelp() {
        String[][] commands = {{}, {"netns"}, {"netns", "add"}, {"netns", "del"}, {"netns", "ls"}, {"netns", "exec"}, {"net"},
            {"net", "create"}, {"net", "ls"}, {"net", "inspect"}, {"net", "rm"}, {"attach"}, {"detach"}, {"check"}, {"ps"}, {"gc"},
            {"status"}, {"lab"}, {"lab", "up"}, {"lab", "down"}, {"install"}};
        for (String[] c : commands) {
            List<String> args = new ArrayList<>(List.of(c));
            args.add("--help");
            Run r = jnet(args.toArray(String[]::new));
            assertEquals(0, r.exit(), String.join(" ", c));
            assertTrue(r.out().startsWith("Usage: jnet"), r.out());
            assertTrue(r.out().contains("Example"), "help with examples: " + String.join(" ", c));
        }
        Run attach = jnet("attach", "--help");
        assertTrue(attach.out().contains("Examples:") && attach.out().contains("jnet attach blue -p 8080:80"), attach.out());
        assertFalse(jnet("--help").out().contains("serve-http"), "the lab's responder is hidden");
    }

    @Test
    void badUsageIsOneLineWithAHintAndExit2() {
        Run r = jnet("atach", "red");
        assertEquals(2, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("jnet: ") && r.err().contains("(hint: "), r.err());
        assertTrue(r.err().contains("attach"), "suggests the near miss: " + r.err());
        assertEquals(2, jnet("attach", "red", "-p", "8010-8000:80").exit());
        assertEquals(2, jnet("attach").exit());
        assertEquals(2, jnet("lab", "up", "--host-port", "70000").exit());
    }

    @Test
    void netCreateLsInspectRmWithJson() throws Exception {
        Run created = jnet("--json", "net", "create", "web", "--subnet", "10.88.0.0/24", "--gateway", "10.88.0.254", "--cni-version", "1.0.0");
        assertEquals(0, created.exit(), created.err());
        JsonObject info = JsonParser.parseString(created.out()).getAsJsonObject();
        assertEquals("web", info.get("name").getAsString());
        assertEquals("jn-web", info.get("bridge").getAsString());
        assertEquals("10.88.0.254", info.getAsJsonArray("gateways").get(0).getAsString());
        Path file = tmp.resolve("conf/web.conflist");
        assertTrue(Files.exists(file));
        String ipamDir = JsonParser.parseString(Files.readString(file)).getAsJsonObject().getAsJsonArray("plugins").get(0).getAsJsonObject()
                .getAsJsonObject("ipam").get("dataDir").getAsString();
        assertEquals(tmp.resolve("cache/networks").toString(), ipamDir, "leases live under the cache dir");

        Run again = jnet("net", "create", "web", "--subnet", "10.99.0.0/24", "--cni-version", "1.0.0");
        assertEquals(4, again.exit());
        assertTrue(again.err().contains("network web already exists"), again.err());
        Run overlap = jnet("net", "create", "web2", "--subnet", "10.88.0.128/25", "--cni-version", "1.0.0");
        assertEquals(4, overlap.exit());
        assertTrue(overlap.err().contains("overlaps 10.88.0.0/24 of network web"), overlap.err());
        assertEquals(List.of("web.conflist"), files(tmp.resolve("conf")), "refused creates wrote nothing");

        Run ls = jnet("net", "ls");
        assertEquals(0, ls.exit());
        assertTrue(ls.out().lines().anyMatch(l -> l.matches("web\\s+jn-web\\s+10\\.88\\.0\\.0/24\\s+10\\.88\\.0\\.254\\s+0\\s+nat\\s+1\\.0\\.0")), ls.out());
        JsonArray lsJson = JsonParser.parseString(jnet("--json", "net", "ls").out()).getAsJsonArray();
        assertEquals(1, lsJson.size());

        JsonObject inspect = JsonParser.parseString(jnet("net", "inspect", "web", "--json").out()).getAsJsonObject();
        assertEquals("portmap", inspect.getAsJsonObject("config").getAsJsonArray("plugins").get(1).getAsJsonObject().get("type").getAsString());
        assertEquals(0, inspect.getAsJsonArray("attachments").size());

        assertEquals(3, jnet("net", "inspect", "nope").exit());
        assertEquals(3, jnet("net", "rm", "nope").exit());
        assertEquals(0, jnet("net", "rm", "web").exit());
        assertFalse(Files.exists(file));
    }

    @Test
    void badNetworkInputChangesNothing() throws Exception {
        for (String[] args : new String[][] {{"--subnet", "10.88.0.1/24"}, {"--subnet", "banana"}, {"--subnet", "10.88.0.0/24", "--mtu", "10"},
            {"--subnet", "10.88.0.0/24", "--gateway", "10.1.1.1"}, {"--subnet", "10.88.0.0/24", "--bridge", "much-too-long-bridge"}}) {
            List<String> all = new ArrayList<>(List.of("net", "create", "x"));
            all.addAll(List.of(args));
            Run r = jnet(all.toArray(String[]::new));
            assertEquals(2, r.exit(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        assertEquals(List.of(), files(tmp.resolve("conf")));
    }

    @Test
    void psAndNetRmReadLibcniCacheEntries() throws Exception {
        assertEquals(0, jnet("net", "create", "web", "--subnet", "10.88.0.0/24", "--cni-version", "1.0.0").exit());
        JsonObject result = JsonParser.parseString("""
                {"cniVersion":"1.0.0","interfaces":[{"name":"jn-web","mac":"aa:aa:aa:aa:aa:01"},{"name":"veth0a0b0c0d","mac":"aa:aa:aa:aa:aa:02"},
                 {"name":"eth0","mac":"02:00:00:00:00:05","sandbox":"/run/netns/cli-test-red"}],
                 "ips":[{"address":"10.88.0.5/24","gateway":"10.88.0.1","interface":2}]}""").getAsJsonObject();
        JsonObject caps = JsonParser.parseString("{\"portMappings\":[{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"}]}").getAsJsonObject();
        new ResultCache(tmp.resolve("cache")).write(new CachedAttachment("cnitool-0011", Files.readAllBytes(tmp.resolve("conf/web.conflist")),
                "eth0", "web", "/run/netns/cli-test-red", List.of(), caps, result));

        Run ps = jnet("ps");
        assertEquals(0, ps.exit(), ps.err());
        assertTrue(ps.out().lines().anyMatch(l -> l.matches("red \\(gone\\)\\s+web\\s+eth0\\s+10\\.88\\.0\\.5/24\\s+02:00:00:00:00:05\\s+8080->80/tcp")), ps.out());
        JsonObject row = JsonParser.parseString(jnet("--json", "ps").out()).getAsJsonArray().get(0).getAsJsonObject();
        assertEquals("red", row.get("netns").getAsString());
        assertEquals("veth0a0b0c0d", row.get("hostInterface").getAsString());
        assertEquals("jn-web", row.get("bridge").getAsString());
        assertEquals("10.88.0.1", row.getAsJsonArray("gateways").get(0).getAsString());
        assertFalse(row.get("netnsExists").getAsBoolean());

        Run rm = jnet("net", "rm", "web");
        assertEquals(4, rm.exit());
        assertTrue(rm.err().contains("network web is in use by red"), rm.err());
        assertTrue(Files.exists(tmp.resolve("conf/web.conflist")), "refused rm changed nothing");

        Run taken = jnet("attach", "nosuch");
        assertEquals(3, taken.exit(), "a missing namespace is not found");
    }

    @Test
    void installRefusesForeignPluginsAndCopiesAStandAloneSet() throws Exception {
        // a dist directory like the build makes: launchers in cni/ that find their jars through ../lib
        Path dist = Files.createDirectories(tmp.resolve("dist"));
        Files.createDirectories(dist.resolve("lib"));
        Files.writeString(dist.resolve("lib/plugin.jar"), "jar bytes");
        Files.createDirectories(dist.resolve("cni"));
        for (String p : List.of("bridge", "host-local", "portmap", "firewall")) {
            Path launcher = dist.resolve("cni").resolve(p);
            Files.writeString(launcher, "#!/bin/sh\nhere=$(dirname \"$(readlink -f \"$0\")\")\necho " + p + " $(cat \"$here/../lib/plugin.jar\")\n");
            launcher.toFile().setExecutable(true);
        }
        Path dir = Files.createDirectories(tmp.resolve("opt"));
        Files.writeString(dir.resolve("bridge"), "reference bridge binary");
        Run refused = jnet("install", "--from", dist.toString(), "--dir", dir.toString());
        assertEquals(4, refused.exit());
        assertTrue(refused.err().contains("was not installed by jnet") && refused.err().contains("--force"), refused.err());
        assertEquals(List.of("bridge"), files(dir), "nothing written");
        assertEquals("reference bridge binary", Files.readString(dir.resolve("bridge")));

        Run forced = jnet("--json", "install", "--from", dist.toString(), "--dir", dir.toString(), "--force");
        assertEquals(0, forced.exit(), forced.err());
        assertEquals(4, JsonParser.parseString(forced.out()).getAsJsonArray().size());
        // the copy stands alone: the dist directory can go
        Files.writeString(dist.resolve("lib/plugin.jar"), "changed after install");
        Process p = new ProcessBuilder(dir.resolve("host-local").toString()).start();
        assertEquals("host-local jar bytes", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        assertEquals(0, jnet("install", "--from", dist.toString(), "--dir", dir.toString()).exit(), "replacing its own install needs no --force");
        assertEquals(List.of("bridge", "firewall", "host-local", "portmap"), files(dir));
    }

    private static List<String> files(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }
}
