package io.jnet.engine.it;

import com.google.gson.JsonObject;
import io.jnet.engine.EngineClient;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.ExecResult;
import io.jnet.testing.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A test's private dist with the native client and its own engine (in the sandbox's host namespace), the calls
 * the tests make through it, and what they look at: the engine's status, processes and log, and the host's
 * links, nat rules and leases.
 */
final class EngineLab {
    static final Map<String, String> MAINS = Map.of(
            "bridge", "io.jnet.plugin.bridge.BridgeMain",
            "host-local", "io.jnet.plugin.ipam.HostLocalMain",
            "portmap", "io.jnet.plugin.portmap.PortmapMain",
            "firewall", "io.jnet.plugin.firewall.FirewallMain",
            "jnet", "io.jnet.cli.Main");

    final Sandbox sb;
    final NetNs host;
    final Path cni;
    final Path engineDir;
    final Path dataDir;
    final Map<String, String> extraEnv = new HashMap<>();

    EngineLab(Sandbox sb) {
        this.sb = sb;
        this.host = sb.host();
        this.cni = sb.enginePluginDir(MAINS);
        this.engineDir = Sandbox.engineDir(cni);
        this.dataDir = sb.tempDir().resolve("ipam");
        // A loaded machine may take a while to start a JVM: the tests are about what happens, not how fast.
        extraEnv.put("JNET_ENGINE_START_WAIT", "60");
        extraEnv.put("JNET_ENGINE_WAIT", "60");
    }

    /** The dist directory (cni/ and lib/ below it). */
    Path dist() {
        return cni.getParent();
    }

    Map<String, String> env(String command, String cid, NetNs ns) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("CNI_COMMAND", command);
        env.put("CNI_PATH", cni.toString());
        if (cid != null) {
            env.put("CNI_CONTAINERID", cid);
            env.put("CNI_NETNS", ns == null ? "" : ns.path().toString());
            env.put("CNI_IFNAME", "eth0");
        }
        return env;
    }

    ExecResult call(String program, Map<String, String> env, String stdin) {
        return sb.exec(host, env, stdin.getBytes(StandardCharsets.UTF_8), cni.resolve(program).toString());
    }

    ExecResult version() {
        return call("bridge", env("VERSION", null, null), "");
    }

    /** bridge (gateway, masquerade) with host-local on 10.77.0.0/24, as one config. */
    String bridgeConfig() {
        return """
                {"cniVersion":"1.0.0","name":"enet","type":"bridge","bridge":"eng0","isGateway":true,"ipMasq":true,
                 "ipam":{"type":"host-local","ranges":[[{"subnet":"10.77.0.0/24"}]],"dataDir":"%s"}}""".formatted(dataDir);
    }

    /** Starts a call through the client without waiting (for kills); {@code ip netns exec} execs, so the pid is the client's. */
    Process start(String program, Map<String, String> env, String stdin) {
        ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", host.name(), cni.resolve(program).toString());
        pb.environment().putAll(env);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonObject status() {
        return EngineClient.status(engineDir).orElseThrow(() -> new AssertionError("no engine answers in " + engineDir));
    }

    long stat(String name) {
        return status().get(name).getAsLong();
    }

    /** The pids of engine processes serving this lab's directory. */
    List<Long> enginePids() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmd.contains("io.jnet.engine.EngineMain") && cmd.contains(" --dir " + engineDir + " ")) {
                        pids.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException gone) {
                    // exited meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    String log() {
        try {
            Path f = engineDir.resolve("engine.log");
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many engines ever started serving here (each logs one "serving" line). */
    long enginesStarted() {
        return log().lines().filter(l -> l.contains("jnet engine: serving ")).count();
    }

    static void signal(long pid, String sig) throws Exception {
        new ProcessBuilder("kill", sig, Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
    }

    void killEngine() throws Exception {
        for (long pid : enginePids()) {
            signal(pid, "-KILL");
            ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        }
    }

    /** Waits until {@code check} holds, up to {@code seconds}. */
    static void await(String what, int seconds, java.util.function.BooleanSupplier check) throws InterruptedException {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (!check.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Host links other than lo and the bridge: a leftover veth shows here. */
    List<String> hostVeths() {
        String out = sb.exec(host, "ip", "-o", "link", "show", "type", "veth").assertOk().stdout();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    /** Leases held in the network's store (files named by an address). */
    List<String> leases() {
        Path net = dataDir.resolve("enet");
        if (!Files.isDirectory(net)) {
            return List.of();
        }
        try (var s = Files.list(net)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9.]+|[0-9a-f:]+")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** nat rules that mention a container. */
    List<String> natRulesOf(String cid) {
        String out = sb.exec(host, "iptables-save", "-t", "nat").assertOk().stdout();
        return out.lines().filter(l -> l.contains(cid)).toList();
    }
}
