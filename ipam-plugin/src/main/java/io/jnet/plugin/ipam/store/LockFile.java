package io.jnet.plugin.ipam.store;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The network directory's {@code lock} file held with flock(LOCK_EX), exactly what the reference takes, so
 * that jnet and the reference never work on one store at the same time. The lock goes with the process:
 * a killed plugin never leaves it held.
 */
public final class LockFile implements AutoCloseable {
    private final int fd;

    private LockFile(int fd) {
        this.fd = fd;
    }

    /** Opens (creating, mode 0600) the lock file; a symlink in its place is refused (O_NOFOLLOW). */
    public static LockFile open(Path path) throws IOException {
        try {
            return new LockFile(Flock.open(path.toString(), Flock.O_RDWR | Flock.O_CREAT | Flock.O_NOFOLLOW | Flock.O_CLOEXEC, 0600));
        } catch (LastErrorException e) {
            throw new IOException("cannot open lock file " + path + ": errno " + e.getErrorCode(), e);
        }
    }

    /** Blocks until this process holds the lock exclusively. */
    public void lock() throws IOException {
        while (true) {
            try {
                Flock.flock(fd, Flock.LOCK_EX);
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Flock.EINTR) {
                    throw new IOException("flock(LOCK_EX) failed: errno " + e.getErrorCode(), e);
                }
            }
        }
    }

    /** Releases the lock and closes the file. */
    @Override
    public void close() {
        try {
            Flock.close(fd);
        } catch (LastErrorException e) {
            // Closing drops the lock whatever close() reports; nothing useful to do.
        }
    }
}
