package io.jnet.testing;

import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.ns.NetNs;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Removes a sandbox and reports what the test itself left behind. */
final class Teardown {
    private Teardown() {}

    static List<String> run(Sandbox sandbox) {
        List<String> leaks = new ArrayList<>();
        for (Responder r : sandbox.responders()) {
            try {
                r.close();
            } catch (IOException ignored) {
                // a server socket that fails to close dies with its namespace
            }
        }
        for (Process p : sandbox.processes()) {
            kill(p.toHandle());
        }
        // The test's own engines first: they are expected to live in its host namespace until now.
        leaks.addAll(EngineDist.stop(sandbox.engineDists()));
        Map<Long, String> inodes = new HashMap<>();
        for (NetNs ns : sandbox.namespaces()) {
            try {
                inodes.put(ns.inode(), ns.name());
            } catch (IOException | RuntimeException e) {
                leaks.add("cannot read the inode of " + ns.name() + ": " + e.getMessage());
            }
        }
        leaks.addAll(killProcessesIn(inodes));
        for (Netlink nl : sandbox.handles()) {
            nl.close();
        }
        for (NetNs ns : sandbox.namespaces()) {
            ns.close();
            try {
                NetNs.delete(ns.name());
            } catch (NetlinkException e) {
                leaks.add("cannot delete namespace " + ns.name() + ": " + e.getMessage());
            }
        }
        for (Path dir : sandbox.tempDirs()) {
            deleteTree(dir);
        }
        leaks.addAll(strayNamespaces(sandbox.prefix()));
        return leaks;
    }

    /** Processes the test started some other way that still live in its namespaces. */
    private static List<String> killProcessesIn(Map<Long, String> inodes) {
        List<String> leaks = new ArrayList<>();
        if (inodes.isEmpty()) {
            return leaks;
        }
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                if (pid == self) {
                    continue;
                }
                String ns = netnsInode(proc);
                if (ns == null) {
                    continue;
                }
                String owner = inodes.get(Long.parseLong(ns));
                if (owner != null) {
                    String cmd = ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("?");
                    leaks.add("process " + pid + " (" + cmd + ") still running in " + owner);
                    ProcessHandle.of(pid).ifPresent(Teardown::kill);
                }
            }
        } catch (IOException e) {
            leaks.add("cannot scan /proc for leftover processes: " + e.getMessage());
        }
        return leaks;
    }

    private static String netnsInode(Path proc) {
        try {
            String link = Files.readSymbolicLink(proc.resolve("ns/net")).toString();
            return link.substring(link.indexOf('[') + 1, link.indexOf(']'));
        } catch (IOException | RuntimeException e) {
            return null; // the process exited or is a kernel thread
        }
    }

    private static void kill(ProcessHandle p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // reported by the namespace scan if it is still there
        }
    }

    private static List<String> strayNamespaces(String prefix) {
        List<String> leaks = new ArrayList<>();
        try {
            for (String name : NetNs.list()) {
                if (name.startsWith(prefix)) {
                    leaks.add("namespace " + name);
                    try {
                        NetNs.delete(name);
                    } catch (NetlinkException ignored) {
                        // reported above
                    }
                }
            }
        } catch (IOException e) {
            leaks.add("cannot list namespaces: " + e.getMessage());
        }
        return leaks;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temp dir that cannot be removed is not a network leak
        }
    }
}
