package io.jnet.reliability;

import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.ExecResult;
import io.jnet.testing.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * jnet's plugins (and the reference ones) run as real processes inside a sandbox's "host" namespace, with
 * CNI_PATH pointing at launchers of jnet's main classes. Every call is a new process, as a runtime makes it.
 */
final class Plugins {
    static final Path REFERENCE_DIR = Path.of("/usr/lib/cni");
    static final Map<String, String> MAINS = Map.of(
            "bridge", "io.jnet.plugin.bridge.BridgeMain",
            "host-local", "io.jnet.plugin.ipam.HostLocalMain",
            "portmap", "io.jnet.plugin.portmap.PortmapMain",
            "firewall", "io.jnet.plugin.firewall.FirewallMain");

    final Sandbox sb;
    final NetNs host;
    final Path dir;

    Plugins(Sandbox sb) {
        this.sb = sb;
        this.host = sb.host();
        this.dir = sb.pluginDir(MAINS);
    }

    static boolean referenceInstalled() {
        return Files.isExecutable(REFERENCE_DIR.resolve("bridge"));
    }

    /** The environment of one call: CNI_COMMAND and CNI_PATH, plus attachment variables when {@code cid} is not null. */
    Map<String, String> env(String command, String cid, String netns, String ifname) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_PATH", dir.toString());
        if (cid != null) {
            env.put("CNI_CONTAINERID", cid);
            env.put("CNI_NETNS", netns);
            env.put("CNI_IFNAME", ifname);
        }
        return env;
    }

    /** Runs jnet's {@code plugin} and waits for it. */
    ExecResult run(String plugin, Map<String, String> env, String stdin) {
        return run(plugin, env, stdin.getBytes(StandardCharsets.UTF_8));
    }

    ExecResult run(String plugin, Map<String, String> env, byte[] stdin) {
        return sb.exec(host, env, stdin, dir.resolve(plugin).toString());
    }

    /** Runs the reference {@code plugin} on the same input (CNI_PATH switched to the reference's directory). */
    ExecResult runReference(String plugin, Map<String, String> env, byte[] stdin) {
        Map<String, String> e = new HashMap<>(env);
        if (e.containsKey("CNI_PATH")) {
            e.put("CNI_PATH", REFERENCE_DIR.toString());
        }
        return sb.exec(host, e, stdin, REFERENCE_DIR.resolve(plugin).toString());
    }

    ExecResult add(String plugin, String cid, NetNs ns, String ifname, String config) {
        return run(plugin, env("ADD", cid, ns.path().toString(), ifname), config);
    }

    ExecResult del(String plugin, String cid, String netns, String ifname, String config) {
        return run(plugin, env("DEL", cid, netns, ifname), config);
    }

    ExecResult check(String plugin, String cid, NetNs ns, String ifname, String config) {
        return run(plugin, env("CHECK", cid, ns.path().toString(), ifname), config);
    }

    /** GC with {@code config} extended by {@code cni.dev/valid-attachments}. */
    ExecResult gc(String plugin, String config, List<String[]> valid) {
        com.google.gson.JsonObject c = com.google.gson.JsonParser.parseString(config).getAsJsonObject();
        com.google.gson.JsonArray a = new com.google.gson.JsonArray();
        for (String[] v : valid) {
            com.google.gson.JsonObject o = new com.google.gson.JsonObject();
            o.addProperty("containerID", v[0]);
            o.addProperty("ifname", v[1]);
            a.add(o);
        }
        c.add("cni.dev/valid-attachments", a);
        return run(plugin, env("GC", null, null, null), c.toString());
    }

    /**
     * Starts jnet's {@code plugin} without waiting, for tests that kill it. {@code ip netns exec} and the
     * launcher both exec, so the returned process is the plugin's JVM itself and SIGKILL reaches it directly.
     */
    Running start(String plugin, Map<String, String> env, String stdin) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", host.name(), dir.resolve(plugin).toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // it died before reading: its exit tells
            }
            return new Running(p, out, err, cmd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A started plugin process. */
    record Running(Process process, CompletableFuture<String> out, CompletableFuture<String> err, List<String> cmd) {
        /**
         * SIGKILL the plugin and every child it started (host-local under bridge, iptables-restore), as a
         * node crash or a cgroup kill would.
         */
        void kill() throws InterruptedException {
            killTree(process);
        }

        ExecResult finish() throws InterruptedException {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                kill();
                throw new AssertionError(cmd + " did not finish in 120 s");
            }
            return new ExecResult(cmd, process.exitValue(), out.join(), err.join());
        }
    }

    /** SIGSTOP {@code process} (so it cannot start a child in between), SIGKILL its descendants and it, wait for all. */
    static void killTree(Process process) throws InterruptedException {
        signal("-STOP", process.pid());
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        for (ProcessHandle c : children) {
            c.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    private static void signal(String sig, long pid) throws InterruptedException {
        try {
            new ProcessBuilder("kill", sig, Long.toString(pid)).redirectErrorStream(true).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CompletableFuture<String> drain(java.io.InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.complete("");
            }
        }, "plugin-drain");
        t.setDaemon(true);
        t.start();
        return f;
    }
}
