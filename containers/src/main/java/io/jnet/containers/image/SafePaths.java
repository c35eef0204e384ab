package io.jnet.containers.image;

import io.jnet.containers.ContainerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Archive paths that cannot leave the directory they are unpacked into: no absolute path, no {@code ..}, and
 * no path that passes through a symbolic link (an archive that plants {@code a -> /etc} and then writes
 * {@code a/passwd} would otherwise write the host's file). Every check looks at links without following them.
 */
final class SafePaths {
    private SafePaths() {}

    /**
     * An entry name as a relative path ({@code ./a//b/} is {@code a/b}); empty for the archive's root.
     *
     * @throws ContainerException (usage) for absolute names and names with a {@code ..} component
     */
    static Path relative(String entryName) {
        if (entryName.indexOf('\0') >= 0) {
            throw escape(entryName, "it holds a NUL byte");
        }
        if (entryName.startsWith("/")) {
            throw escape(entryName, "it is an absolute path");
        }
        List<String> parts = new ArrayList<>();
        for (String p : entryName.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                throw escape(entryName, "it climbs out with '..'");
            }
            parts.add(p);
        }
        return parts.isEmpty() ? Path.of("") : Path.of(parts.get(0), parts.subList(1, parts.size()).toArray(new String[0]));
    }

    /**
     * Makes the parent directories of {@code root/rel} (mode 0755), refusing when an existing one is a symbolic
     * link or not a directory.
     */
    static void makeParents(Path root, Path rel) throws IOException {
        Path dir = root;
        Path parent = rel.getParent();
        if (parent == null) {
            return;
        }
        for (Path part : parent) {
            dir = dir.resolve(part);
            if (Files.isSymbolicLink(dir)) {
                throw escape(rel.toString(), "it passes through the symbolic link " + root.relativize(dir));
            }
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir);
            } else if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                // a file where the archive now wants a directory: the later entry wins, as tar does
                Files.delete(dir);
                Files.createDirectory(dir);
            }
        }
    }

    /** Whether every existing parent of {@code root/rel} is a real directory (no symbolic link on the way). */
    static boolean parentsAreDirectories(Path root, Path rel) {
        Path dir = root;
        Path parent = rel.getParent();
        if (parent == null) {
            return true;
        }
        for (Path part : parent) {
            dir = dir.resolve(part);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }

    static ContainerException escape(String name, String why) {
        return ContainerException.usage("corrupt or hostile archive: the entry '" + name + "' would escape the image store: " + why,
                "archives from docker save, podman save or skopeo never do this; do not load this file");
    }
}
