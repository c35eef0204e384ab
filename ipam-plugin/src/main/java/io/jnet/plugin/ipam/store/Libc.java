package io.jnet.plugin.ipam.store;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The libc calls the store needs, direct-mapped (cheap to bind, no proxies). flock(2) rather than Java's
 * FileChannel.lock, which takes fcntl record locks: those do not exclude the reference plugin's flock.
 * open/read/close also read the many tiny reservation files at a fraction of the cost of java.nio channels.
 */
final class Libc {
    static final int O_RDONLY = 0;
    static final int O_RDWR = 02;
    static final int O_CREAT = 0100;
    static final int O_NOFOLLOW = 0400000;
    static final int O_CLOEXEC = 02000000;
    static final int LOCK_EX = 2;
    static final int LOCK_UN = 8;
    static final int EINTR = 4;

    static {
        // The JVM's own libc is already in the process: binding to it skips JNA's library search.
        Native.register(Libc.class, NativeLibrary.getProcess());
    }

    private Libc() {}

    static native int open(String path, int flags, int mode) throws LastErrorException;

    static native int flock(int fd, int operation) throws LastErrorException;

    static native int read(int fd, byte[] buf, int count) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;
}
