package io.jnet.it;

import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reading the kernel state a test wants to see gone (or there). */
final class KernelState {
    private KernelState() {}

    /** The names of the links in {@code ns}. */
    static List<String> links(Sandbox sb, NetNs ns) throws Exception {
        try (Netlink nl = Netlink.open(ns)) {
            return nl.links().stream().map(Link::name).toList();
        }
    }

    /** {@code iptables-save -t nat} (and ip6tables) of {@code ns}, the lines naming CNI chains or rules. */
    static List<String> cniNatLines(Sandbox sb, NetNs ns) {
        String v4 = sb.exec(ns, "iptables-save", "-t", "nat").assertOk().stdout();
        String v6 = sb.exec(ns, "ip6tables-save", "-t", "nat").assertOk().stdout();
        return Stream.concat(v4.lines(), v6.lines()).filter(l -> l.contains("CNI")).toList();
    }

    /** Whether a namespace of that full name is under /run/netns. */
    static boolean namespaceExists(String fullName) {
        return Files.exists(NetNs.RUN_DIR.resolve(fullName));
    }

    /** The files of a jnet state dir, less the userland proxies' lock file, which stays as host-local's lock does. */
    static List<String> stateFiles(Path dir) throws IOException {
        return files(dir).stream().filter(f -> !f.equals("proxy/lock")).toList();
    }

    /** The files under {@code dir}, recursively (empty when it does not exist). */
    static List<String> files(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
