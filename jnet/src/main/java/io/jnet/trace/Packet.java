package io.jnet.trace;

import io.jnet.inet.IpPrefix;
import java.net.InetAddress;

/**
 * The first packet of a new connection as it travels: its addresses and ports change with NAT, its mark with MARK
 * rules; {@code dnat} records that conntrack saw its destination rewritten (what {@code --ctstate DNAT} matches).
 */
final class Packet {
    InetAddress src;
    InetAddress dst;
    final String proto;
    int sport;
    int dport;
    int mark;
    boolean dnat;

    Packet(InetAddress src, InetAddress dst, String proto, int sport, int dport) {
        this.src = src;
        this.dst = dst;
        this.proto = proto;
        this.sport = sport;
        this.dport = dport;
    }

    boolean ipv4() {
        return dst.getAddress().length == 4;
    }

    int family() {
        return ipv4() ? 2 : 10;
    }

    /** IP protocol number for route lookups: 6 tcp, 17 udp, 132 sctp, 1/58 icmp. */
    int protoNumber() {
        return switch (proto) {
            case "tcp" -> 6;
            case "udp" -> 17;
            case "sctp" -> 132;
            default -> ipv4() ? 1 : 58;
        };
    }

    boolean hasPorts() {
        return !proto.equals("icmp");
    }

    /** "172.17.0.2 -> 172.17.0.3:80/tcp" (or "... icmp echo"). */
    String describe() {
        return (src == null ? "(no source yet)" : IpPrefix.text(src)) + " -> " + endpoint(dst, dport);
    }

    String endpoint(InetAddress a, int port) {
        String host = IpPrefix.text(a);
        if (!hasPorts()) {
            return host + " (icmp echo)";
        }
        return (ipv4() ? host : "[" + host + "]") + ":" + port + "/" + proto;
    }
}
