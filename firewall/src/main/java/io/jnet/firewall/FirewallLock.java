package io.jnet.firewall;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Semaphore;

/**
 * Serialises jnet's read-modify-write of shared chains across plugin processes: iptables-restore
 * holds the xtables lock only while it runs, so between reading a table and applying a transaction
 * another call could create or remove a chain we rely on. One lock for all namespaces keeps it simple;
 * each holder keeps it for a few milliseconds. File locks exclude processes only (a second lock from the same JVM
 * throws OverlappingFileLockException), so calls that share a JVM (the engine) queue on {@link #IN_JVM} first.
 */
public final class FirewallLock implements AutoCloseable {
    private static final Path DEFAULT = Path.of("/run/lock/jnet-firewall.lock");
    private static final Semaphore IN_JVM = new Semaphore(1, true);

    private final FileChannel channel;
    private final FileLock lock;

    private FirewallLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Blocks until the machine-wide jnet firewall lock is held. */
    public static FirewallLock acquire() throws FirewallException {
        Path file = Files.isDirectory(DEFAULT.getParent()) ? DEFAULT : Path.of(System.getProperty("java.io.tmpdir"), "jnet-firewall.lock");
        IN_JVM.acquireUninterruptibly();
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new FirewallLock(ch, ch.lock());
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            IN_JVM.release();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new FirewallException("cannot take the firewall lock " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        } finally {
            IN_JVM.release();
        }
    }
}
