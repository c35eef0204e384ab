package io.jnet.it;

import io.jnet.testing.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A host without {@code iptables*}, {@code nft} or {@code conntrack}, as the processes of a test see it: they run
 * in a mount namespace of their own where the files behind those commands are empty, non-executable files. The
 * real host keeps its programs: "/" is made private in the new namespace before anything is mounted, so nothing
 * propagates back, while /run/netns keeps propagating (namespaces the CLI makes stay visible to the test).
 */
final class HiddenPrograms {
    private static final List<String> DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin");
    private static final List<String> NAMES = List.of("iptables", "ip6tables", "iptables-save", "iptables-restore",
            "ip6tables-save", "ip6tables-restore", "iptables-nft", "iptables-legacy", "ip6tables-nft", "ip6tables-legacy",
            "xtables-nft-multi", "xtables-legacy-multi", "nft", "conntrack");

    private HiddenPrograms() {}

    /** The real files behind every name found (symlinks resolved: xtables-nft-multi, nft, conntrack...). */
    static Set<Path> files() {
        Set<Path> out = new TreeSet<>();
        for (String dir : DIRS) {
            for (String name : NAMES) {
                Path p = Path.of(dir, name);
                if (Files.exists(p)) {
                    try {
                        out.add(p.toRealPath());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return out;
    }

    /** A command prefix: the rest of the command line runs where those files are hidden. */
    static List<String> wrapper(Sandbox sb) {
        Path empty = sb.tempDir().resolve("not-a-program");
        try {
            Files.createFile(empty, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder script = new StringBuilder("mount --make-private / || exit 97\n");
        for (Path f : files()) {
            script.append("mount --bind '").append(empty).append("' '").append(f).append("' || exit 98\n");
        }
        script.append("exec \"$@\"\n");
        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "unchanged", "--", "sh", "-c",
                script.toString(), "hidden-programs"));
        return cmd;
    }
}
