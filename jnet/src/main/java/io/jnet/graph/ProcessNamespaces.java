package io.jnet.graph;

import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.ns.NetNs;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Finds a process living in a namespace that only a namespace ID names, such as the peer of a Docker container's
 * veth: each distinct /proc/PID/ns/net not already known is asked for its ID as the host sees it. Run only when a
 * host veth's peer is in such a namespace.
 */
final class ProcessNamespaces {
    private ProcessNamespaces() {}

    /** A process in a namespace: its pid and command name. */
    record Holder(long pid, String comm) {
        Path path() {
            return Path.of("/proc", Long.toString(pid), "ns", "net");
        }

        String id() {
            return "pid " + pid + " (" + comm + ")";
        }
    }

    /** For each wanted namespace ID, the first process found in it. */
    static Map<Integer, Holder> find(Netlink host, Set<Integer> wanted, Set<Long> knownInodes) {
        Map<Integer, Holder> out = new HashMap<>();
        Set<Long> seen = new HashSet<>(knownInodes);
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                if (out.size() == wanted.size()) {
                    break;
                }
                long inode;
                try {
                    String link = Files.readSymbolicLink(proc.resolve("ns/net")).toString(); // net:[4026532]
                    inode = Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
                } catch (IOException | RuntimeException e) {
                    continue; // exited, or a kernel thread
                }
                if (!seen.add(inode)) {
                    continue;
                }
                long pid = Long.parseLong(proc.getFileName().toString());
                try (NetNs ns = NetNs.ofPid(pid)) {
                    int id = host.nsidOf(ns);
                    if (wanted.contains(id) && !out.containsKey(id)) {
                        out.put(id, new Holder(pid, comm(proc)));
                    }
                } catch (NetlinkException e) {
                    // exited meanwhile
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    private static String comm(Path proc) {
        try {
            return Files.readString(proc.resolve("comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
