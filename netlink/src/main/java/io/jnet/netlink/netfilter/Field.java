package io.jnet.netlink.netfilter;

import io.jnet.netlink.netfilter.expr.Expr;
import io.jnet.netlink.netfilter.expr.Meta;
import io.jnet.netlink.netfilter.expr.Payload;

/**
 * A packet field a rule can match or look up in a set: how it is loaded into a register, its nft type and
 * length, and how nft writes it ({@code ip saddr}, {@code th dport}, {@code iifname}).
 */
public enum Field {
    IP_SADDR("ip saddr", Nft.TYPE_IPADDR, 4, Payload.NETWORK, 12),
    IP_DADDR("ip daddr", Nft.TYPE_IPADDR, 4, Payload.NETWORK, 16),
    IP6_SADDR("ip6 saddr", Nft.TYPE_IP6ADDR, 16, Payload.NETWORK, 8),
    IP6_DADDR("ip6 daddr", Nft.TYPE_IP6ADDR, 16, Payload.NETWORK, 24),
    /** The transport header's destination port, whatever the protocol (tcp, udp, sctp share its place). */
    TH_DPORT("th dport", Nft.TYPE_INET_SERVICE, 2, Payload.TRANSPORT, 2),
    ETHER_SADDR("ether saddr", Nft.TYPE_ETHERADDR, 6, Payload.LINK, 6),
    L4PROTO("meta l4proto", Nft.TYPE_INET_PROTOCOL, 1, -1, Meta.L4PROTO),
    MARK("meta mark", Nft.TYPE_MARK, 4, -1, Meta.MARK),
    IIFNAME("iifname", Nft.TYPE_IFNAME, 16, -1, Meta.IIFNAME),
    OIFNAME("oifname", Nft.TYPE_IFNAME, 16, -1, Meta.OIFNAME);

    private final String text;
    private final int type;
    private final int length;
    private final int base;
    /** The payload offset, or the meta key of a field the meta expression loads. */
    private final int offsetOrKey;

    Field(String text, int type, int length, int base, int offsetOrKey) {
        this.text = text;
        this.type = type;
        this.length = length;
        this.base = base;
        this.offsetOrKey = offsetOrKey;
    }

    public String text() {
        return text;
    }

    public int type() {
        return type;
    }

    public int length() {
        return length;
    }

    /** The NFPROTO_* this field belongs to (IPv4 2, IPv6 10), or 0 when every family has it. */
    int nfproto() {
        return text.startsWith("ip6 ") ? 10 : text.startsWith("ip ") ? 2 : 0;
    }

    /** The expression loading this field into {@code reg}. */
    Expr load(int reg) {
        return base < 0 ? new Meta(offsetOrKey, reg) : new Payload(base, offsetOrKey, length, reg);
    }

    /** A load of only the first {@code bytes} bytes (a prefix match on a byte boundary), for payload fields. */
    Expr loadPrefix(int reg, int bytes) {
        if (base < 0) {
            throw new IllegalArgumentException(text + " is not a packet field");
        }
        return new Payload(base, offsetOrKey, bytes, reg);
    }

    @Override
    public String toString() {
        return text;
    }
}
