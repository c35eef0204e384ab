package io.jnet.it;

import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.Sandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the jnet CLI as a real process whose "host" is the sandbox's host namespace. The process is spawned
 * from a thread inside that namespace (it inherits the thread's netns) rather than through {@code ip netns
 * exec}, whose private mount namespace would hide the namespaces the CLI bind-mounts under /run/netns.
 * Every directory points into the sandbox's temp dirs and every namespace name gets the sandbox prefix.
 */
final class CliProcess {
    /**
     * Which plugins the CLI drives: jnet's own (default, launched from this class path) or, with
     * {@code -Djnet.it.plugins=reference}, the reference ones in /usr/lib/cni (the same tests pass with both).
     */
    static final String PLUGINS = System.getProperty("jnet.it.plugins", "jnet");

    record Result(int exitCode, String stdout, String stderr, List<String> args) {
        Result assertExit(int expected) {
            if (exitCode != expected) {
                throw new AssertionError("jnet " + String.join(" ", args) + " exited " + exitCode + ", expected " + expected
                        + "\nstdout: " + stdout + "\nstderr: " + stderr);
            }
            return this;
        }

        Result ok() {
            return assertExit(0);
        }
    }

    final Sandbox sb;
    final Path configDir;
    final Path cacheDir;
    final Path stateDir;
    final Path pluginDir;
    /** Directories searched after the plugins (test doubles). */
    String extraCniPath = "";
    /** More environment (JNET_DNS_RESOLV_CONF pointing at a test's upstream; the container tests' data dir and cgroup parent). */
    final Map<String, String> extraEnv = new HashMap<>();
    /** What the CLI's command line is run through (for example {@link HiddenPrograms#wrapper}); empty for nothing. */
    List<String> wrapper = List.of();

    CliProcess(Sandbox sb) {
        this.sb = sb;
        Path root = sb.tempDir();
        this.configDir = root.resolve("net.d");
        this.cacheDir = root.resolve("cache");
        this.stateDir = root.resolve("state");
        this.pluginDir = pluginDir(sb);
        // namespaces on networks with DNS get a resolv.conf there: a temp dir, not the real /etc/netns (DnsIT and
        // LabIT's DNS test remove this to prove the real one, and check it is left as it was)
        extraEnv.put("JNET_NETNS_ETC_DIR", root.resolve("netns-etc").toString());
    }

    static Path pluginDir(Sandbox sb) {
        if (PLUGINS.equals("jnet")) {
            Map<String, String> mains = new HashMap<>(Map.of("bridge", "io.jnet.plugin.bridge.BridgeMain", "host-local",
                    "io.jnet.plugin.ipam.HostLocalMain", "portmap", "io.jnet.plugin.portmap.PortmapMain", "firewall",
                    "io.jnet.plugin.firewall.FirewallMain"));
            if (Sandbox.engineMode()) {
                mains.put("jnet", "io.jnet.cli.Main"); // the CLI behind the native client too
            }
            return sb.pluginDir(mains);
        }
        return Path.of("/usr/lib/cni");
    }

    /** The environment the CLI runs with. */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("JNET_CONFIG_DIR", configDir.toString());
        env.put("JNET_CACHE_DIR", cacheDir.toString());
        env.put("JNET_STATE_DIR", stateDir.toString());
        env.put("JNET_CNI_PATH", pluginDir + (extraCniPath.isEmpty() ? "" : ":" + extraCniPath));
        env.put("JNET_NETNS_PREFIX", sb.prefix());
        env.putAll(extraEnv);
        return env;
    }

    /** The full name of a namespace the CLI knows as {@code name}. */
    String ns(String name) {
        return sb.prefix() + name;
    }

    Result run(String... args) {
        return runIn(sb.host(), args);
    }

    /** Starts the CLI on the sandbox's host without waiting; the caller waits for or kills it. */
    Process start(String... args) {
        try {
            // Always its own JVM: the tests that kill it kill the attach itself (a killed client of the engine
            // only cancels, and the engine finishes the command).
            Process p = sb.host().call(builder(false, args)::start);
            p.getOutputStream().close();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ProcessBuilder builder(boolean engine, String... args) {
        Path client = pluginDir.resolve("jnet");
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(engine && Sandbox.engineMode() && PLUGINS.equals("jnet") ? List.of(client.toString())
                : List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "io.jnet.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env());
        return pb;
    }

    Result runIn(NetNs where, String... args) {
        ProcessBuilder pb = builder(true, args);
        try {
            Process p = where.call(pb::start);
            p.getOutputStream().close();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("jnet " + String.join(" ", args) + " did not finish in 180 s");
            }
            return new Result(p.exitValue(), out.join(), err.join(), List.of(args));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // The pipes close when the CLI exits even if it left a background child: the lab's responder writes to a file.
    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.complete("");
            }
        }, "cli-drain");
        t.setDaemon(true);
        t.start();
        return f;
    }
}
