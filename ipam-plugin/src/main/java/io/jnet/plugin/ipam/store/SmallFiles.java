package io.jnet.plugin.ipam.store;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a reservation file (a few dozen bytes) with plain open/read/close. A store of 5000 reservations is
 * read on every ADD, and java.nio's per-file channel set-up costs several times the reading itself.
 */
final class SmallFiles {
    /** Covers every reservation the runtimes write (64-hex IDs); a longer file is read again the slow way. */
    private static final int BUFFER = 256;
    private static final int ENOENT = 2;

    private SmallFiles() {}

    /**
     * The file's content as UTF-8, or null when it does not exist. A symlink is not followed (O_NOFOLLOW:
     * ELOOP), so no entry can make us read outside the directory.
     *
     * @throws IOException for any other failure (EISDIR, ELOOP, EACCES...)
     */
    static String read(Path path) throws IOException {
        return read(path.toString());
    }

    /** {@link #read(Path)} for a path already in text form (saves a Path per file in directory scans). */
    static String read(String name) throws IOException {
        int fd;
        try {
            fd = Libc.open(name, Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENOENT) {
                return null;
            }
            throw new IOException("cannot open " + name + ": errno " + e.getErrorCode(), e);
        }
        try {
            byte[] buf = new byte[BUFFER];
            int n = readRetrying(fd, buf, name);
            if (n == BUFFER) {
                // Maybe longer: fall back to reading it whole (no symlink here: open above refused those).
                return new String(Files.readAllBytes(Path.of(name)), StandardCharsets.UTF_8);
            }
            // A regular file's read returns everything up to the count unless at end of file.
            return new String(buf, 0, n, StandardCharsets.UTF_8);
        } finally {
            Libc.close(fd);
        }
    }

    private static int readRetrying(int fd, byte[] buf, String name) throws IOException {
        while (true) {
            try {
                return Libc.read(fd, buf, buf.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Libc.EINTR) {
                    throw new IOException("cannot read " + name + ": errno " + e.getErrorCode(), e);
                }
            }
        }
    }
}
