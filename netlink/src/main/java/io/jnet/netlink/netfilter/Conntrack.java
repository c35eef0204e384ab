package io.jnet.netlink.netfilter;

import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.NotFoundException;
import io.jnet.netlink.internal.NetlinkSocket;
import io.jnet.netlink.ns.NetNs;
import io.jnet.netlink.wire.MalformedMessageException;
import io.jnet.netlink.wire.Message;
import io.jnet.netlink.wire.Nl;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A handle on one network namespace's connection tracking table through ctnetlink (what the {@code conntrack}
 * tool speaks): list entries, and delete those going to a port, with no {@code conntrack} process. The socket is
 * created inside the namespace once and is then usable from any thread.
 */
public final class Conntrack implements AutoCloseable {
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    private static final int MSG_GET = 1;
    private static final int MSG_DELETE = 2;
    private static final int CTA_TUPLE_ORIG = 1;
    private static final int CTA_ZONE = 18;
    private static final int CTA_TUPLE_IP = 1;
    private static final int CTA_TUPLE_PROTO = 2;
    private static final int CTA_IP_V4_SRC = 1;
    private static final int CTA_IP_V4_DST = 2;
    private static final int CTA_IP_V6_SRC = 3;
    private static final int CTA_IP_V6_DST = 4;
    private static final int CTA_PROTO_NUM = 1;
    private static final int CTA_PROTO_SRC_PORT = 2;
    private static final int CTA_PROTO_DST_PORT = 3;

    private final NetlinkSocket socket;

    private Conntrack(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** A handle on the calling thread's namespace. */
    public static Conntrack open() throws NetlinkException {
        return new Conntrack(NetlinkSocket.open(Nft.NETLINK_NETFILTER));
    }

    /** A handle on {@code netns}, usable from any thread. */
    public static Conntrack open(NetNs netns) throws NetlinkException {
        return new Conntrack(netns.call(() -> NetlinkSocket.open(Nft.NETLINK_NETFILTER)));
    }

    /** {@code conntrack -L -f ipv4|ipv6}: every entry of one family (AF_INET or AF_INET6). */
    public List<ConntrackEntry> list(int family) throws NetlinkException {
        byte[] req = request(MSG_GET, Nl.F_REQUEST | Nl.F_DUMP, family, w -> { });
        List<ConntrackEntry> out = new ArrayList<>();
        for (Message m : socket.dump("conntrack -L -f " + familyName(family), w -> w.raw(req))) {
            ConntrackEntry e = decode(m);
            if (e != null && e.family() == family) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * {@code conntrack -D -f ipv4|ipv6 -p PROTO --dport PORT [--orig-dst ADDRESS]}: deletes every entry whose
     * original direction went to {@code port} over {@code protocol} (and to {@code address}, unless null).
     * Returns how many were deleted; entries that vanish meanwhile are not an error.
     */
    public int deleteByOriginalDestination(int family, int protocol, int port, InetAddress address)
            throws NetlinkException {
        int deleted = 0;
        for (ConntrackEntry e : list(family)) {
            if (e.protocol() != protocol || e.destinationPort() != port
                    || (address != null && !address.equals(e.destination()))) {
                continue;
            }
            byte[] req = request(MSG_DELETE, Nl.F_REQUEST | Nl.F_ACK, family, w -> encodeTuple(w, e));
            try {
                socket.execute("conntrack -D -f " + familyName(family) + " " + e, w -> w.raw(req));
                deleted++;
            } catch (NotFoundException gone) {
                // timed out or deleted by someone else since the listing
            }
        }
        return deleted;
    }

    private static void encodeTuple(NfWriter w, ConntrackEntry e) {
        boolean v6 = e.family() == AF_INET6;
        int tuple = w.nest(CTA_TUPLE_ORIG);
        int ip = w.nest(CTA_TUPLE_IP);
        w.bytes(v6 ? CTA_IP_V6_SRC : CTA_IP_V4_SRC, e.source().getAddress());
        w.bytes(v6 ? CTA_IP_V6_DST : CTA_IP_V4_DST, e.destination().getAddress());
        w.close(ip);
        int proto = w.nest(CTA_TUPLE_PROTO);
        w.u8(CTA_PROTO_NUM, e.protocol());
        w.be16(CTA_PROTO_SRC_PORT, e.sourcePort());
        w.be16(CTA_PROTO_DST_PORT, e.destinationPort());
        w.close(proto);
        w.close(tuple);
        if (e.zone() != 0) {
            w.be16(CTA_ZONE, e.zone());
        }
    }

    /** An entry of a dump; null for one without an original tuple. */
    static ConntrackEntry decode(Message m) {
        NfAttrs a = NfAttrs.of(m);
        NfAttrs tuple = a.nested(CTA_TUPLE_ORIG);
        if (tuple.isEmpty()) {
            return null;
        }
        NfAttrs ip = tuple.nested(CTA_TUPLE_IP);
        NfAttrs proto = tuple.nested(CTA_TUPLE_PROTO);
        int family = m.u8(0);
        boolean v6 = ip.has(CTA_IP_V6_SRC);
        return new ConntrackEntry(v6 ? AF_INET6 : family, proto.u8(CTA_PROTO_NUM, 0),
                address(ip.bytes(v6 ? CTA_IP_V6_SRC : CTA_IP_V4_SRC)), address(ip.bytes(v6 ? CTA_IP_V6_DST : CTA_IP_V4_DST)),
                proto.be16(CTA_PROTO_SRC_PORT, 0), proto.be16(CTA_PROTO_DST_PORT, 0), a.be16(CTA_ZONE, 0));
    }

    private static InetAddress address(byte[] raw) {
        if (raw == null) {
            throw new MalformedMessageException("conntrack tuple without an address");
        }
        try {
            return raw.length == 16 ? Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new MalformedMessageException("conntrack address of " + raw.length + " bytes");
        }
    }

    private static byte[] request(int msg, int flags, int family, java.util.function.Consumer<NfWriter> attrs) {
        NfWriter w = new NfWriter(256);
        w.begin((Nft.NFNL_SUBSYS_CTNETLINK << 8) | msg, flags, family, 0);
        attrs.accept(w);
        w.end();
        return w.toBytes();
    }

    private static String familyName(int family) {
        return family == AF_INET6 ? "ipv6" : "ipv4";
    }

    @Override
    public void close() {
        socket.close();
    }
}
