package io.jnet.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.ExecResult;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * State files: host-local's store and the CLI's cache are created 0700 (directories) and 0600 (files); a
 * symlink planted in the state path is never followed out of it; no user string reaches a shell (every exec
 * of a plugin, traced with strace, is an argument list of a known binary).
 */
@KernelTest
class StateFilesIT {
    static final Tally TALLY = new Tally("state files");
    static final String NET = "statenet";

    @AfterAll
    static void summary() {
        TALLY.print();
    }

    @Test
    void hostLocalStoreIsPrivate(Sandbox sb) throws Throwable {
        TALLY.count("modes (host-local store)", () -> {
            Plugins p = new Plugins(sb);
            Path data = sb.tempDir().resolve("not-yet").resolve("cni");
            NetNs c1 = sb.container("c1");
            p.add("bridge", "c1", c1, "eth0", Configs.bridge(NET, "br-state", data, "10.85.0.0/24").toString()).assertOk();
            List<String> wrong = wrongModes(data.getParent());
            assertEquals(List.of(), wrong, "modes under " + data.getParent());
            assertTrue(Files.exists(data.resolve(NET).resolve("10.85.0.2")), "the reservation is there to be checked");
            p.del("bridge", "c1", c1.path().toString(), "eth0", Configs.bridge(NET, "br-state", data, "10.85.0.0/24").toString()).assertOk();
        });
    }

    @Test
    void cliCacheIsPrivate(Sandbox sb) throws Throwable {
        TALLY.count("modes (CLI cache)", () -> {
            Cli cli = new Cli(sb);
            cli.run("net", "create", "st", "--subnet", "10.84.0.0/24").ok();
            cli.run("netns", "add", "a").ok();
            cli.run("attach", "a", "--net", "st", "-p", "8093:80").ok();
            assertTrue(Files.isDirectory(cli.cacheDir.resolve("results")) && Files.isDirectory(cli.cacheDir.resolve("networks")),
                    "the cache is there to be checked");
            assertEquals(List.of(), wrongModes(cli.cacheDir), "modes under the cache dir");
            cli.run("detach", "a", "--net", "st").ok();
            cli.run("netns", "del", "a").ok();
            cli.run("net", "rm", "st").ok();
        });
    }

    /** Where a symlink is planted in host-local's store, and what it points at. */
    @ParameterizedTest(name = "symlink planted as {0}")
    @ValueSource(strings = {"network dir", "reservation file", "last_reserved_ip", "lock"})
    void symlinksInTheStoreAreNotFollowedOut(String where, Sandbox sb) throws Throwable {
        TALLY.count("symlinks not followed", "host-local symlink planted as " + where, () -> {
            Plugins p = new Plugins(sb);
            Path data = sb.tempDir();
            Path outside = sb.tempDir();
            Path victim = Files.writeString(outside.resolve("victim"), "keep\r\neth0", StandardCharsets.UTF_8);
            Path net = data.resolve(NET);
            switch (where) {
                case "network dir" -> Files.createSymbolicLink(net, outside);
                case "reservation file" -> {
                    Files.createDirectories(net);
                    Files.createSymbolicLink(net.resolve("10.85.0.2"), victim);
                }
                case "last_reserved_ip" -> {
                    Files.createDirectories(net);
                    Files.createSymbolicLink(net.resolve("last_reserved_ip.0"), victim);
                }
                default -> {
                    Files.createDirectories(net);
                    Files.createSymbolicLink(net.resolve("lock"), victim);
                }
            }
            String before = HostState.files(outside);
            NetNs c1 = sb.container("c1");
            String conf = Configs.bridge(NET, "br-state", data, "10.85.0.0/24").toString();
            ExecResult add = p.add("bridge", "c1", c1, "eth0", conf);
            if (!add.ok()) {
                CniError.of(add); // a refusal is fine, as a well-formed error
            }
            // the owner named in the victim ("keep") is released by DEL: the link may go, the victim must stay
            ExecResult release = p.del("host-local", "keep", c1.path().toString(), "eth0", Configs.hostLocal(NET, data, "10.85.0.0/24").toString());
            ExecResult del = p.del("bridge", "c1", c1.path().toString(), "eth0", conf);
            for (ExecResult r : List.of(release, del)) {
                if (!r.ok()) {
                    CniError.of(r); // refusing to work through the planted link is fine, as a well-formed error
                }
            }
            assertEquals(before, HostState.files(outside), "the symlink's target changed (" + where + ")");
            assertTrue(Files.exists(victim, LinkOption.NOFOLLOW_LINKS));
            if (!del.ok()) {
                // once the planted link is gone, DEL cleans up
                Files.delete(Files.isSymbolicLink(net) ? net : net.resolve(where.equals("lock") ? "lock"
                        : where.equals("last_reserved_ip") ? "last_reserved_ip.0" : "10.85.0.2"));
                p.del("bridge", "c1", c1.path().toString(), "eth0", conf).assertOk();
            }
        });
    }

    @Test
    void cliResultCacheSymlinkIsNotFollowedOut(Sandbox sb) throws Throwable {
        TALLY.count("symlinks not followed", "CLI results dir is a symlink", () -> {
            Cli cli = new Cli(sb);
            Path outside = sb.tempDir();
            Files.writeString(outside.resolve("victim"), "keep");
            cli.run("net", "create", "st", "--subnet", "10.84.0.0/24").ok();
            cli.run("netns", "add", "a").ok();
            // one attach and detach first: the bridge and the shared chains are part of the baseline
            cli.run("attach", "a", "--net", "st").ok();
            cli.run("detach", "a", "--net", "st").ok();
            Path results = cli.cacheDir.resolve("results");
            try (Stream<Path> s = Files.list(results)) {
                assertEquals(List.of(), s.toList(), "the cache is empty after detach");
            }
            Files.delete(results);
            Files.createSymbolicLink(results, outside);
            String before = HostState.files(outside);
            try {
                HostState host = HostState.of(sb, sb.host(), List.of(), List.of());
                Cli.Result r = cli.run("attach", "a", "--net", "st");
                assertEquals(before, HostState.files(outside), "the results symlink was followed: " + r.describe());
                if (r.exitCode() != 0) {
                    // refused: one line, and the attach rolled back
                    assertTrue(r.stderr().strip().startsWith("jnet: ") && !r.stderr().strip().contains("\n"), r.describe());
                    host.assertSame(HostState.of(sb, sb.host(), List.of(), List.of()), "after the refused attach");
                    assertEquals(List.of(), Store.reservations(cli.cacheDir.resolve("networks"), "st").keySet().stream().toList());
                }
                if (r.exitCode() == 0) {
                    cli.run("detach", "a", "--net", "st").ok();
                }
            } finally {
                // also after a failure: DEL through the CLI reads the cache through the same link
                cli.run("detach", "a", "--net", "st");
                cli.run("netns", "del", "a", "--force");
                cli.run("gc");
                cli.run("net", "rm", "st");
            }
        });
    }

    /** Hostile strings in every free-form value; strace records every exec: none may be a shell. */
    @Test
    void noUserStringReachesAShell(Sandbox sb) throws Throwable {
        boolean strace = Files.isExecutable(Path.of("/usr/bin/strace"));
        if (System.getenv("CI") != null && !strace) {
            throw new AssertionError("strace missing under CI (apt-get install strace)");
        }
        assumeTrue(strace, "strace not installed");
        Plugins p = new Plugins(sb);
        Path data = sb.tempDir();
        Path marker = sb.tempDir().resolve("pwned");
        String touch = "touch " + marker;
        // one value holding every shell metacharacter way to run a command
        List<String> hostile = List.of("x;" + touch + "|" + touch + "&&" + touch + "`" + touch + "`$(" + touch + ")\n" + touch);
        NetNs c1 = sb.container("c1");
        JsonObject bridge = Configs.bridge(NET, "br-state", data, "10.85.0.0/24");
        Path trace = sb.tempDir().resolve("trace");
        // a result as bridge would print it: portmap and firewall get as far as their iptables calls
        JsonObject prev = Configs.parse("{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"br-state\"},{\"name\":\"veth0000\"},"
                + "{\"name\":\"eth0\",\"sandbox\":\"" + c1.path() + "\"}],\"ips\":[{\"address\":\"10.85.0.9/24\",\"gateway\":\"10.85.0.1\","
                + "\"interface\":2}]}");
        List<String[]> calls = new ArrayList<>(); // plugin, command, config, CNI_ARGS
        for (String h : hostile) {
            calls.add(new String[] {"bridge", "ADD", Configs.with(bridge, "bridge", quote(h)).toString(), ""});
            calls.add(new String[] {"bridge", "ADD", Configs.with(bridge, "ipam.dataDir", quote(data + "/" + h)).toString(), ""});
            calls.add(new String[] {"bridge", "ADD", Configs.with(bridge, "mac", quote(h)).toString(), ""});
            calls.add(new String[] {"bridge", "ADD", bridge.toString(), "IgnoreUnknown=1;IP=" + h.replace(";", "")});
            calls.add(new String[] {"host-local", "ADD", Configs.with(Configs.hostLocal(NET, data, "10.85.0.0/24"), "ipam.resolvConf", quote(h)).toString(), ""});
            JsonObject pm = Configs.portmap(NET, 8095, prev);
            calls.add(new String[] {"portmap", "ADD", Configs.with(pm, "conditionsV4", "[\"-s\"," + quote(h) + "]").toString(), ""});
            calls.add(new String[] {"portmap", "ADD", Configs.with(pm, "externalSetMarkChain", quote(h)).toString(), ""});
            calls.add(new String[] {"firewall", "ADD", Configs.with(Configs.firewall(NET, prev), "iptablesAdminChainName", quote(h)).toString(), ""});
        }
        List<String> execs = new ArrayList<>();
        // Through the engine (-Djnet.engine=on) the plugins' programs are started by this test's engine, not by
        // the client: strace follows the engine (all its threads) for the whole loop instead.
        Path engineTrace = sb.tempDir().resolve("engine-trace");
        Process tracer = Sandbox.engineMode() ? traceEngine(sb, p, engineTrace) : null;
        try {
        for (String[] c : calls) {
            TALLY.count("no shell", () -> {
                Map<String, String> env = p.env(c[1], "shellcase", c1.path().toString(), "eth0");
                env.put("CNI_ARGS", c[3]);
                List<String> cmd = tracer != null ? List.of(p.dir.resolve(c[0]).toString())
                        : List.of("strace", "-f", "-qq", "--seccomp-bpf", "-e", "trace=execve", "-e", "signal=none", "-o", trace.toString(),
                        p.dir.resolve(c[0]).toString());
                ExecResult r = sb.exec(p.host, env, c[2].getBytes(StandardCharsets.UTF_8), cmd.toArray(String[]::new));
                if (tracer == null) {
                    execs.addAll(shells(trace, p.dir.resolve(c[0]).toString()));
                }
                assertFalse(Files.exists(marker), "a hostile string ran: " + String.join(" ", c));
                if (r.ok()) {
                    // undo a call that took the odd value literally
                    p.del(c[0], "shellcase", c1.path().toString(), "eth0", c[2]).assertOk();
                } else {
                    CniError.of(r);
                }
            });
        }
        } finally {
            if (tracer != null) {
                tracer.destroy(); // SIGTERM: strace detaches and flushes its log
                tracer.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        if (tracer != null) {
            String log = Files.readString(engineTrace);
            assertTrue(log.contains("iptables"), "the engine's trace saw the plugins' iptables execs (else it traced nothing):\n" + log);
            execs.addAll(shells(engineTrace, "-"));
        }
        assertEquals(List.of(), execs, "shells started by the plugins");
    }

    /** strace attached to this test's engine (started by a first call), all threads, until destroyed. */
    private static Process traceEngine(Sandbox sb, Plugins p, Path out) throws Exception {
        p.run("bridge", p.env("VERSION", null, null, null), "").assertOk();
        long pid = Long.parseLong(Files.readString(Sandbox.engineDir(p.dir).resolve("engine.pid")).strip());
        Process tracer = new ProcessBuilder("strace", "-f", "-qq", "-e", "trace=execve", "-e", "signal=none", "-o", out.toString(),
                "-p", Long.toString(pid)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        for (int i = 0; i < 100 && !Files.exists(out); i++) {
            Thread.sleep(50); // strace creates its log once attached
        }
        Thread.sleep(200);
        return tracer;
    }

    /** The execve lines of {@code trace} that start a shell, except the launcher script itself. */
    static List<String> shells(Path trace, String launcher) throws java.io.IOException {
        List<String> out = new ArrayList<>();
        try (Stream<String> lines = Files.lines(trace)) {
            lines.filter(l -> l.contains("execve(") && !l.contains("= -1 ENOENT"))
                    .filter(l -> l.matches(".*execve\\(\"[^\"]*/(sh|bash|dash|zsh|busybox)\".*"))
                    .filter(l -> !l.contains("[\"/bin/sh\", \"" + launcher + "\"") && !l.contains("[\"sh\", \"" + launcher + "\"")
                            && !l.contains("\"" + launcher + "\", [\"" + launcher + "\""))
                    .forEach(out::add);
        }
        return out;
    }

    /** Directories not 0700 and files not 0600 under {@code root} (the root itself included). */
    static List<String> wrongModes(Path root) throws java.io.IOException {
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String mode = HostState.mode(p);
                boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                if (!mode.equals(dir ? "rwx------" : "rw-------")) {
                    wrong.add(root.relativize(p) + " " + mode);
                }
            }
        }
        return wrong;
    }

    static String quote(String s) {
        return BadInputIT.quote(s);
    }
}
