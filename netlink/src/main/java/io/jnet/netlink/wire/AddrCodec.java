package io.jnet.netlink.wire;

import io.jnet.netlink.Addr;
import io.jnet.inet.IpPrefix;

import java.net.InetAddress;

import static io.jnet.netlink.wire.Rtnl.*;

/** Encodes address requests (RTM_NEWADDR / DELADDR / GETADDR) and decodes address messages. */
public final class AddrCodec {
    private AddrCodec() {}

    /** {@code ip addr add}: IPv4 gets its broadcast address, as the reference plugins' library sets it. */
    public static void add(MessageWriter w, Addr addr) {
        write(w, RTM_NEWADDR, Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | Nl.F_EXCL, addr);
    }

    public static void delete(MessageWriter w, Addr addr) {
        write(w, RTM_DELADDR, Nl.F_REQUEST | Nl.F_ACK, addr);
    }

    private static void write(MessageWriter w, int type, int flags, Addr addr) {
        IpPrefix p = addr.prefix();
        byte[] raw = p.address().getAddress();
        w.begin(type, flags).u8(p.family()).u8(p.length()).u8(addr.flags() & 0xff).u8(addr.scope()).u32(addr.linkIndex());
        w.attrBytes(IFA_LOCAL, raw).attrBytes(IFA_ADDRESS, raw);
        if (p.isIpv4() && p.length() < 31 && type == RTM_NEWADDR) {
            w.attrBytes(IFA_BROADCAST, p.broadcast().getAddress());
        }
        if (addr.label() != null && p.isIpv4()) {
            w.attrString(IFA_LABEL, addr.label());
        }
        if (addr.flags() > 0xff) {
            w.attrU32(IFA_FLAGS, addr.flags());
        }
    }

    /** Dump of one family (0 for both), filtered by the kernel to one link when {@code linkIndex} > 0. */
    public static void dump(MessageWriter w, int family, int linkIndex) {
        w.begin(RTM_GETADDR, Nl.F_REQUEST | Nl.F_DUMP).u8(family).u8(0).u8(0).u8(0).u32(linkIndex);
    }

    public static Addr decode(Message msg) {
        if (msg.type() != RTM_NEWADDR) {
            throw new MalformedMessageException("expected RTM_NEWADDR, got type " + msg.type());
        }
        int prefixLen = msg.u8(1);
        int flags = msg.u8(2);
        int scope = msg.u8(3);
        int index = msg.i32(4);
        Attributes a = msg.attributes(IFADDRMSG_LEN);
        // For IPv4 IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on point-to-point links.
        InetAddress address = a.has(IFA_LOCAL) ? a.address(IFA_LOCAL) : a.address(IFA_ADDRESS);
        if (address == null) {
            throw new MalformedMessageException("address message without IFA_LOCAL or IFA_ADDRESS");
        }
        return new Addr(index, new IpPrefix(address, prefixLen), scope, a.u32(IFA_FLAGS, flags), a.string(IFA_LABEL));
    }
}
