package io.jnet.netlink;

import io.jnet.inet.IpPrefix;
import java.net.InetAddress;
import java.util.Objects;

/**
 * What {@link Netlink#routeGet} asks the kernel: the route a packet with these fields would take
 * ({@code ip route get DST [from SRC] [iif DEV] [oif DEV] [mark M] [ipproto P] [sport S] [dport D]}). With an input
 * interface the kernel routes the packet as if it had arrived there (forwarding, martian and reverse-path checks
 * included), which needs the source address.
 *
 * @param dst     destination address
 * @param src     source address, or null to let the kernel pick (output lookups only)
 * @param iif     ifindex the packet arrives on, 0 for a packet sent from this namespace
 * @param oif     ifindex to send through, 0 for any
 * @param mark    the packet's fwmark, 0 for none
 * @param ipProto IP protocol number (6 tcp, 17 udp, 1 icmp), 0 for any (policy rules may match on it)
 * @param sport   source port, 0 for any
 * @param dport   destination port, 0 for any
 */
public record RouteLookup(InetAddress dst, InetAddress src, int iif, int oif, int mark, int ipProto, int sport, int dport) {

    public RouteLookup {
        Objects.requireNonNull(dst, "dst");
        if (src != null && src.getAddress().length != dst.getAddress().length) {
            throw new IllegalArgumentException("source " + IpPrefix.text(src) + " and destination " + IpPrefix.text(dst) + " differ in family");
        }
        if (iif > 0 && src == null) {
            throw new IllegalArgumentException("a lookup for a packet arriving on an interface needs its source address");
        }
    }

    /** A packet to {@code dst} sent from this namespace. */
    public static RouteLookup to(InetAddress dst) {
        return new RouteLookup(dst, null, 0, 0, 0, 0, 0, 0);
    }

    public RouteLookup from(InetAddress source) {
        return new RouteLookup(dst, source, iif, oif, mark, ipProto, sport, dport);
    }

    /** As if the packet had arrived on {@code ifindex}. */
    public RouteLookup arrivingOn(int ifindex) {
        return new RouteLookup(dst, src, ifindex, oif, mark, ipProto, sport, dport);
    }

    public RouteLookup withMark(int fwmark) {
        return new RouteLookup(dst, src, iif, oif, fwmark, ipProto, sport, dport);
    }

    public RouteLookup withPorts(int protocol, int sourcePort, int destinationPort) {
        return new RouteLookup(dst, src, iif, oif, mark, protocol, sourcePort, destinationPort);
    }

    public int family() {
        return dst.getAddress().length == 4 ? 2 : 10;
    }
}
