package io.jnet.runtime;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.cni.config.NetworkConfigList;
import io.jnet.cni.runtime.RuntimeConf;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.util.TempFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ADDs in progress, one file each under {@code <stateDir>/attaching}. The result cache only learns of an
 * attachment once every plugin succeeded, so a {@code jnet attach} killed half-way leaves a veth pair, a lease
 * and rules that nothing lists; this record is what lets {@code jnet gc} (or the next attach of the same
 * interface) undo them with DEL.
 *
 * <p>The attaching process holds a lock on its record for as long as it runs; the kernel drops the lock when
 * the process dies, so a record whose lock can be taken belongs to an ADD that will never finish.
 */
final class PendingAttaches {
    /** One ADD: what DEL needs to undo it. */
    record Pending(NetworkConfigList list, RuntimeConf rt) {}

    /**
     * A record locked by this process: the ADD it runs ({@link #begin}) or a dead one's it is about to undo
     * ({@link #stale()}). Closing it removes the record, drops the lock and removes the {@code attaching} directory
     * when it is left empty, and the state directory too when this very call created it: a state directory that was
     * there before (made by the admin, a tmpfs or a hostPath mount) is never removed.
     */
    static final class Claim implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final Pending pending;
        private final boolean createdStateDir;

        private Claim(Path file, FileChannel channel, Pending pending, boolean createdStateDir) {
            this.file = file;
            this.channel = channel;
            this.pending = pending;
            this.createdStateDir = createdStateDir;
        }

        Pending pending() {
            return pending;
        }

        /** Drops the lock but keeps the record, for a later gc to try again. */
        void release() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try (channel) {
                Files.deleteIfExists(file);
                if (removeIfEmpty(file.getParent()) && createdStateDir) {
                    removeIfEmpty(file.getParent().getParent());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Removes an empty directory; false when it holds something (other attaches, the lab) or cannot go. */
        private static boolean removeIfEmpty(Path dir) {
            try {
                Files.deleteIfExists(dir);
                return true;
            } catch (DirectoryNotEmptyException e) {
                return false;
            } catch (IOException e) {
                return false; // tidying up an empty directory never fails the attach it served
            }
        }
    }

    private static final String TMP_PREFIX = ".tmp-";
    /** A temporary record older than this was left by a process that died before renaming it. */
    private static final long TMP_MAX_AGE_MILLIS = 60_000;

    private final Path dir;

    PendingAttaches(Path stateDir) {
        this.dir = stateDir.resolve("attaching");
    }

    /**
     * Records an ADD about to start. The record is written and locked under a temporary name, then renamed into
     * place, so no other process ever sees it unlocked while we live.
     */
    Claim begin(Pending p) {
        Path target = dir.resolve(fileName(p.list().name(), p.rt()));
        Path tmp = null;
        FileChannel ch = null;
        boolean createdStateDir = false;
        try {
            for (int attempt = 0; tmp == null; attempt++) {
                createdStateDir |= createDir();
                try {
                    tmp = TempFiles.create(dir, TMP_PREFIX, "rw-------");
                } catch (NoSuchFileException e) {
                    if (attempt == 3) { // another attach's close removed the empty directory in between
                        throw e;
                    }
                }
            }
            // unlocked until here, but claim() leaves young temporary records alone
            ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
            ch.lock();
            ch.write(ByteBuffer.wrap(encode(p)));
            ch.force(true);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Claim(target, ch, p, createdStateDir);
        } catch (IOException e) {
            closeQuietly(ch);
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException ignored) {
                // the sweep of stale temporary files takes it
            }
            throw JnetException.failed("cannot record the attach in " + dir + ": " + e.getMessage(), "check --state-dir", e);
        }
    }

    /** True when a live process is attaching this interface of this network right now. */
    boolean inProgress(String network, RuntimeConf rt) {
        Path f = dir.resolve(fileName(network, rt));
        return Files.exists(f, LinkOption.NOFOLLOW_LINKS) && !lockable(f);
    }

    /** Attachments being added right now by live processes, as (network, conf): GC must keep them. */
    List<Pending> live() {
        List<Pending> out = new ArrayList<>();
        for (Path f : records()) {
            if (!f.getFileName().toString().startsWith(TMP_PREFIX) && !lockable(f)) {
                read(f).ifPresent(out::add);
            }
        }
        return out;
    }

    /**
     * Records of ADDs whose process is gone, each locked so that no other gc or attach undoes it at the same
     * time. Unreadable records and abandoned temporary files are removed on the way.
     */
    List<Claim> stale() {
        List<Claim> out = new ArrayList<>();
        for (Path f : records()) {
            claim(f).ifPresent(out::add);
        }
        return out;
    }

    /** The stale record of this interface of this network, if there is one and nobody holds it. */
    Optional<Claim> stale(String network, RuntimeConf rt) {
        Path f = dir.resolve(fileName(network, rt));
        return Files.exists(f, LinkOption.NOFOLLOW_LINKS) ? claim(f) : Optional.empty();
    }

    private Optional<Claim> claim(Path f) {
        FileChannel ch = null;
        try {
            Object before = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(f);
                return Optional.empty();
            }
            boolean tmp = f.getFileName().toString().startsWith(TMP_PREFIX);
            if (tmp && System.currentTimeMillis() - Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toMillis() < TMP_MAX_AGE_MILLIS) {
                return Optional.empty(); // may be a record being written: its owner locks it right after creating it
            }
            ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            if (ch.tryLock() == null) {
                ch.close();
                return Optional.empty();
            }
            // The owner removes its record before it unlocks: a record gone or replaced meanwhile is not stale.
            if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)
                    || !before.equals(Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey())) {
                ch.close();
                return Optional.empty();
            }
            Optional<Pending> p = tmp ? Optional.empty() : read(f);
            if (p.isEmpty()) {
                Files.deleteIfExists(f);
                ch.close();
                return Optional.empty();
            }
            return Optional.of(new Claim(f, ch, p.get(), false));
        } catch (IOException | OverlappingFileLockException e) {
            closeQuietly(ch);
            return Optional.empty();
        }
    }

    private boolean lockable(Path f) {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock l = ch.tryLock();
            return l != null;
        } catch (IOException | OverlappingFileLockException e) {
            return false;
        }
    }

    private List<Path> records() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(out::add);
        } catch (IOException e) {
            throw JnetException.failed("cannot list " + dir + ": " + e.getMessage(), "check --state-dir", e);
        }
        return out;
    }

    /** Makes {@code <stateDir>/attaching}; true when the state directory itself did not exist and was made here. */
    private boolean createDir() throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new IOException(dir + " is a symbolic link");
        }
        if (Files.isDirectory(dir)) {
            return false;
        }
        boolean stateDirMissing = !Files.exists(dir.getParent(), LinkOption.NOFOLLOW_LINKS);
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return stateDirMissing;
    }

    private static Optional<Pending> read(Path f) {
        try {
            JsonObject o = JsonParser.parseString(Files.readString(f)).getAsJsonObject();
            NetworkConfigList list = NetworkConfigList.parse(o.get("config").toString().getBytes(StandardCharsets.UTF_8));
            JsonObject caps = o.has("capabilityArgs") ? o.getAsJsonObject("capabilityArgs") : new JsonObject();
            return Optional.of(new Pending(list, new RuntimeConf(o.get("containerId").getAsString(), o.get("netns").getAsString(),
                    o.get("ifname").getAsString(), List.of(), caps)));
        } catch (IOException | RuntimeException | CniException e) {
            return Optional.empty();
        }
    }

    private static byte[] encode(Pending p) {
        JsonObject o = new JsonObject();
        o.addProperty("containerId", p.rt().containerId());
        o.addProperty("netns", p.rt().netns());
        o.addProperty("ifname", p.rt().ifname());
        o.add("capabilityArgs", p.rt().capabilityArgs());
        o.add("config", JsonParser.parseString(new String(p.list().bytes(), StandardCharsets.UTF_8)));
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Network, container ID and interface name are validated before this: none holds a '/'. */
    private static String fileName(String network, RuntimeConf rt) {
        return network + "-" + rt.containerId() + "-" + rt.ifname();
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing a channel we only read or locked
            }
        }
    }
}
