package io.jnet.containers.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Paths inside a container's root file system, resolved as the container would see them: symbolic links are
 * followed relative to that root, and {@code ..} stops at it (what runc's securejoin does). An image whose
 * {@code /etc/passwd} is a link to {@code /etc/shadow} gets the container's shadow file, never the host's.
 */
public final class InRoot {
    private static final int MAX_LINKS = 40;

    private InRoot() {}

    /** The host path of the container path {@code path} under {@code root}; it may not exist. */
    public static Path resolve(Path root, String path) throws IOException {
        Deque<String> todo = new ArrayDeque<>();
        push(todo, path);
        Deque<String> done = new ArrayDeque<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                done.pollLast();
                continue;
            }
            Path candidate = join(root, done).resolve(part);
            if (Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) {
                    throw new IOException("too many symbolic links resolving " + path + " in the container");
                }
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) {
                    done.clear();
                }
                push(todo, target);
                continue;
            }
            done.addLast(part);
        }
        return join(root, done);
    }

    /** The content of a small text file of the container (e.g. /etc/passwd), or null when it is not a regular file. */
    public static String read(Path root, String path) throws IOException {
        Path p = resolve(root, path);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.size(p) > (4 << 20)) {
            return null;
        }
        return Files.readString(p);
    }

    private static void push(Deque<String> todo, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            todo.push(parts[i]);
        }
    }

    private static Path join(Path root, Deque<String> parts) {
        Path p = root;
        for (String s : parts) {
            p = p.resolve(s);
        }
        return p;
    }
}
