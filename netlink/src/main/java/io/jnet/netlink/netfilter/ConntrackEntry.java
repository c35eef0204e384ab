package io.jnet.netlink.netfilter;

import io.jnet.inet.IpPrefix;
import java.net.InetAddress;

/**
 * One connection tracking entry, by its original direction (as the first packet saw it, before any NAT).
 *
 * @param family   AF_INET (2) or AF_INET6 (10)
 * @param protocol the layer 4 protocol number (6 tcp, 17 udp, 132 sctp...)
 * @param source   the original source address
 * @param destination the original destination address
 * @param sourcePort  the original source port (0 for protocols without ports)
 * @param destinationPort the original destination port (0 for protocols without ports)
 * @param zone     the conntrack zone (0 by default)
 */
public record ConntrackEntry(int family, int protocol, InetAddress source, InetAddress destination, int sourcePort,
        int destinationPort, int zone) {

    @Override
    public String toString() {
        return SetKey.protocolName(protocol) + " src=" + IpPrefix.text(source) + " dst=" + IpPrefix.text(destination)
                + " sport=" + sourcePort + " dport=" + destinationPort + (zone != 0 ? " zone=" + zone : "");
    }
}
