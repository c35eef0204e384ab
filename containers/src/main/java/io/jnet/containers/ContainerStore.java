package io.jnet.containers;

import io.jnet.containers.fs.AtomicFiles;
import io.jnet.containers.fs.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The containers' directories under {@code <data dir>/containers}, one per ID, and {@code names/}, where a file
 * per name holding the ID claims the name: created with O_EXCL, so two {@code jnet run --name web} at once
 * cannot both get it.
 */
final class ContainerStore {
    /** Container names, as docker takes them (they also name the container's network namespace). */
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    private final Path root;
    private final Path names;

    ContainerStore(Path root) {
        this.root = root;
        this.names = root.resolve("names");
    }

    Path root() {
        return root;
    }

    ContainerPaths paths(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a container ID: " + id);
        }
        return new ContainerPaths(root.resolve(id));
    }

    /** The IDs of every container directory. */
    List<String> ids() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (ID.matcher(n).matches() && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(n);
                }
            }
        } catch (IOException e) {
            throw ContainerException.failed("cannot list " + root + ": " + e.getMessage(), "check --data-dir", e);
        }
        return out;
    }

    /** Every readable record, by name. */
    List<ContainerRecord> list() {
        List<ContainerRecord> out = new ArrayList<>();
        for (String id : ids()) {
            read(id).ifPresent(out::add);
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    Optional<ContainerRecord> read(String id) {
        try {
            return Optional.of(ContainerRecord.fromJson(Files.readString(paths(id).record())));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void write(ContainerRecord r) {
        try {
            AtomicFiles.write(paths(r.id()).record(), r.toJson().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw ContainerException.failed("cannot write the record of " + r.name() + ": " + e.getMessage(), "check --data-dir", e);
        }
    }

    /** A container by name, full ID, or an ID prefix of at least 4 characters that only one container has. */
    Optional<ContainerRecord> find(String nameOrId) {
        if (NAME.matcher(nameOrId).matches()) {
            Optional<String> owner = nameOwner(nameOrId);
            if (owner.isPresent()) {
                Optional<ContainerRecord> r = read(owner.get());
                if (r.isPresent()) {
                    return r;
                }
            }
        }
        if (nameOrId.matches("[0-9a-f]{4,64}")) {
            List<String> ids = ids().stream().filter(i -> i.startsWith(nameOrId)).toList();
            if (ids.size() > 1) {
                throw ContainerException.usage("the ID prefix " + nameOrId + " matches " + ids.size() + " containers", "give more of the ID, or the name");
            }
            if (ids.size() == 1) {
                return read(ids.get(0));
            }
        }
        return Optional.empty();
    }

    ContainerRecord get(String nameOrId) {
        return find(nameOrId).orElseThrow(() -> ContainerException.notFound("no container " + nameOrId, "jnet ps lists the containers"));
    }

    /** Makes the container's directory (0700). */
    ContainerPaths create(String id) {
        ContainerPaths p = paths(id);
        try {
            dirs();
            // searchable by others, not listable: a --userns container's root must reach its rootfs through it
            Files.createDirectory(p.dir(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
            return p;
        } catch (IOException e) {
            throw ContainerException.failed("cannot create " + p.dir() + ": " + e.getMessage(), "check --data-dir", e);
        }
    }

    /** Claims a name for an ID; false when another container has it. */
    boolean claimName(String name, String id) {
        try {
            dirs();
            Files.writeString(names.resolve(name), id, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw ContainerException.failed("cannot claim the name " + name + ": " + e.getMessage(), "check --data-dir", e);
        }
    }

    /** The ID holding a name. */
    Optional<String> nameOwner(String name) {
        try {
            String id = Files.readString(names.resolve(name)).strip();
            return ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Releases a name, if this ID still holds it. */
    void releaseName(String name, String id) {
        try {
            if (nameOwner(name).map(id::equals).orElse(false)) {
                Files.deleteIfExists(names.resolve(name));
            }
        } catch (IOException e) {
            throw ContainerException.failed("cannot release the name " + name + ": " + e.getMessage(), "check --data-dir", e);
        }
    }

    /** Names whose container directory is gone (a removal killed half-way): gc drops them. */
    List<String> orphanNames() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(names, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(names)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                Optional<String> id = nameOwner(n);
                if (id.isEmpty() || !Files.isDirectory(root.resolve(id.get()), LinkOption.NOFOLLOW_LINKS)) {
                    out.add(n);
                }
            }
        } catch (IOException e) {
            throw ContainerException.failed("cannot list " + names + ": " + e.getMessage(), "check --data-dir", e);
        }
        return out;
    }

    void dropName(String name) {
        try {
            Files.deleteIfExists(names.resolve(name));
        } catch (IOException e) {
            throw ContainerException.failed("cannot remove the name " + name + ": " + e.getMessage(), "check --data-dir", e);
        }
    }

    private void dirs() throws IOException {
        Trees.makeDirs(root, "rwx--x--x");
        Trees.makeDirs(names, "rwx------");
    }
}
