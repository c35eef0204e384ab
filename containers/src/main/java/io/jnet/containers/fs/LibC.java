package io.jnet.containers.fs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

/**
 * The only class of this module that binds libc through JNA (direct mapping). Callers go through
 * {@link Syscalls}, which turns errno into an {@link java.io.IOException} naming the call and the path.
 */
final class LibC {
    static {
        Native.register(LibC.class, "c");
    }

    private LibC() {}

    static native int mount(String source, String target, String fsType, long flags, String data) throws LastErrorException;

    static native int umount2(String target, int flags) throws LastErrorException;

    static native int mknod(String path, int mode, long dev) throws LastErrorException;

    static native int lsetxattr(String path, String name, byte[] value, long size, int flags) throws LastErrorException;

    static native long lgetxattr(String path, String name, byte[] value, long size) throws LastErrorException;

    static native int lchown(String path, int uid, int gid) throws LastErrorException;

    static native int chmod(String path, int mode) throws LastErrorException;

    static native int setsid() throws LastErrorException;

    /** open(2) is variadic; passing mode as a fixed third int is safe on the Linux ABIs Java runs on. */
    static native int open(String path, int flags, int mode) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int flock(int fd, int operation) throws LastErrorException;

    static native String strerror(int errnum);
}
