package io.jnet.containers;

import io.jnet.containers.fs.Trees;
import io.jnet.containers.spec.MountSpec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Named volumes: data that outlives the containers using it. Each is a directory {@code <data dir>/volumes/NAME/_data}
 * (docker's layout), made on first use by {@code -v NAME:/path} and bind-mounted into the container; it stays
 * after {@code jnet rm} until {@code jnet volume rm}.
 */
public final class Volumes {
    /** A volume and the containers that mount it. */
    public record Volume(String name, Path path, List<String> usedBy) {}

    private final Path root;

    Volumes(Path root) {
        this.root = root;
    }

    /** The volume's data directory, made (0755) when missing. */
    Path ensure(String name) {
        check(name);
        Path data = root.resolve(name).resolve("_data");
        try {
            Trees.makeDirs(root, "rwx--x--x");
            Trees.makeDirs(data.getParent(), "rwx--x--x");
            Trees.makeDirs(data, "rwxr-xr-x");
            return data;
        } catch (IOException e) {
            throw ContainerException.failed("cannot create volume " + name + ": " + e.getMessage(), "check --data-dir", e);
        }
    }

    boolean exists(String name) {
        return Files.isDirectory(root.resolve(name).resolve("_data"), LinkOption.NOFOLLOW_LINKS);
    }

    List<Volume> list(List<ContainerRecord> containers) {
        List<Volume> out = new ArrayList<>();
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (MountSpec.VOLUME_NAME.matcher(name).matches() && exists(name)) {
                    out.add(new Volume(name, p.resolve("_data"), users(name, containers)));
                }
            }
        } catch (IOException e) {
            throw ContainerException.failed("cannot list " + root + ": " + e.getMessage(), "check --data-dir", e);
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /** Removes a volume and its data; refused while a container (running or not) mounts it. */
    void remove(String name, List<ContainerRecord> containers) {
        check(name);
        if (!exists(name)) {
            throw ContainerException.notFound("no volume " + name, "jnet volume ls lists the volumes");
        }
        List<String> users = users(name, containers);
        if (!users.isEmpty()) {
            throw ContainerException.conflict("volume " + name + " is used by " + String.join(", ", users), "remove those containers first (jnet rm)");
        }
        try {
            Trees.delete(root.resolve(name));
        } catch (IOException e) {
            throw ContainerException.failed("cannot remove volume " + name + ": " + e.getMessage(), "", e);
        }
    }

    static List<String> users(String name, List<ContainerRecord> containers) {
        return containers.stream().filter(c -> c.mounts().stream().anyMatch(m -> m.volume() && m.source().equals(name)))
                .map(ContainerRecord::name).toList();
    }

    private static void check(String name) {
        if (name == null || !MountSpec.VOLUME_NAME.matcher(name).matches()) {
            throw ContainerException.usage("bad volume name '" + name + "'", "use letters, digits, '_', '.' and '-'");
        }
    }
}
