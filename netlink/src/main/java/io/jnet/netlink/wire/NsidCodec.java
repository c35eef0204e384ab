package io.jnet.netlink.wire;

import static io.jnet.netlink.wire.Rtnl.*;

/** Encodes RTM_GETNSID (the ID a namespace has in the socket's namespace) and decodes the RTM_NEWNSID answer. */
public final class NsidCodec {
    /** NETNSA_NSID_NOT_ASSIGNED: the two namespaces have no ID for each other yet. */
    public static final int NOT_ASSIGNED = -1;

    private NsidCodec() {}

    /** The ID of the namespace open at {@code fd}, as seen from the socket's namespace. */
    public static void get(MessageWriter w, int fd) {
        w.begin(RTM_GETNSID, Nl.F_REQUEST).u8(AF_UNSPEC).u8(0).u8(0).u8(0).attrU32(NETNSA_FD, fd);
    }

    public static int decode(Message msg) {
        if (msg.type() != RTM_NEWNSID) {
            throw new MalformedMessageException("expected RTM_NEWNSID, got type " + msg.type());
        }
        return msg.attributes(RTGENMSG_LEN).u32(NETNSA_NSID, NOT_ASSIGNED);
    }
}
