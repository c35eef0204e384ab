package io.jnet.netlink.wire;

/** Netlink header constants (linux/netlink.h): message types, flags, socket options, error attributes. */
public final class Nl {
    public static final int HEADER_LEN = 16;
    public static final int NETLINK_ROUTE = 0;

    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;

    public static final int F_REQUEST = 0x1;
    public static final int F_MULTI = 0x2;
    public static final int F_ACK = 0x4;
    public static final int F_DUMP_INTR = 0x10;
    public static final int F_ROOT = 0x100;
    public static final int F_MATCH = 0x200;
    public static final int F_DUMP = F_ROOT | F_MATCH;
    public static final int F_REPLACE = 0x100;
    public static final int F_EXCL = 0x200;
    public static final int F_CREATE = 0x400;
    /** On an NLMSG_ERROR: the echoed request is only its header. */
    public static final int F_CAPPED = 0x100;
    /** On an NLMSG_ERROR: extended-ack attributes follow the echoed request. */
    public static final int F_ACK_TLVS = 0x200;

    public static final int NETLINK_CAP_ACK = 10;
    public static final int NETLINK_EXT_ACK = 11;
    public static final int NETLINK_GET_STRICT_CHK = 12;

    public static final int NLMSGERR_ATTR_MSG = 1;

    public static final int NLA_F_NESTED = 0x8000;
    public static final int NLA_TYPE_MASK = 0x3fff;

    private Nl() {}

    /** Rounds up to the 4-byte alignment of messages and attributes. */
    public static int align(int len) {
        return (len + 3) & ~3;
    }
}
