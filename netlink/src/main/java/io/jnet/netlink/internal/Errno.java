package io.jnet.netlink.internal;

/** The errno values this library names or branches on (Linux generic values, same on x86_64 and arm64). */
public final class Errno {
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ETXTBSY = 26;
    public static final int ERANGE = 34;
    public static final int ELOOP = 40;
    public static final int EPROTO = 71;
    public static final int EMSGSIZE = 90;
    public static final int ENOPROTOOPT = 92;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENOBUFS = 105;

    private Errno() {}

    /** The C library's text for an errno, e.g. "File exists". */
    public static String describe(int errno) {
        String text = LibC.strerror(errno);
        return text == null ? "errno " + errno : text;
    }
}
