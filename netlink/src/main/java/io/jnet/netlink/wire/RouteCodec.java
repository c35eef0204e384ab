package io.jnet.netlink.wire;

import io.jnet.inet.IpPrefix;
import io.jnet.netlink.Route;
import io.jnet.netlink.RouteLookup;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static io.jnet.netlink.wire.Rtnl.*;

/** Encodes route requests (RTM_NEWROUTE / DELROUTE / GETROUTE) and decodes route messages. */
public final class RouteCodec {
    /** RT_SCOPE_NOWHERE on a delete: match whatever scope the route has. */
    private static final int SCOPE_ANY = 255;
    /** Protocol 0 on a delete: match whatever protocol the route has (kernel, boot, static, dhcp...). */
    private static final int PROTOCOL_ANY = 0;

    private RouteCodec() {}

    public static void add(MessageWriter w, Route route) {
        write(w, RTM_NEWROUTE, Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | Nl.F_EXCL, route, route.scope(), route.protocol());
    }

    /** {@code ip route prepend}: NLM_F_CREATE without EXCL, so a route to the same destination and metric lands beside the others. */
    public static void prepend(MessageWriter w, Route route) {
        write(w, RTM_NEWROUTE, Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE, route, route.scope(), route.protocol());
    }

    public static void replace(MessageWriter w, Route route) {
        write(w, RTM_NEWROUTE, Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | Nl.F_REPLACE, route, route.scope(), route.protocol());
    }

    /**
     * Like {@code ip route del}, which sends neither scope nor protocol unless told: the kernel
     * compares a non-zero rtm_protocol, so sending the builder's default (boot) would miss every
     * route the kernel made itself (proto kernel) with ESRCH.
     */
    public static void delete(MessageWriter w, Route route) {
        write(w, RTM_DELROUTE, Nl.F_REQUEST | Nl.F_ACK, route, SCOPE_ANY, PROTOCOL_ANY);
    }

    private static void write(MessageWriter w, int type, int flags, Route r, int scope, int protocol) {
        int dstLen = r.dst() == null ? 0 : r.dst().length();
        int table = r.table();
        w.begin(type, flags).u8(r.family()).u8(dstLen).u8(0).u8(0)
                .u8(table < 256 ? table : 252).u8(protocol).u8(scope).u8(r.type()).u32(0);
        if (dstLen > 0) {
            w.attrBytes(RTA_DST, r.dst().address().getAddress());
        }
        if (r.gateway() != null) {
            w.attrBytes(RTA_GATEWAY, r.gateway().getAddress());
        }
        if (r.oif() > 0) {
            w.attrU32(RTA_OIF, r.oif());
        }
        if (r.metric() > 0) {
            w.attrU32(RTA_PRIORITY, r.metric());
        }
        if (r.prefSrc() != null) {
            w.attrBytes(RTA_PREFSRC, r.prefSrc().getAddress());
        }
        w.attrU32(RTA_TABLE, table);
        if (r.mtu() > 0 || r.advmss() > 0) {
            int metrics = w.beginNest(RTA_METRICS);
            if (r.mtu() > 0) {
                w.attrU32(RTAX_MTU, r.mtu());
            }
            if (r.advmss() > 0) {
                w.attrU32(RTAX_ADVMSS, r.advmss());
            }
            w.endNest(metrics);
        }
    }

    public static void dump(MessageWriter w, int family) {
        w.begin(RTM_GETROUTE, Nl.F_REQUEST | Nl.F_DUMP).u8(family).u8(0).u8(0).u8(0)
                .u8(0).u8(0).u8(0).u8(0).u32(0);
    }

    /**
     * A route message as routes: one per next hop of a multipath route (IPv6 joins routes to the same destination
     * and metric into one), each with that hop's gateway and device, as {@code ip route} lists them; else just
     * {@link #decode}'s.
     */
    public static List<Route> decodeAll(Message msg) {
        Route route = decode(msg);
        Attributes a = msg.attributes(RTMSG_LEN);
        if (!a.has(RTA_MULTIPATH)) {
            return List.of(route);
        }
        ByteBuffer buf = msg.buffer();
        int pos = a.offset(RTA_MULTIPATH);
        int end = pos + a.length(RTA_MULTIPATH);
        List<Route> hops = new ArrayList<>();
        while (pos + RTNEXTHOP_LEN <= end) {
            int len = Short.toUnsignedInt(buf.getShort(pos));
            if (len < RTNEXTHOP_LEN || pos + len > end) {
                throw new MalformedMessageException("next hop of length " + len + " at " + pos + " overruns the multipath attribute");
            }
            int oif = buf.getInt(pos + 4);
            Attributes hop = Attributes.parse(buf, pos + RTNEXTHOP_LEN, pos + len);
            hops.add(new Route(route.family(), route.dst(), hop.address(RTA_GATEWAY), oif, route.scope(), route.table(),
                    route.metric(), route.protocol(), route.type(), route.prefSrc(), route.mtu(), route.advmss()));
            pos += Nl.align(len);
        }
        return hops;
    }

    /**
     * {@code ip route get}: one RTM_GETROUTE for a single packet, answered with the route it takes. The ports go in
     * network byte order; protocol and ports only since kernel 4.17 (older ones ignore them).
     */
    public static void get(MessageWriter w, RouteLookup q) {
        int bits = q.family() == AF_INET ? 32 : 128;
        // RTM_F_LOOKUP_TABLE: an IPv4 answer names the table the route came from (else it says main), as ip asks;
        // IPv6 always names it and refuses the flag under strict checking
        w.begin(RTM_GETROUTE, Nl.F_REQUEST).u8(q.family()).u8(bits).u8(q.src() == null ? 0 : bits).u8(0)
                .u8(0).u8(0).u8(0).u8(0).u32(q.family() == AF_INET ? RTM_F_LOOKUP_TABLE : 0);
        w.attrBytes(RTA_DST, q.dst().getAddress());
        if (q.src() != null) {
            w.attrBytes(RTA_SRC, q.src().getAddress());
        }
        if (q.iif() > 0) {
            w.attrU32(RTA_IIF, q.iif());
        }
        if (q.oif() > 0) {
            w.attrU32(RTA_OIF, q.oif());
        }
        if (q.mark() != 0) {
            w.attrU32(RTA_MARK, q.mark());
        }
        if (q.ipProto() > 0) {
            w.attrU8(RTA_IP_PROTO, q.ipProto());
        }
        if (q.sport() > 0) {
            w.attrBytes(RTA_SPORT, new byte[] {(byte) (q.sport() >> 8), (byte) q.sport()});
        }
        if (q.dport() > 0) {
            w.attrBytes(RTA_DPORT, new byte[] {(byte) (q.dport() >> 8), (byte) q.dport()});
        }
    }

    public static Route decode(Message msg) {
        if (msg.type() != RTM_NEWROUTE) {
            throw new MalformedMessageException("expected RTM_NEWROUTE, got type " + msg.type());
        }
        int family = msg.u8(0);
        int dstLen = msg.u8(1);
        Attributes a = msg.attributes(RTMSG_LEN);
        InetAddress dst = a.address(RTA_DST);
        IpPrefix prefix = null;
        if (dst != null) {
            prefix = new IpPrefix(dst, dstLen);
        }
        Attributes metrics = a.nested(RTA_METRICS);
        return new Route(family, prefix, a.address(RTA_GATEWAY), a.u32(RTA_OIF, 0), msg.u8(6),
                a.u32(RTA_TABLE, msg.u8(4)), a.u32(RTA_PRIORITY, 0), msg.u8(5), msg.u8(7),
                a.address(RTA_PREFSRC), metrics.u32(RTAX_MTU, 0), metrics.u32(RTAX_ADVMSS, 0));
    }
}
