package io.jnet.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What "nothing changed" means, as one comparable value: the links and addresses of the host and the given
 * container namespaces, iptables-save of every table (nat, filter...; IPv4 and IPv6, counters zeroed), and every file
 * (path, type, mode, content) under the given state directories (reservations, caches, configs).
 */
record HostState(Map<String, String> parts) {

    /** Snapshot of {@code host}, {@code containers} and the files under {@code dirs}. */
    static HostState of(Sandbox sb, NetNs host, List<NetNs> containers, List<Path> dirs) {
        Map<String, String> parts = new TreeMap<>();
        parts.put("host links", links(sb, host));
        for (NetNs c : containers) {
            parts.put("links of " + c.name(), links(sb, c));
        }
        // every table (nat, filter and the rest) in one call per family
        parts.put("iptables", iptables(sb, host, "iptables-save"));
        parts.put("ip6tables", iptables(sb, host, "ip6tables-save"));
        for (Path d : dirs) {
            parts.put("files under " + d, files(d));
        }
        return new HostState(parts);
    }

    /** Fails naming every part that differs, showing the first difference in full. */
    void assertSame(HostState after, String what) {
        assertEquals(parts.keySet(), after.parts.keySet(), what);
        List<String> changed = parts.keySet().stream().filter(k -> !parts.get(k).equals(after.parts.get(k))).toList();
        if (!changed.isEmpty()) {
            String k = changed.get(0);
            assertEquals(parts.get(k), after.parts.get(k), what + ": changed " + changed);
        }
    }

    String part(String key) {
        return parts.get(key);
    }

    /** {@code ip -br addr}: name and addresses of every link (the operational state column is left out). */
    static String links(Sandbox sb, NetNs ns) {
        String out = sb.execHere("ip", "-n", ns.name(), "-br", "addr", "show").assertOk().stdout();
        StringBuilder b = new StringBuilder();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 0 || f[0].isEmpty()) {
                continue;
            }
            b.append(f[0]);
            for (int i = 2; i < f.length; i++) {
                // IPv6 link-local addresses come and go with DAD and link state; they are not state we own
                if (!f[i].startsWith("fe80:")) {
                    b.append(' ').append(f[i]);
                }
            }
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * Whether an iptables-save text names the attachment {@code id} in a rule comment ({@code id: "x"}, which
     * iptables-save prints with escaped quotes).
     */
    static boolean mentionsId(String iptablesSave, String id) {
        return iptablesSave.contains("id: \\\"" + id + "\\\"") || iptablesSave.contains("id: \"" + id + "\"");
    }

    /** The names of the links in {@code ns}. */
    static List<String> linkNames(Sandbox sb, NetNs ns) {
        return links(sb, ns).lines().map(l -> l.split(" ")[0]).toList();
    }

    /** {@code iptables-save} (all tables, or the ones given), comments and counters out. */
    static String iptables(Sandbox sb, NetNs ns, String tool, String... table) {
        List<String> cmd = new ArrayList<>(List.of(tool));
        for (String t : table) {
            cmd.add("-t");
            cmd.add(t);
        }
        String out = sb.exec(ns, cmd.toArray(String[]::new)).assertOk().stdout();
        StringBuilder b = new StringBuilder();
        for (String line : out.split("\n")) {
            if (!line.startsWith("#")) {
                b.append(line.replaceAll("\\[\\d+:\\d+\\]", "[0:0]")).append('\n');
            }
        }
        return b.toString();
    }

    /** Every entry under {@code dir}: relative path, type, mode and (for small regular files) content. */
    static String files(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return "(absent)";
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                String rel = dir.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    lines.add(rel + " -> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    lines.add(rel + "/ " + mode(p));
                } else if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    lines.add(rel + " " + mode(p) + " (socket or other special file)"); // the DNS resolver's control socket
                } else {
                    byte[] content = Files.size(p) <= 65536 ? Files.readAllBytes(p) : new byte[0];
                    lines.add(rel + " " + mode(p) + " " + new String(content, StandardCharsets.UTF_8).replace("\r", "\\r").replace("\n", "\\n"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.join("\n", lines);
    }

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
