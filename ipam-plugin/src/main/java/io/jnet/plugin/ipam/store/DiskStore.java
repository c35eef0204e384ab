package io.jnet.plugin.ipam.store;

import io.jnet.plugin.ipam.config.Ip;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The reference's on-disk store: {@code <dataDir>/<network>/} with {@code lock}, one file per reserved
 * address named by its text and holding {@code <containerID>\r\n<ifname>}, and {@code last_reserved_ip.<N>}.
 * <p>
 * Unlike the reference, a reservation is written to a temp file first and then hard-linked to its name: the
 * link fails when the name exists (so it is still an exclusive create) and the name never exists empty or
 * half-written, whenever the process dies. Temp files are dot-files the reference never parses as
 * addresses; a later call holding the lock removes any left by a killed process.
 */
public final class DiskStore implements Store {
    /** Prefix of the files remembering each range set's last reserved address. */
    public static final String LAST_RESERVED_PREFIX = "last_reserved_ip.";
    /** Name of the lock file. */
    public static final String LOCK_NAME = "lock";
    /** Prefix of this plugin's temp files. */
    static final String TEMP_PREFIX = ".jnet-tmp-";

    private static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> DIR_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final Path dir;
    private final LockFile lock;
    private Map<Ip, Owner> snapshot;
    private boolean sweptTemps;

    private DiskStore(Path dir, LockFile lock) {
        this.dir = dir;
        this.lock = lock;
    }

    /**
     * Opens the network's directory (creating it, and dataDir, with mode 0700 when missing) and takes its lock.
     *
     * @throws IllegalArgumentException when the network name could name anything but a child of dataDir
     */
    public static DiskStore open(Path dataDir, String network) throws IOException {
        Path dir = networkDir(dataDir, network);
        Files.createDirectories(dir, DIR_MODE);
        if (Files.isSymbolicLink(dir)) {
            // the lock and reservations would land wherever the link points
            throw new IOException(dir + " is a symbolic link; host-local keeps its store in a real directory under dataDir");
        }
        LockFile lock = LockFile.open(dir.resolve(LOCK_NAME));
        try {
            lock.lock();
        } catch (IOException e) {
            lock.close();
            throw e;
        }
        return new DiskStore(dir, lock);
    }

    /** {@code dataDir/network}, refusing names that would leave dataDir or be no plain name. */
    public static Path networkDir(Path dataDir, String network) {
        SafeNames.requireFileName(network, "network name");
        Path dir = dataDir.resolve(network);
        if (!dir.getParent().equals(dataDir) || !dir.getFileName().toString().equals(network)) {
            throw new IllegalArgumentException("network name " + network + " does not name a directory inside " + dataDir);
        }
        return dir;
    }

    /** The network's directory. */
    public Path dir() {
        return dir;
    }

    @Override
    public boolean reserve(String containerId, String ifname, Ip ip, int rangeSetIndex) throws IOException {
        SafeNames.requireOwner(containerId, ifname);
        // Without a snapshot (a requested address) the exclusive link below is the only check needed:
        // no reason to read every reservation.
        if (snapshot != null && snapshot.containsKey(ip)) {
            return false;
        }
        Path target = file(ip.text());
        String content = Owner.content(containerId, ifname);
        Path temp = writeTemp(ip.text(), content, true);
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
        if (snapshot != null) {
            snapshot.put(ip, new Owner(content.strip()));
        }
        rememberLastReserved(ip, rangeSetIndex);
        return true;
    }

    /**
     * Replaces {@code last_reserved_ip.<N>} whole, so a reader never sees it half-written. Only round-robin
     * depends on it: failing to write it must not fail (and so leak) a reservation that is already made.
     */
    private void rememberLastReserved(Ip ip, int rangeSetIndex) {
        try {
            Path lastTemp = writeTemp(LAST_RESERVED_PREFIX + rangeSetIndex, ip.text(), false);
            Files.move(lastTemp, file(LAST_RESERVED_PREFIX + rangeSetIndex), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // The next allocation starts from the previous hint (or rangeStart); a leftover temp is swept later.
        }
    }

    /** Writes {@code content} to a fresh temp file in the store's directory (synced if durable), returns its path. */
    private Path writeTemp(String forName, String content, boolean durable) throws IOException {
        sweepTemps();
        // Only the lock holder writes temp files, so one fixed name per target is enough (and any stale one
        // is a killed process's, deleted right here).
        Path temp = file(TEMP_PREFIX + forName);
        Files.deleteIfExists(temp);
        try (FileChannel ch = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), FILE_MODE)) {
            ByteBuffer buf = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            if (durable) {
                // The name only appears after the bytes are on disk, so even power loss leaves no empty
                // reservation. last_reserved_ip is only a round-robin hint and skips this.
                ch.force(false);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
    }

    /** Removes temp files of killed processes; safe because every writer holds the lock we hold. */
    private void sweepTemps() throws IOException {
        if (sweptTemps) {
            return;
        }
        sweptTemps = true;
        String[] names = dir.toFile().list();
        if (names == null) {
            throw new IOException("cannot list " + dir);
        }
        for (String name : names) {
            if (name.startsWith(TEMP_PREFIX)) {
                Files.deleteIfExists(dir.resolve(name));
            }
        }
    }

    @Override
    public Ip lastReserved(int rangeSetIndex) {
        try {
            String text = Files.readString(file(LAST_RESERVED_PREFIX + rangeSetIndex), StandardCharsets.UTF_8);
            return Ip.parseOrNull(text.strip());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Reads the directory once per call (we hold the lock, so it cannot change under us) and keeps it up to
     * date with our own changes. Also removes stale temp files on the way.
     */
    @Override
    public Map<Ip, Owner> reservations() throws IOException {
        if (snapshot != null) {
            return snapshot;
        }
        Map<Ip, Owner> found = new HashMap<>();
        // File.list: one native call giving bare names, much cheaper than a Path per entry.
        String[] names = dir.toFile().list();
        if (names == null) {
            throw new IOException("cannot list " + dir);
        }
        String prefix = dir.toString() + "/";
        for (String name : names) {
            if (name.startsWith(TEMP_PREFIX)) {
                Files.deleteIfExists(dir.resolve(name));
                continue;
            }
            Ip ip = Ip.parseOrNull(name);
            if (ip == null) {
                continue;
            }
            try {
                String content = SmallFiles.read(prefix + name);
                if (content != null) {
                    found.put(ip, new Owner(content.strip()));
                }
            } catch (IOException e) {
                // A directory, symlink or unreadable entry named like an address: it still blocks that address.
                found.put(ip, new Owner(""));
            }
        }
        snapshot = found;
        sweptTemps = true;
        return snapshot;
    }

    @Override
    public boolean release(Ip ip) throws IOException {
        boolean deleted = Files.deleteIfExists(file(ip.text()));
        if (snapshot != null) {
            snapshot.remove(ip);
        }
        return deleted;
    }

    @Override
    public void probeWritable() throws IOException {
        Path probe = writeTemp("probe", "", false);
        Files.delete(probe);
    }

    /** The reservations as read, unmodifiable (tests). */
    Map<Ip, Owner> view() throws IOException {
        return Collections.unmodifiableMap(reservations());
    }

    private Path file(String name) {
        Path p = dir.resolve(name);
        if (!dir.equals(p.getParent())) {
            throw new IllegalArgumentException("file name " + name + " would leave " + dir);
        }
        return p;
    }

    @Override
    public void close() {
        lock.close();
    }
}
