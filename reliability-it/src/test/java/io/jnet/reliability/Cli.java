package io.jnet.reliability;

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
 * The jnet CLI as a real process whose "host" is the sandbox's host namespace, driving jnet's own plugins.
 * It is spawned from a thread inside that namespace (so it inherits it) rather than through
 * {@code ip netns exec}, whose private mount namespace would hide the namespaces the CLI bind-mounts.
 * Config, cache and state dirs are temp dirs; every namespace name gets the sandbox's prefix.
 */
final class Cli {
    record Result(int exitCode, String stdout, String stderr, List<String> args) {
        Result ok() {
            if (exitCode != 0) {
                throw new AssertionError(describe());
            }
            return this;
        }

        String describe() {
            return "jnet " + String.join(" ", args) + " exited " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }

    final Sandbox sb;
    final Path root;
    final Path configDir;
    final Path cacheDir;
    final Path stateDir;
    final Path pluginDir;
    final Map<String, String> extraEnv = new HashMap<>();

    Cli(Sandbox sb) {
        this.sb = sb;
        this.root = sb.tempDir();
        this.configDir = root.resolve("net.d");
        this.cacheDir = root.resolve("cache");
        this.stateDir = root.resolve("state");
        Map<String, String> mains = new HashMap<>(Plugins.MAINS);
        if (Sandbox.engineMode()) {
            mains.put("jnet", "io.jnet.cli.Main"); // run() goes through the native client and the engine too
        }
        this.pluginDir = sb.pluginDir(mains);
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("JNET_CONFIG_DIR", configDir.toString());
        env.put("JNET_CACHE_DIR", cacheDir.toString());
        env.put("JNET_NETNS_ETC_DIR", root.resolve("netns-etc").toString()); // DNS networks' resolv.conf, not in the real /etc/netns
        env.put("JNET_STATE_DIR", stateDir.toString());
        env.put("JNET_CNI_PATH", pluginDir.toString());
        env.put("JNET_NETNS_PREFIX", sb.prefix());
        env.putAll(extraEnv);
        return env;
    }

    /** The full name of the namespace the CLI knows as {@code name}. */
    String ns(String name) {
        return sb.prefix() + name;
    }

    /** Starts the CLI without waiting (for tests that kill it); its output is discarded. */
    Process start(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                "io.jnet.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            Process p = sb.host().call(pb::start);
            p.getOutputStream().close();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Result run(String... args) {
        // start() stays a JVM of its own: its callers kill it to kill the attach, while a killed client of the
        // engine only cancels (the engine finishes the command).
        List<String> cmd = Sandbox.engineMode() ? new ArrayList<>(List.of(pluginDir.resolve("jnet").toString()))
                : new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                "io.jnet.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env());
        NetNs host = sb.host();
        try {
            Process p = host.call(pb::start);
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
