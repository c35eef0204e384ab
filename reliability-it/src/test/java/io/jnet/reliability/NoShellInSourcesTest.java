package io.jnet.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The static half of "no user string reaches a shell" (StateFilesIT traces the running plugins): no main
 * source of any module starts a shell with {@code -c} or uses {@code Runtime.exec}, whose single-string form
 * splits a command line on spaces. Every process is a ProcessBuilder over an argument list.
 */
class NoShellInSourcesTest {
    private static final Pattern SHELL = Pattern.compile("\"(/usr)?(/bin/)?(sh|bash|dash|zsh|ash)\"\\s*,\\s*\"-c\"|Runtime\\.getRuntime\\(\\)\\s*\\.exec\\(");

    @Test
    void noMainSourceStartsAShell() throws IOException {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path m : modules.filter(d -> Files.isDirectory(d.resolve("src/main/java"))).toList()) {
                try (Stream<Path> s = Files.walk(m.resolve("src/main/java"))) {
                    s.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
                }
            }
        }
        assertTrue(sources.size() > 100, "the scan found only " + sources.size() + " sources under " + root);
        List<String> hits = new ArrayList<>();
        for (Path p : sources) {
            List<String> lines = Files.readAllLines(p);
            for (int i = 0; i < lines.size(); i++) {
                if (SHELL.matcher(lines.get(i)).find()) {
                    hits.add(root.relativize(p) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertEquals(List.of(), hits, "shell invocations in main sources");
        System.out.println("[reliability] no shell (static): " + sources.size() + " main sources scanned, 0 shell invocations");
    }
}
