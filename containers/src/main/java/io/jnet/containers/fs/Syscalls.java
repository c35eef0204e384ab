package io.jnet.containers.fs;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The file-system system calls Java has no API for: mount, device nodes, xattrs, ownership of symlinks. */
public final class Syscalls {
    /** umount2 flag: detach now, finish when the mount is no longer busy. */
    public static final int MNT_DETACH = 2;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFIFO = 0010000;
    static final int ENODATA = 61;
    static final int EINVAL = 22;
    static final int ENOENT = 2;

    private Syscalls() {}

    /** mount(2) without a source device (overlay, tmpfs): {@code mount -t TYPE -o DATA none TARGET}. */
    public static void mount(String source, Path target, String fsType, long flags, String data) throws IOException {
        try {
            LibC.mount(source, target.toString(), fsType, flags, data);
        } catch (LastErrorException e) {
            throw error("mount " + fsType + " on " + target, e);
        }
    }

    /** umount2(2); a target that is not mounted (EINVAL) or gone (ENOENT) counts as done. */
    public static void unmount(Path target, int flags) throws IOException {
        try {
            LibC.umount2(target.toString(), flags);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EINVAL || e.getErrorCode() == ENOENT) {
                return;
            }
            throw error("umount " + target, e);
        }
    }

    /** mknod(2): {@code type} is S_IFCHR, S_IFBLK or S_IFIFO; the permission bits come from {@code mode}. */
    public static void mknod(Path path, int type, int mode, int major, int minor) throws IOException {
        try {
            LibC.mknod(path.toString(), type | (mode & 07777), makedev(major, minor));
        } catch (LastErrorException e) {
            throw error("mknod " + path, e);
        }
    }

    /** lsetxattr(2) of a text value (overlayfs's {@code trusted.overlay.opaque = y}). */
    public static void setXattr(Path path, String name, String value) throws IOException {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        try {
            LibC.lsetxattr(path.toString(), name, v, v.length, 0);
        } catch (LastErrorException e) {
            throw error("setxattr " + name + " on " + path, e);
        }
    }

    /** lgetxattr(2) as text, or null when the attribute is not set. */
    public static String getXattr(Path path, String name) throws IOException {
        byte[] buf = new byte[256];
        try {
            long n = LibC.lgetxattr(path.toString(), name, buf, buf.length);
            return new String(buf, 0, (int) n, StandardCharsets.UTF_8);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENODATA) {
                return null;
            }
            throw error("getxattr " + name + " on " + path, e);
        }
    }

    /** lchown(2): owner of the path itself, never of what a symlink points to. */
    public static void lchown(Path path, int uid, int gid) throws IOException {
        try {
            LibC.lchown(path.toString(), uid, gid);
        } catch (LastErrorException e) {
            throw error("lchown " + path, e);
        }
    }

    /** chmod(2) with all twelve bits (Java's permissions lack setuid, setgid and sticky). Never on a symlink. */
    public static void chmod(Path path, int mode) throws IOException {
        try {
            LibC.chmod(path.toString(), mode & 07777);
        } catch (LastErrorException e) {
            throw error("chmod " + path, e);
        }
    }

    /** setsid(2): a new session, so the terminal's hang-up and Ctrl-C no longer reach this process. */
    public static void setsid() throws IOException {
        try {
            LibC.setsid();
        } catch (LastErrorException e) {
            throw error("setsid", e);
        }
    }

    // glibc's gnu_dev_makedev
    static long makedev(int major, int minor) {
        long ma = major & 0xffffffffL;
        long mi = minor & 0xffffffffL;
        return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
    }

    private static IOException error(String what, LastErrorException e) {
        return new IOException(what + ": " + LibC.strerror(e.getErrorCode()) + " (errno " + e.getErrorCode() + ")", e);
    }
}
