package io.jnet.containers.fs;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Exclusive flock(2) locks on lock files, between processes: the kernel drops a lock when its holder dies, so
 * a lock that can be taken tells that its last holder is gone. flock rather than Java's FileLock (POSIX record
 * locks), because closing any descriptor of a file drops every record lock the process holds on it: asking
 * "is it held?" from the holding process would silently release it.
 */
public final class FileLocks {
    private static final int O_RDWR = 02;
    private static final int O_CREAT = 0100;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_CLOEXEC = 02000000;
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int EWOULDBLOCK = 11;
    private static final int EINTR = 4;

    /** A held lock; closing releases it. */
    public static final class Held implements AutoCloseable {
        private int fd;

        private Held(int fd) {
            this.fd = fd;
        }

        @Override
        public synchronized void close() {
            if (fd >= 0) {
                try {
                    LibC.close(fd);
                } catch (LastErrorException ignored) {
                    // the descriptor is gone either way, and with it the lock
                }
                fd = -1;
            }
        }
    }

    private FileLocks() {}

    /** Takes the lock, waiting for its holder. The file is created (mode 0600) when missing. */
    public static Held lock(Path file) throws IOException {
        int fd = open(file);
        while (true) {
            try {
                LibC.flock(fd, LOCK_EX);
                return new Held(fd);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    closeQuietly(fd);
                    throw new IOException("flock " + file + ": " + LibC.strerror(e.getErrorCode()), e);
                }
            }
        }
    }

    /** Takes the lock when nobody holds it; empty when a live process (or another holder in this one) does. */
    public static Optional<Held> tryLock(Path file) throws IOException {
        int fd = open(file);
        try {
            LibC.flock(fd, LOCK_EX | LOCK_NB);
            return Optional.of(new Held(fd));
        } catch (LastErrorException e) {
            closeQuietly(fd);
            if (e.getErrorCode() == EWOULDBLOCK) {
                return Optional.empty();
            }
            throw new IOException("flock " + file + ": " + LibC.strerror(e.getErrorCode()), e);
        }
    }

    /** Waits up to {@code millis} for the lock; empty when it stayed held. */
    public static Optional<Held> lock(Path file, long millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            Optional<Held> h = tryLock(file);
            if (h.isPresent() || System.nanoTime() > deadline) {
                return h;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** Whether someone holds the lock (a missing file is not held). */
    public static boolean isHeld(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            Optional<Held> h = tryLock(file);
            h.ifPresent(Held::close);
            return h.isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static int open(Path file) throws IOException {
        try {
            return LibC.open(file.toString(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        } catch (LastErrorException e) {
            throw new IOException("open " + file + ": " + LibC.strerror(e.getErrorCode()), e);
        }
    }

    private static void closeQuietly(int fd) {
        try {
            LibC.close(fd);
        } catch (LastErrorException ignored) {
            // nothing was locked through it
        }
    }
}
