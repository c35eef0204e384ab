package io.jnet.cni.util;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Temporary files for write-then-rename. {@code Files.createTempFile} seeds a SecureRandom for the name, which
 * sets up the JCA providers (~10 ms of a short-lived process); a name of pid, clock and counter, created with
 * CREATE_NEW, is as safe in a directory only we write to.
 */
public final class TempFiles {
    private TempFiles() {}

    private static final AtomicLong COUNTER = new AtomicLong();

    /** Creates a new empty file {@code <prefix><unique>} in {@code dir} with permissions like "rw-------". */
    public static Path create(Path dir, String prefix, String permissions) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve(prefix + ProcessHandle.current().pid() + "-" + System.nanoTime() + "-" + COUNTER.incrementAndGet());
            try {
                return Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 9) { // a planted file cannot keep us looping
                    throw e;
                }
            }
        }
    }
}
