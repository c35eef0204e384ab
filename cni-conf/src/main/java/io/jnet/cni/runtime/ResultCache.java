package io.jnet.cni.runtime;

import com.google.gson.JsonObject;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.JsonSupport;
import io.jnet.cni.util.TempFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * libcni's result cache: {@code {cacheDir}/results/{network}-{containerID}-{ifname}}, directory 0700, files
 * 0600, {@link CachedAttachment} JSON. Files are replaced atomically (temp file in the same directory, fsync,
 * rename) so a crash leaves either the old entry or the new one, never half of one.
 */
public final class ResultCache {
    /** libcni's default cache directory. */
    public static final Path DEFAULT_DIR = Path.of("/var/lib/cni");

    private static final String TEMP_PREFIX = ".tmp-";

    private final Path resultsDir;

    /** A cache rooted at {@code cacheDir} (entries live in its {@code results} subdirectory). */
    public ResultCache(Path cacheDir) {
        this.resultsDir = cacheDir.resolve("results");
    }

    /** The file of one attachment. Names and IDs must have been validated (they never contain '/'). */
    public Path path(String network, String containerId, String ifname) {
        return resultsDir.resolve(network + "-" + containerId + "-" + ifname);
    }

    /** Writes (or replaces) the entry atomically. */
    public void write(CachedAttachment entry) throws CniException {
        Path target = path(entry.networkName(), entry.containerId(), entry.ifname());
        byte[] bytes = JsonSupport.compact(entry.toJson()).getBytes(StandardCharsets.UTF_8);
        Path tmp = null;
        try {
            createResultsDir();
            tmp = TempFiles.create(resultsDir, TEMP_PREFIX, "rw-------");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            syncDirectory();
        } catch (IOException e) {
            throw new CniException(CniException.IO_FAILURE, "failed to write cached result", target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a stray temp file is skipped by list()
                }
            }
        }
    }

    private void createResultsDir() throws IOException {
        var mode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
        Path parent = resultsDir.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent, mode);
            } catch (FileAlreadyExistsException ignored) {
                // raced with another runtime; fine
            }
        }
        try {
            Files.createDirectory(resultsDir, mode);
        } catch (FileAlreadyExistsException ignored) {
            // already there
        }
        if (Files.isSymbolicLink(resultsDir)) {
            // entries would land wherever the link points
            throw new IOException(resultsDir + " is a symbolic link; the result cache lives in a real directory");
        }
    }

    // The rename is only durable once the directory entry is; Linux lets us fsync a directory opened read-only.
    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(resultsDir, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // not supported on every file system; the data itself is already synced
        }
    }

    /**
     * The entry of one attachment: empty when there is no file; a file in the legacy format (a bare result,
     * as libcni wrote before cniCacheV1) comes back with only its result.
     *
     * @throws CniException code 6 when the file exists but cannot be read as either format (corrupt)
     */
    public Optional<CachedAttachment> read(String network, String containerId, String ifname) throws CniException {
        Path p = path(network, containerId, ifname);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CniException(CniException.DECODING_FAILURE, "unreadable cached result", p + ": " + e.getMessage(), e);
        }
        JsonObject o;
        try {
            o = JsonSupport.parseObject(bytes, "cached result");
        } catch (CniException e) {
            throw new CniException(CniException.DECODING_FAILURE, "corrupt cached result", p + ": " + e.details(), e);
        }
        if (CachedAttachment.isV1(o)) {
            return Optional.of(CachedAttachment.fromJson(o));
        }
        if (!o.has("cniVersion")) {
            throw new CniException(CniException.DECODING_FAILURE, "corrupt cached result", p + ": neither cniCacheV1 nor a result");
        }
        return Optional.of(new CachedAttachment(containerId, null, ifname, network, "", List.of(), null, o));
    }

    /** Removes the entry; no error when it is already gone. */
    public void delete(String network, String containerId, String ifname) throws CniException {
        Path p = path(network, containerId, ifname);
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new CniException(CniException.IO_FAILURE, "failed to remove cached result", p + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every readable v1 entry, in file-name byte order (libcni's GetCachedAttachments): unreadable, corrupt,
     * legacy and incomplete files are skipped, as are our own temp files.
     */
    public List<CachedAttachment> list() throws CniException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(resultsDir)) {
            s.filter(p -> !p.getFileName().toString().startsWith(TEMP_PREFIX)).forEach(files::add);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new CniException(CniException.IO_FAILURE, "cannot list result cache", resultsDir + ": " + e.getMessage(), e);
        }
        files.sort((a, b) -> JsonSupport.compareBytes(a.getFileName().toString(), b.getFileName().toString()));
        List<CachedAttachment> out = new ArrayList<>();
        for (Path f : files) {
            try {
                JsonObject o = JsonSupport.parseObject(Files.readAllBytes(f), "cached result");
                if (!CachedAttachment.isV1(o)) {
                    continue;
                }
                CachedAttachment a = CachedAttachment.fromJson(o);
                if (!a.ifname().isEmpty() && !a.networkName().isEmpty()) {
                    out.add(a);
                }
            } catch (IOException | CniException e) {
                // skipped like libcni does; DEL of that attachment removes it
            }
        }
        return out;
    }
}
