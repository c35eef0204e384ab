package io.jnet.netlink.netfilter.expr;

import io.jnet.netlink.netfilter.NfAttrs;
import io.jnet.netlink.netfilter.NfWriter;

/**
 * {@code nat snat|dnat FAMILY addr_min reg A proto_min reg P}: translates the connection to the address (and
 * port) held in registers, loaded before by immediates or a map lookup.
 *
 * @param type       {@link #SNAT} or {@link #DNAT}
 * @param family     NFPROTO_IPV4 (2) or NFPROTO_IPV6 (10)
 * @param regAddrMin the register of the address, or 0 for none
 * @param regProtoMin the register of the port, or 0 for none
 * @param flags      NF_NAT_RANGE_* ({@link #PROTO_SPECIFIED} when a port is given)
 */
public record Nat(int type, int family, int regAddrMin, int regProtoMin, int flags) implements Expr {
    private static final int TYPE = 1;
    private static final int FAMILY = 2;
    private static final int REG_ADDR_MIN = 3;
    private static final int REG_PROTO_MIN = 5;
    private static final int FLAGS = 7;

    public static final int SNAT = 0;
    public static final int DNAT = 1;
    /** NF_NAT_RANGE_MAP_IPS: an address is given (the kernel sets it itself when one is, and lists it). */
    public static final int MAP_IPS = 0x1;
    public static final int PROTO_SPECIFIED = 0x2;

    @Override
    public String name() {
        return "nat";
    }

    @Override
    public void encodeData(NfWriter w) {
        w.be32(TYPE, type).be32(FAMILY, family);
        if (regAddrMin > 0) {
            w.be32(REG_ADDR_MIN, regAddrMin);
        }
        if (regProtoMin > 0) {
            w.be32(REG_PROTO_MIN, regProtoMin);
        }
        if (flags != 0) {
            w.be32(FLAGS, flags);
        }
    }

    static Nat decode(NfAttrs d) {
        return new Nat(d.be32(TYPE, -1), d.be32(FAMILY, 0), d.be32(REG_ADDR_MIN, 0), d.be32(REG_PROTO_MIN, 0),
                d.be32(FLAGS, 0));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("nat ").append(type == DNAT ? "dnat" : "snat")
                .append(family == 10 ? " ip6" : family == 2 ? " ip" : " family " + family);
        if (regAddrMin > 0) {
            sb.append(" addr_min ").append(Expr.reg(regAddrMin));
        }
        if (regProtoMin > 0) {
            sb.append(" proto_min ").append(Expr.reg(regProtoMin));
        }
        if (flags != 0) {
            sb.append(" flags 0x").append(Integer.toHexString(flags));
        }
        return sb.toString();
    }
}
