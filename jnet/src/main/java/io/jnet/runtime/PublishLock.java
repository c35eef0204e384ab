package io.jnet.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Serialises the attaches that pick host ports ({@code -p 80}, {@code -p 8000-8010:80}) from choosing to the end
 * of their ADD: another attach picking at the same time would see the same port free. The lock file,
 * {@code <stateDir>/publish.lock}, is kept (mode 0600) like the firewall lock.
 */
final class PublishLock implements AutoCloseable {
    private final FileChannel channel;

    private PublishLock(FileChannel channel) {
        this.channel = channel;
    }

    /** Blocks until the lock is held; when {@code needed} is false, holds nothing. */
    static PublishLock take(Path stateDir, boolean needed) {
        if (!needed) {
            return new PublishLock(null);
        }
        Path file = stateDir.resolve("publish.lock");
        try {
            if (!Files.isDirectory(stateDir)) {
                Files.createDirectories(stateDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (Files.isSymbolicLink(file)) {
                throw new IOException(file + " is a symbolic link");
            }
            FileChannel ch = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                FileLock unused = ch.lock(); // released when the channel closes
                return new PublishLock(ch);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            throw JnetException.failed("cannot take " + file + ": " + e.getMessage(), "check --state-dir (run as root)", e);
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing releases the lock in any case
            }
        }
    }
}
