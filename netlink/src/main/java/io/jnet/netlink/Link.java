package io.jnet.netlink;

/**
 * A network interface as the kernel reports it ({@code ip -d link show}).
 *
 * @param index        ifindex in its namespace
 * @param name         interface name
 * @param kind         link type from IFLA_INFO_KIND ("veth", "bridge", ...), or "" for devices without one (lo, physical)
 * @param flags        IFF_* flags
 * @param mtu          MTU in bytes
 * @param mac          link-layer address, or null when the device has none
 * @param masterIndex  ifindex of the master (bridge), 0 when none
 * @param parentIndex  IFLA_LINK: for a veth, its peer's ifindex (in the peer's namespace); 0 when none
 * @param linkNetnsId  the namespace ID of the peer's namespace when it differs from this one, else -1
 * @param operState    RFC 2863 operational state: "UP", "DOWN", "UNKNOWN", "LOWERLAYERDOWN", ...
 * @param promiscuity  promiscuity count (above 0 means the device is in promiscuous mode)
 * @param bridge       bridge attributes when {@code kind} is "bridge", else null
 * @param bridgePort   bridge-port attributes when the link is enslaved to a bridge, else null
 */
public record Link(int index, String name, String kind, int flags, int mtu, MacAddress mac, int masterIndex,
                   int parentIndex, int linkNetnsId, String operState, int promiscuity, BridgeInfo bridge,
                   BridgePort bridgePort) {

    private static final int IFF_UP = 0x1;
    private static final int IFF_PROMISC = 0x100;
    private static final int IFF_LOWER_UP = 0x10000;

    /** Administratively up ({@code ip link set X up}). */
    public boolean isUp() {
        return (flags & IFF_UP) != 0;
    }

    /** Carrier present: for a veth, both ends are up. */
    public boolean hasCarrier() {
        return (flags & IFF_LOWER_UP) != 0;
    }

    public boolean isPromiscuous() {
        return (flags & IFF_PROMISC) != 0 || promiscuity > 0;
    }

    public boolean isBridge() {
        return "bridge".equals(kind);
    }

    public boolean isVeth() {
        return "veth".equals(kind);
    }

    /** Bridge attributes read back from the kernel. */
    public record BridgeInfo(boolean vlanFiltering, int defaultPvid) {}

    /** Per-port attributes of a link enslaved to a bridge ({@code bridge -d link show}). */
    public record BridgePort(boolean hairpin, boolean isolated) {}
}
