package io.jnet.testing;

import io.jnet.netlink.Addr;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.ns.NetNs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Throwaway network namespaces and everything a kernel test makes around them. A test's "host" is
 * itself a namespace ({@link #host()}), so its bridges, iptables rules and sysctls never touch the
 * machine. Everything is removed by {@link SandboxExtension} after the test, which then fails the
 * test if anything of it is left.
 */
public final class Sandbox {
    private final String prefix;
    private final Map<String, NetNs> namespaces = new LinkedHashMap<>();
    private final List<Netlink> handles = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> tempDirs = new ArrayList<>();
    private final List<Responder> responders = new ArrayList<>();
    private final List<Path> engineDists = new ArrayList<>();

    Sandbox() {
        byte[] id = new byte[3];
        ThreadLocalRandom.current().nextBytes(id);
        this.prefix = "jt-" + HexFormat.of().formatHex(id) + "-";
    }

    /** The prefix of every namespace name of this sandbox ("jt-1a2b3c-"). */
    public String prefix() {
        return prefix;
    }

    /** The test's "host" namespace, loopback up; created on first use. */
    public NetNs host() {
        return namespace("host");
    }

    /** A "container" namespace with this role name, loopback up; created on first use. */
    public NetNs container(String role) {
        if (role.equals("host")) {
            throw new IllegalArgumentException("\"host\" is the host namespace's role");
        }
        return namespace(role);
    }

    /** The namespace with this role, created on first use (name {@code prefix + role}, visible to ip netns). */
    public synchronized NetNs namespace(String role) {
        NetNs ns = namespaces.get(role);
        if (ns == null) {
            try {
                ns = NetNs.create(prefix + role);
                namespaces.put(role, ns);
                try (Netlink nl = Netlink.open(ns)) {
                    nl.setUp(nl.link("lo").index());
                }
            } catch (NetlinkException e) {
                throw new AssertionError("cannot create namespace " + prefix + role + ": " + e.getMessage(), e);
            }
        }
        return ns;
    }

    /** A netlink handle on {@code ns}, closed after the test. */
    public synchronized Netlink netlink(NetNs ns) {
        try {
            Netlink nl = Netlink.open(ns);
            handles.add(nl);
            return nl;
        } catch (NetlinkException e) {
            throw new AssertionError("cannot open netlink in " + ns.name(), e);
        }
    }

    /**
     * Waits (up to 5 s each) until no IPv6 address in these namespaces is tentative. Addresses added with NODAD
     * skip duplicate address detection, but link-locals and addresses added without it run it for a second or
     * two once their link has carrier; until then IPv6 traffic to or between the namespaces can be lost.
     */
    public void awaitIpv6Ready(NetNs... namespaces) throws InterruptedException {
        for (NetNs ns : namespaces) {
            Netlink nl = netlink(ns);
            for (int i = 0; tentative(nl); i++) {
                if (i == 100) {
                    throw new AssertionError("IPv6 addresses still tentative after 5 s in " + ns.name());
                }
                Thread.sleep(50);
            }
        }
    }

    private static boolean tentative(Netlink nl) {
        try {
            for (Link l : nl.links()) {
                for (Addr a : nl.addresses(10, l.index())) {
                    if ((a.flags() & Addr.TENTATIVE) != 0) {
                        return true;
                    }
                }
            }
            return false;
        } catch (NetlinkException e) {
            throw new AssertionError("cannot read addresses", e);
        }
    }

    /** Runs {@code command} inside {@code ns} and waits for it (60 s deadline). */
    public ExecResult exec(NetNs ns, String... command) {
        return exec(ns, Map.of(), null, command);
    }

    /** Runs {@code command} inside {@code ns} with extra environment and stdin, and waits for it. */
    public ExecResult exec(NetNs ns, Map<String, String> env, byte[] stdin, String... command) {
        return Exec.run(Exec.inNetns(ns.name(), Arrays.asList(command)), env, stdin, Exec.DEFAULT_TIMEOUT_SECONDS);
    }

    /** Runs {@code command} in this process's own namespace (for tools that take a netns argument). */
    public ExecResult execHere(String... command) {
        return Exec.run(Arrays.asList(command), Map.of(), null, Exec.DEFAULT_TIMEOUT_SECONDS);
    }

    /** Starts a long-running command inside {@code ns} (a server); it is killed after the test. */
    public synchronized Process start(NetNs ns, String... command) {
        ProcessBuilder pb = new ProcessBuilder(Exec.inNetns(ns.name(), Arrays.asList(command)));
        pb.redirectErrorStream(true);
        try {
            Process p = pb.start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + Arrays.toString(command), e);
        }
    }

    /**
     * A TCP server inside {@code ns} on {@code address:port} ("0.0.0.0" or "::" for any) answering each
     * connection with {@code reply}; closed after the test. No process: the socket is made in the namespace.
     */
    public synchronized Responder tcpServer(NetNs ns, String address, int port, String reply) {
        try {
            Responder r = Responder.tcp(ns.call(() -> Responder.bindTcp(address, port)), reply);
            responders.add(r);
            return r;
        } catch (Exception e) {
            throw new AssertionError("cannot listen on tcp " + address + ":" + port + " in " + ns.name(), e);
        }
    }

    /** A UDP server inside {@code ns} answering each datagram with {@code reply}; closed after the test. */
    public synchronized Responder udpServer(NetNs ns, String address, int port, String reply) {
        try {
            Responder r = Responder.udp(ns.call(() -> Responder.bindUdp(address, port)), reply);
            responders.add(r);
            return r;
        } catch (Exception e) {
            throw new AssertionError("cannot listen on udp " + address + ":" + port + " in " + ns.name(), e);
        }
    }

    /** Connects from inside {@code ns} to host:port; the reply, or empty when it could not connect or read. */
    public Optional<String> tcpRequest(NetNs ns, String host, int port, int timeoutMillis) {
        try {
            return Optional.of(ns.call(() -> Responder.tcpRequest(host, port, timeoutMillis)));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Sends one datagram from inside {@code ns}; the answer, or empty when none came in time. */
    public Optional<String> udpRequest(NetNs ns, String host, int port, int timeoutMillis) {
        try {
            return Optional.of(ns.call(() -> Responder.udpRequest(host, port, timeoutMillis)));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** A private temporary directory (mode 0700), deleted after the test. */
    public synchronized Path tempDir() {
        try {
            Path dir = Files.createTempDirectory(prefix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            tempDirs.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A directory usable as CNI_PATH holding one launcher per entry (plugin name to main class), each
     * running that main class on this JVM's class path: tests run the plugins as real processes without
     * needing {@code dist/}, which is assembled after the modules' tests. With {@code -Djnet.engine=on} (the
     * test command's second run of the kernel tests) jnet's programs there are the native client instead, backed by
     * an engine of this test's own that starts on the first call and is killed after the test.
     */
    public Path pluginDir(Map<String, String> mainClassByName) {
        if (EngineDist.ON) {
            return enginePluginDir(mainClassByName);
        }
        return jvmPluginDir(mainClassByName);
    }

    /**
     * A directory usable as CNI_PATH whose entries each run a JVM of their own, in engine mode too: for tests of
     * what one plugin process does (its system calls, the programs it starts).
     */
    public Path jvmPluginDir(Map<String, String> mainClassByName) {
        Path dir = tempDir();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        for (Map.Entry<String, String> e : mainClassByName.entrySet()) {
            // The mark line is the one dist/ launchers carry, so plugins treat these launchers as jnet's own.
            String script = "#!/bin/sh\n# jnet launcher for " + e.getValue() + ".\nexec " + quote(java) + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"
                    + EngineDist.passedOn() + " -cp " + quote(classPath) + " " + quote(e.getValue()) + " \"$@\"\n";
            Path file = dir.resolve(e.getKey());
            try {
                Files.writeString(file, script, StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return dir;
    }

    /**
     * A plugin directory whose jnet programs (bridge, host-local, portmap, firewall, jnet) are the native client,
     * in engine mode or not: a private dist whose engine ({@link #engineDir}) starts on the first call and is
     * killed after the test; other entries (test doubles) are plain launchers.
     */
    public Path enginePluginDir(Map<String, String> mainClassByName) {
        Path root = tempDir();
        synchronized (this) {
            engineDists.add(root);
        }
        try {
            return EngineDist.create(root, mainClassByName, System.getProperty("java.class.path"),
                    Path.of(System.getProperty("java.home"), "bin", "java").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when kernel tests run jnet's programs through the engine ({@code -Djnet.engine=on}). */
    public static boolean engineMode() {
        return EngineDist.ON;
    }

    /**
     * The engine directory (socket, pid file, log) of a plugin directory made by {@link #pluginDir} in engine
     * mode.
     */
    public static Path engineDir(Path pluginDir) {
        return pluginDir.getParent().resolve("engine");
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    synchronized List<NetNs> namespaces() {
        return List.copyOf(namespaces.values());
    }

    synchronized List<Process> processes() {
        return List.copyOf(processes);
    }

    synchronized List<Netlink> handles() {
        return List.copyOf(handles);
    }

    synchronized List<Responder> responders() {
        return List.copyOf(responders);
    }

    synchronized List<Path> engineDists() {
        return List.copyOf(engineDists);
    }

    synchronized List<Path> tempDirs() {
        return List.copyOf(tempDirs);
    }
}
