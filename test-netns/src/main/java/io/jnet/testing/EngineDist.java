package io.jnet.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A private dist/ for one test, laid out like the real one but running this JVM's class path: {@code cni/NAME}
 * are copies of the native client (for jnet's five programs) and {@code lib/jvm/NAME} the per-call launchers it
 * falls back to; {@code lib/engine.dir} points the client at the test's own engine directory, so the engine a
 * call starts there serves this test only. {@link #stop} kills it when the test ends.
 */
final class EngineDist {
    /** {@code -Djnet.engine=on}: the plugins (and the CLI) of kernel tests run through the engine. */
    static final boolean ON = "on".equals(System.getProperty("jnet.engine"));

    /** The programs the engine runs: only these names with these main classes get the client. */
    private static final Map<String, String> ENGINE_PROGRAMS = Map.of(
            "bridge", "io.jnet.plugin.bridge.BridgeMain",
            "host-local", "io.jnet.plugin.ipam.HostLocalMain",
            "portmap", "io.jnet.plugin.portmap.PortmapMain",
            "firewall", "io.jnet.plugin.firewall.FirewallMain",
            "jnet", "io.jnet.cli.Main");
    private static final String CLIENT_RESOURCE = "/io/jnet/client/jnet-client";
    private static final String ENGINE_MAIN = "io.jnet.engine.EngineMain";

    private EngineDist() {}

    /** Lays out the dist in {@code root}; returns its {@code cni} directory. */
    static Path create(Path root, Map<String, String> mainClassByName, String classPath, String java) throws IOException {
        Path cni = Files.createDirectories(root.resolve("cni"));
        Path jvm = Files.createDirectories(root.resolve("lib/jvm"));
        Path engineDir = root.resolve("engine");
        byte[] id = new byte[8];
        ThreadLocalRandom.current().nextBytes(id);
        Files.writeString(root.resolve("lib/build-id"), "test-" + HexFormat.of().formatHex(id) + "\n");
        Files.writeString(root.resolve("lib/engine.dir"), engineDir + "\n");
        byte[] client = client();
        launcher(jvm.resolve("engine"), ENGINE_MAIN, classPath, java, root);
        for (Map.Entry<String, String> e : mainClassByName.entrySet()) {
            launcher(jvm.resolve(e.getKey()), e.getValue(), classPath, java, root);
            Path file = cni.resolve(e.getKey());
            if (e.getValue().equals(ENGINE_PROGRAMS.get(e.getKey()))) {
                Files.write(file, client);
                Files.writeString(file, "\n# jnet launcher for " + e.getValue() + ".\n", StandardOpenOption.APPEND);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
            } else {
                launcher(file, e.getValue(), classPath, java, root); // a test double: never the engine's business
            }
        }
        return cni;
    }

    private static byte[] client() throws IOException {
        try (InputStream in = EngineDist.class.getResourceAsStream(CLIENT_RESOURCE)) {
            if (in == null) {
                throw new IOException("-Djnet.engine=on, but the native client is not on the class path (module client"
                        + " built without a C compiler?): the engine mode cannot run");
            }
            return in.readAllBytes();
        }
    }

    private static void launcher(Path file, String main, String classPath, String java, Path home) throws IOException {
        // jnet.home from where the launcher is (lib/jvm/ or cni/ of a copy), as dist/'s launchers do
        String up = file.getParent().getFileName().toString().equals("jvm") ? "/../.." : "/..";
        String script = "#!/bin/sh\n# jnet launcher for " + main + ".\nhome=$(cd \"${0%/*}" + up + "\" && pwd)\nexec " + quote(java)
                + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto" + passedOn() + " -Djnet.home=\"$home\""
                + " -cp " + quote(classPath) + " " + quote(main) + " \"$@\"\n";
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    /** The test JVM's settings that its plugin processes and engines take too. */
    static String passedOn() {
        return Boolean.getBoolean("jnet.iptables.verifyCache") ? " -Djnet.iptables.verifyCache=true" : "";
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * Kills every engine serving one of these dists (found by its {@code --dir} on its command line, so one that
     * was still starting is found too) and waits for it. Returns what could not be stopped.
     */
    static List<String> stop(List<Path> roots) {
        List<String> leaks = new ArrayList<>();
        if (roots.isEmpty()) {
            return leaks;
        }
        List<ProcessHandle> engines = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                String cmd;
                try {
                    cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                } catch (IOException | RuntimeException e) {
                    continue;
                }
                for (Path root : roots) {
                    if (cmd.contains(ENGINE_MAIN) && cmd.contains(" --dir " + root.resolve("engine") + " ")) {
                        ProcessHandle.of(Long.parseLong(proc.getFileName().toString())).ifPresent(engines::add);
                    }
                }
            }
        } catch (IOException e) {
            leaks.add("cannot scan /proc for engines: " + e.getMessage());
        }
        for (ProcessHandle h : engines) {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                leaks.add("engine " + h.pid() + " still running after SIGKILL");
            }
        }
        return leaks;
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
