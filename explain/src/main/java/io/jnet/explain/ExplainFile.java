package io.jnet.explain;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends each line to a file, opened for each line in append mode so that the CLI reading it and the plugin
 * processes writing it never need to coordinate: every line lands whole, in the order the operations ran.
 * An explanation that cannot be written never fails the operation it explains.
 */
final class ExplainFile implements Explain {
    private final Path file;

    ExplainFile(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void command(String line) {
        byte[] bytes = (line.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            out.write(bytes);
        } catch (IOException | RuntimeException e) {
            // the explanation is for people watching; the operation already happened and stands
        }
    }

    @Override
    public String toString() {
        return "explain to " + file;
    }
}
