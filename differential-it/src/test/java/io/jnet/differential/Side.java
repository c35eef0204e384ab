package io.jnet.differential;

import io.jnet.netlink.ns.NetNs;
import io.jnet.netlink.ns.Sysctl;
import io.jnet.testing.Sandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One implementation's world in a differential case: its own "host" namespace, its container namespaces, its
 * host-local store and its plugins, all inside the test's sandbox. Plugins run as real processes in the host
 * namespace, exactly as a runtime would start them.
 */
final class Side {
    static final Path REFERENCE_DIR = Path.of("/usr/lib/cni");
    private static final long DEADLINE_SECONDS = 180;

    enum Impl {
        REFERENCE("ref"), JNET("our");

        final String prefix;

        Impl(String prefix) {
            this.prefix = prefix;
        }
    }

    final Impl impl;
    final Sandbox sb;
    final NetNs host;
    final Path dataDir;
    private final Path pluginDir;
    private final String cniPath;
    private final Map<String, NetNs> containers = new TreeMap<>();

    private Side(Impl impl, Sandbox sb, Path pluginDir, String cniPath) {
        this.impl = impl;
        this.sb = sb;
        this.host = sb.namespace(impl.prefix + "-host");
        this.dataDir = sb.tempDir();
        this.pluginDir = pluginDir;
        this.cniPath = cniPath;
    }

    /** The reference plugins 1.1.1 from /usr/lib/cni; an AssertionError when they are not installed. */
    static Side reference(Sandbox sb) {
        if (!Files.isExecutable(REFERENCE_DIR.resolve("bridge"))) {
            throw new AssertionError("the reference plugins are needed: apt-get install containernetworking-plugins");
        }
        return new Side(Impl.REFERENCE, sb, REFERENCE_DIR, REFERENCE_DIR.toString());
    }

    /** jnet's bridge, host-local and portmap (the bridge finds jnet's host-local in CNI_PATH, as in dist/). */
    static Side jnet(Sandbox sb) {
        Path dir = sb.pluginDir(Map.of(
                "bridge", "io.jnet.plugin.bridge.BridgeMain",
                "host-local", "io.jnet.plugin.ipam.HostLocalMain",
                "portmap", "io.jnet.plugin.portmap.PortmapMain"));
        return new Side(Impl.JNET, sb, dir, dir.toString());
    }

    /** The container namespace of this role ("c1"), created on first use. */
    NetNs container(String role) {
        return containers.computeIfAbsent(role, r -> sb.container(impl.prefix + "-" + r));
    }

    /** Container roles made so far, sorted. */
    List<String> containerRoles() {
        return List.copyOf(containers.keySet());
    }

    /** The sandbox namespace name prefix of this side ("jt-1a2b3c-ref-"), for normalising names. */
    String namespacePrefix() {
        return sb.prefix() + impl.prefix + "-";
    }

    /** A container made with IPv6 disabled for every interface it will get (all and default). */
    void disableIpv6(String role) throws IOException {
        NetNs ns = container(role);
        Sysctl.set(ns, "net.ipv6.conf.all.disable_ipv6", "1");
        Sysctl.set(ns, "net.ipv6.conf.default.disable_ipv6", "1");
    }

    /** Runs one plugin call as a process in the host namespace. */
    Outcome call(String plugin, String command, String containerId, String role, String ifname, String cniArgs, String stdin) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        env.put("CNI_NETNS", container(role).path().toString());
        env.put("CNI_IFNAME", ifname);
        env.put("CNI_PATH", cniPath);
        if (cniArgs != null && !cniArgs.isEmpty()) {
            env.put("CNI_ARGS", cniArgs);
        }
        return run(env, stdin, pluginDir.resolve(plugin).toString());
    }

    /**
     * Starts the plugin from a thread in the host namespace, so it runs there as under a runtime (no private mount
     * namespace as with ip netns exec), and waits up to 3 minutes: a loaded machine can take long to start a JVM.
     */
    private Outcome run(Map<String, String> env, String stdin, String executable) {
        ProcessBuilder pb = new ProcessBuilder(executable);
        pb.environment().putAll(env);
        try {
            Process p = host.call(pb::start);
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // a plugin that did not read its config says so on stdout
            }
            if (!p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                throw new AssertionError(executable + " (" + env.get("CNI_COMMAND") + ") did not finish in " + DEADLINE_SECONDS + " s");
            }
            return new Outcome(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + executable, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + executable, e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
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

    @Override
    public String toString() {
        return impl.name().toLowerCase();
    }
}
