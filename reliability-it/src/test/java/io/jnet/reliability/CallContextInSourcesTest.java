package io.jnet.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine runs many calls in one JVM, so code a call runs never reads the process's environment, never ends the
 * process and never starts a program with the process's environment and directory: it asks
 * {@code CallContext.current()} ({@code env()}, {@code exit}, {@code prepare(pb)}). Only the mains of processes of
 * their own may touch the process directly; they are listed here with the reason.
 */
class CallContextInSourcesTest {
    private static final Pattern PROCESS_GLOBAL = Pattern.compile("System\\.getenv\\(|System\\.exit\\(|new ProcessBuilder\\(");

    /** Files allowed to touch the process, by path suffix, and why. */
    private static final Map<String, String> PROCESS_MAINS = Map.of(
            "call-context/src/main/java/io/jnet/context/CallContext.java", "the context itself: the process's own call",
            "cni-conf/src/main/java/io/jnet/cni/skel/PluginMain.java", "a plugin process's main hands its env to the call",
            "dns/src/main/java/io/jnet/dns/ResolverMain.java", "the resolver's own process",
            "dns/src/main/java/io/jnet/dns/ResolverProcess.java", "starts the resolver daemon: what the call says goes in its arguments",
            "engine/src/main/java/io/jnet/engine/EngineMain.java", "the engine's own process",
            "engine/src/main/java/io/jnet/engine/EngineClient.java", "starts the engine daemon with a clean environment of its own",
            "proxy/src/main/java/io/jnet/proxy/ProxyMain.java", "the userland proxy's own process");

    @Test
    void callCodeUsesTheCallContext() throws IOException {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path m : modules.filter(d -> Files.isDirectory(d.resolve("src/main/java"))).toList()) {
                if (m.getFileName().toString().equals("test-netns")) {
                    continue; // the tests' own sandbox, never part of a call
                }
                try (Stream<Path> s = Files.walk(m.resolve("src/main/java"))) {
                    s.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
                }
            }
        }
        assertTrue(sources.size() > 100, "the scan found only " + sources.size() + " sources under " + root);
        List<String> hits = new ArrayList<>();
        for (Path p : sources) {
            String rel = root.relativize(p).toString();
            if (PROCESS_MAINS.containsKey(rel)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.strip().startsWith("*") || line.strip().startsWith("//")) {
                    continue;
                }
                if (PROCESS_GLOBAL.matcher(line).find() && !line.contains(".prepare(new ProcessBuilder(")) {
                    hits.add(rel + ":" + (i + 1) + ": " + line.strip());
                }
            }
        }
        assertEquals(List.of(), hits, "process globals in code a call runs (use CallContext.current())");
        System.out.println("[reliability] call context (static): " + sources.size() + " main sources scanned, 0 process globals");
    }
}
