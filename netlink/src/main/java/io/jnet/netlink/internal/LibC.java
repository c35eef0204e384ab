package io.jnet.netlink.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.ByteBuffer;

/**
 * The only class that binds libc through JNA (direct mapping: no reflection per call).
 * Buffers passed here must be direct; JNA hands native code the address at their position.
 * Callers go through {@link Syscalls}, which turns errno into {@code NetlinkException}.
 */
final class LibC {
    static {
        Native.register(LibC.class, "c");
    }

    private LibC() {}

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, ByteBuffer addr, int addrLen) throws LastErrorException;

    static native int getsockname(int fd, ByteBuffer addr, int[] addrLen) throws LastErrorException;

    static native int setsockopt(int fd, int level, int option, int[] value, int valueLen) throws LastErrorException;

    static native long sendto(int fd, ByteBuffer buf, long len, int flags, ByteBuffer addr, int addrLen)
            throws LastErrorException;

    static native long recvfrom(int fd, ByteBuffer buf, long len, int flags, ByteBuffer addr, int[] addrLen)
            throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    /** open(2) is variadic; passing mode as a fixed third int is safe on the Linux ABIs Java runs on. */
    static native int open(String path, int flags, int mode) throws LastErrorException;

    static native int setns(int fd, int nstype) throws LastErrorException;

    static native int unshare(int flags) throws LastErrorException;

    static native int mount(String source, String target, String fsType, long flags, Pointer data)
            throws LastErrorException;

    static native int umount2(String target, int flags) throws LastErrorException;

    static native int flock(int fd, int operation) throws LastErrorException;

    static native String strerror(int errnum);
}
