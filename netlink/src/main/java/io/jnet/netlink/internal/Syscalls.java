package io.jnet.netlink.internal;

import com.sun.jna.LastErrorException;
import io.jnet.netlink.NetlinkException;

import java.nio.ByteBuffer;

/**
 * Checked wrappers over {@link LibC}: each call names its operation so a failure reads as
 * "setns /run/netns/red: Operation not permitted (errno 1)". EINTR is retried where it can occur.
 */
public final class Syscalls {
    public static final int AF_NETLINK = 16;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_SNDBUF = 7;
    /** The socket's network namespace as a number never reused while the machine runs (Linux 5.14+). */
    public static final int SO_NETNS_COOKIE = 71;
    public static final int SO_RCVBUF = 8;
    public static final int SO_SNDBUFFORCE = 32;
    public static final int SOL_NETLINK = 270;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;

    public static final int O_RDONLY = 0;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0x40;
    public static final int O_EXCL = 0x80;
    public static final int O_NOFOLLOW = 0x20000;
    public static final int O_CLOEXEC = 0x80000;

    public static final int CLONE_NEWNET = 0x40000000;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_SHARED = 1 << 20;
    public static final int MNT_DETACH = 2;

    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;
    public static final int LOCK_UN = 8;

    private Syscalls() {}

    public static int socket(int domain, int type, int protocol) throws NetlinkException {
        try {
            return LibC.socket(domain, type, protocol);
        } catch (LastErrorException e) {
            throw fail(e, "socket");
        }
    }

    public static void bind(int fd, ByteBuffer addr, int len) throws NetlinkException {
        try {
            LibC.bind(fd, fromStart(addr), len);
        } catch (LastErrorException e) {
            throw fail(e, "bind");
        }
    }

    public static void getsockname(int fd, ByteBuffer addr) throws NetlinkException {
        try {
            LibC.getsockname(fd, fromStart(addr), new int[] {addr.capacity()});
        } catch (LastErrorException e) {
            throw fail(e, "getsockname");
        }
    }

    public static void setsockopt(int fd, int level, int option, int value, String name) throws NetlinkException {
        try {
            LibC.setsockopt(fd, level, option, new int[] {value}, 4);
        } catch (LastErrorException e) {
            throw fail(e, "setsockopt " + name);
        }
    }

    /** A socket option whose value is a 64-bit integer. */
    public static long getsockoptLong(int fd, int level, int option, String name) throws NetlinkException {
        long[] value = new long[1];
        try {
            LibC.getsockopt(fd, level, option, value, new int[] {8});
        } catch (LastErrorException e) {
            throw fail(e, "getsockopt " + name);
        }
        return value[0];
    }

    public static void sendto(int fd, ByteBuffer buf, int len, ByteBuffer addr, int addrLen) throws NetlinkException {
        while (true) {
            try {
                long sent = LibC.sendto(fd, fromStart(buf), len, 0, fromStart(addr), addrLen);
                if (sent != len) {
                    throw new NetlinkException(Errno.EMSGSIZE, "sendto (short write " + sent + "/" + len + ")", null);
                }
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw fail(e, "sendto");
                }
            }
        }
    }

    /** Receives one datagram; returns its real length, which exceeds {@code len} when it was truncated. */
    public static int recvfrom(int fd, ByteBuffer buf, int len, ByteBuffer addr) throws NetlinkException {
        return recvfrom(fd, buf, len, addr, 0);
    }

    /** The same with extra flags ({@link #MSG_DONTWAIT}: EAGAIN instead of waiting when nothing is queued). */
    public static int recvfrom(int fd, ByteBuffer buf, int len, ByteBuffer addr, int flags) throws NetlinkException {
        while (true) {
            try {
                return (int) LibC.recvfrom(fd, fromStart(buf), len, MSG_TRUNC | flags, fromStart(addr), new int[] {addr.capacity()});
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw fail(e, "recvfrom");
                }
            }
        }
    }

    public static void close(int fd) {
        try {
            LibC.close(fd);
        } catch (LastErrorException ignored) {
            // close(2) releases the descriptor even when it reports an error; nothing to retry.
        }
    }

    public static int open(String path, int flags, int mode) throws NetlinkException {
        while (true) {
            try {
                return LibC.open(path, flags | O_CLOEXEC, mode);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw fail(e, "open " + path);
                }
            }
        }
    }

    public static void setns(int fd, int nstype, String what) throws NetlinkException {
        try {
            LibC.setns(fd, nstype);
        } catch (LastErrorException e) {
            throw fail(e, "setns " + what);
        }
    }

    public static void unshare(int flags) throws NetlinkException {
        try {
            LibC.unshare(flags);
        } catch (LastErrorException e) {
            throw fail(e, "unshare");
        }
    }

    public static void mount(String source, String target, String fsType, long flags) throws NetlinkException {
        try {
            LibC.mount(source, target, fsType, flags, null);
        } catch (LastErrorException e) {
            throw fail(e, "mount " + target);
        }
    }

    public static void umount2(String target, int flags) throws NetlinkException {
        try {
            LibC.umount2(target, flags);
        } catch (LastErrorException e) {
            throw fail(e, "umount " + target);
        }
    }

    /** flock(2) (not fcntl locks), so jnet and Go programs using flock exclude each other. */
    public static void flock(int fd, int operation, String what) throws NetlinkException {
        while (true) {
            try {
                LibC.flock(fd, operation);
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw fail(e, "flock " + what);
                }
            }
        }
    }

    private static NetlinkException fail(LastErrorException e, String operation) {
        return NetlinkException.of(e.getErrorCode(), operation, null);
    }

    /** JNA passes a direct buffer from its position; syscalls here always mean the buffer's start. */
    private static ByteBuffer fromStart(ByteBuffer buf) {
        return buf.position() == 0 ? buf : buf.duplicate().position(0);
    }
}
