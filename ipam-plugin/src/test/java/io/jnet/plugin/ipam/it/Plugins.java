package io.jnet.plugin.ipam.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs host-local plugins as real processes: ours on this JVM's class path, and the reference. */
final class Plugins {
    static final Path REFERENCE = Path.of("/usr/lib/cni/host-local");
    /**
     * Where our plugin processes let JNA unpack its native library: a killed process can leave the unpacked
     * copy behind, so it goes to a directory this test JVM removes, never ~/.cache/JNA.
     */
    private static final Path JNA_TMP = jnaTmp();

    private Plugins() {}

    /** Which plugin to run. */
    enum Impl {
        OURS, REFERENCE;

        List<String> command() {
            if (this == REFERENCE) {
                return List.of(Plugins.REFERENCE.toString());
            }
            return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx64m", "-Djna.tmpdir=" + JNA_TMP,
                    "-cp", System.getProperty("java.class.path"), "io.jnet.plugin.ipam.HostLocalMain");
        }
    }

    private static Path jnaTmp() {
        try {
            Path dir = Files.createTempDirectory("ipam-it-jna");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var s = Files.list(dir)) {
                    for (Path p : s.toList()) {
                        Files.deleteIfExists(p);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    System.err.println("could not remove " + dir + ": " + e);
                }
            }));
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fails under CI (which installs it) and skips elsewhere when the reference is missing. */
    static void requireReference() {
        boolean installed = Files.isExecutable(REFERENCE);
        if (System.getenv("CI") != null && !installed) {
            throw new AssertionError("reference host-local missing at " + REFERENCE + " under CI");
        }
        assumeTrue(installed, "reference host-local not installed (apt-get install containernetworking-plugins)");
    }

    record Outcome(int exit, String stdout, String stderr) {
        JsonObject json() {
            return JsonParser.parseString(stdout).getAsJsonObject();
        }

        Outcome ok() {
            if (exit != 0) {
                throw new AssertionError("plugin failed (" + exit + "): " + stdout + " / " + stderr);
            }
            return this;
        }

        /** The result's addresses with gateways, "addr gw", in order. */
        List<String> ips() {
            List<String> out = new ArrayList<>();
            for (JsonElement e : json().getAsJsonArray("ips")) {
                JsonObject o = e.getAsJsonObject();
                out.add(o.get("address").getAsString() + " " + (o.has("gateway") ? o.get("gateway").getAsString() : "-"));
            }
            return out;
        }

        /** The result's routes, "dst gw". */
        List<String> routes() {
            List<String> out = new ArrayList<>();
            if (json().has("routes")) {
                for (JsonElement e : json().getAsJsonArray("routes")) {
                    JsonObject o = e.getAsJsonObject();
                    out.add(o.get("dst").getAsString() + " " + (o.has("gw") ? o.get("gw").getAsString() : "-"));
                }
            }
            return out;
        }
    }

    static ProcessBuilder builder(Impl impl, String command, String id, String ifname, String cniArgs) {
        ProcessBuilder pb = new ProcessBuilder(impl.command());
        Map<String, String> env = pb.environment();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", id);
        env.put("CNI_IFNAME", ifname);
        env.put("CNI_NETNS", "/var/run/netns/none");
        env.put("CNI_PATH", "/usr/lib/cni");
        env.put("CNI_ARGS", cniArgs);
        return pb;
    }

    static Process start(Impl impl, String command, String id, String ifname, String cniArgs, String config) throws IOException {
        Process p = builder(impl, command, id, ifname, cniArgs).start();
        p.getOutputStream().write(config.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        return p;
    }

    static Outcome finish(Process p) throws Exception {
        // Outputs are small (a result or an error), so reading after exit cannot dead-lock on a full pipe.
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("plugin did not finish in 120 s");
        }
        return new Outcome(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    static Outcome run(Impl impl, String command, String id, String ifname, String cniArgs, String config) throws Exception {
        return finish(start(impl, command, id, ifname, cniArgs, config));
    }

    static Outcome run(Impl impl, String command, String id, String config) throws Exception {
        return run(impl, command, id, "eth0", "", config);
    }

    /** Name to content of every file of a network directory (the lock's content is empty anyway). */
    static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> out = new java.util.TreeMap<>();
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                out.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
