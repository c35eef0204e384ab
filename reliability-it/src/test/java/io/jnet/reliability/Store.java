package io.jnet.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** host-local's on-disk store of one network, read the way the reference reads it. */
final class Store {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Store() {}

    /** Name to content of every entry of {@code dataDir/network} (empty when the directory does not exist). */
    static Map<String, String> files(Path dataDir, String network) throws IOException {
        Path dir = dataDir.resolve(network);
        Map<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                out.put(p.getFileName().toString(), Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8) : "(not a file)");
            }
        }
        return out;
    }

    /** The addresses reserved (file names that are IPs), to owner content. */
    static Map<String, String> reservations(Path dataDir, String network) throws IOException {
        Map<String, String> out = new TreeMap<>();
        files(dataDir, network).forEach((k, v) -> {
            if (IPV4.matcher(k).matches() || k.contains(":")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * No corrupted state: every reservation names one of {@code owners} completely ("id\r\nifname"), every
     * last_reserved_ip holds an address, nothing else but the lock and (after a crash) the writer's temp files.
     */
    static void assertIntact(Path dataDir, String network, Collection<String> owners) throws IOException {
        for (Map.Entry<String, String> f : files(dataDir, network).entrySet()) {
            String name = f.getKey();
            String content = f.getValue();
            if (IPV4.matcher(name).matches() || name.contains(":")) {
                int cut = content.indexOf("\r\n");
                assertTrue(cut > 0 && owners.contains(content.substring(0, cut)) && content.substring(cut + 2).matches("[a-z0-9]+"),
                        "broken reservation " + name + " = '" + content + "' (owners " + owners + ")");
            } else if (name.startsWith("last_reserved_ip.")) {
                assertTrue(IPV4.matcher(content).matches() || content.contains(":"), "broken " + name + " = '" + content + "'");
            } else {
                assertTrue(name.equals("lock") || name.startsWith("."), "unexpected file " + name + " in the store");
            }
        }
    }

    /** After recovery only the lock and the round-robin cursors may remain. */
    static void assertOnlyBookkeeping(Path dataDir, String network) throws IOException {
        List<String> other = files(dataDir, network).keySet().stream()
                .filter(n -> !n.equals("lock") && !n.startsWith("last_reserved_ip.")).toList();
        assertTrue(other.isEmpty(), "left in the store: " + other);
    }
}
