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
            return new LockFile(Libc.open(path.toString(), Libc.O_RDWR | Libc.O_CREAT | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0600));
        } catch (LastErrorException e) {
            throw new IOException("cannot open lock file " + path + ": errno " + e.getErrorCode(), e);
        }
    }

    /** Blocks until this process holds the lock exclusively. */
    public void lock() throws IOException {
        while (true) {
            try {
                Libc.flock(fd, Libc.LOCK_EX);
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Libc.EINTR) {
                    throw new IOException("flock(LOCK_EX) failed: errno " + e.getErrorCode(), e);
                }
            }
        }
    }

    /** Releases the lock and closes the file. */
    @Override
    public void close() {
        try {
            Libc.close(fd);
        } catch (LastErrorException e) {
            // Closing drops the lock whatever close() reports; nothing useful to do.
        }
    }
}
