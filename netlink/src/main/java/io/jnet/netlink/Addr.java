package io.jnet.netlink;

import io.jnet.inet.IpPrefix;

/**
 * An interface address ({@code ip addr}).
 *
 * @param linkIndex ifindex of the interface holding it
 * @param prefix    address and prefix length, e.g. 10.0.0.2/24
 * @param scope     RT_SCOPE_*: 0 global, 253 link, 254 host
 * @param flags     IFA_F_* flags (for example {@link #NODAD})
 * @param label     IFA_LABEL (IPv4), or null
 */
public record Addr(int linkIndex, IpPrefix prefix, int scope, int flags, String label) {
    public static final int SCOPE_GLOBAL = 0;
    public static final int SCOPE_LINK = 253;
    public static final int SCOPE_HOST = 254;
    /** Skip duplicate address detection (IPv6): the address is usable at once. */
    public static final int NODAD = 0x02;
    /** IPv6 duplicate address detection still runs: the kernel neither uses the address nor answers for it. */
    public static final int TENTATIVE = 0x40;
    /** The kernel sets this on addresses added by hand (as opposed to SLAAC). */
    public static final int PERMANENT = 0x80;

    /** A global-scope address, as {@code ip addr add CIDR dev IFINDEX} makes. */
    public static Addr of(int linkIndex, String cidr) {
        return new Addr(linkIndex, IpPrefix.parse(cidr), SCOPE_GLOBAL, 0, null);
    }

    public static Addr of(int linkIndex, IpPrefix prefix) {
        return new Addr(linkIndex, prefix, SCOPE_GLOBAL, 0, null);
    }

    public Addr withFlags(int newFlags) {
        return new Addr(linkIndex, prefix, scope, newFlags, label);
    }

    public Addr withScope(int newScope) {
        return new Addr(linkIndex, prefix, newScope, flags, label);
    }

    public int family() {
        return prefix.family();
    }
}
