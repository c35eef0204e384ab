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
        platformLibraryPath();
        Native.register(LibC.class, "c");
    }

    /**
     * Without {@code jna.platform.library.path}, JNA's first use runs {@code /sbin/ldconfig -p} to learn where
     * libraries live: a process started by every plugin call. The standard directories say the same for libc.
     */
    private static void platformLibraryPath() {
        if (System.getProperty("jna.platform.library.path") != null) {
            return;
        }
        String arch = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64", "arm64" -> "aarch64-linux-gnu";
            default -> System.getProperty("os.arch") + "-linux-gnu";
        };
        StringBuilder path = new StringBuilder();
        for (String dir : new String[] {"/usr/lib/" + arch, "/lib/" + arch, "/usr/lib64", "/lib64", "/usr/lib", "/lib"}) {
            if (new java.io.File(dir).isDirectory()) {
                path.append(path.length() == 0 ? "" : java.io.File.pathSeparator).append(dir);
            }
        }
        System.setProperty("jna.platform.library.path", path.toString());
    }

    private LibC() {}

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, ByteBuffer addr, int addrLen) throws LastErrorException;

    static native int getsockname(int fd, ByteBuffer addr, int[] addrLen) throws LastErrorException;

    static native int setsockopt(int fd, int level, int option, int[] value, int valueLen) throws LastErrorException;

    static native int getsockopt(int fd, int level, int option, long[] value, int[] valueLen) throws LastErrorException;

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
