package io.jnet.netlink;

/**
 * What to create with {@link Netlink#createBridge(Bridge)} ({@code ip link add NAME type bridge}).
 *
 * @param name          bridge name
 * @param mtu           MTU, 0 for the kernel default
 * @param mac           fixed MAC, null to let the kernel pick (it then follows the lowest port MAC)
 * @param vlanFiltering whether the bridge filters by VLAN (vlan_filtering 1)
 */
public record Bridge(String name, int mtu, MacAddress mac, boolean vlanFiltering) {

    public Bridge {
        java.util.Objects.requireNonNull(name, "name");
        if (mtu < 0) {
            throw new IllegalArgumentException("mtu must not be negative: " + mtu);
        }
    }

    public static Bridge of(String name) {
        return new Bridge(name, 0, null, false);
    }

    public Bridge withMtu(int newMtu) {
        return new Bridge(name, newMtu, mac, vlanFiltering);
    }

    public Bridge withMac(MacAddress newMac) {
        return new Bridge(name, mtu, newMac, vlanFiltering);
    }

    public Bridge withVlanFiltering(boolean on) {
        return new Bridge(name, mtu, mac, on);
    }
}
