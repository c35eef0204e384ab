package io.jnet.cni.result;

/**
 * One entry of a result's {@code interfaces}. Optional fields are null when absent.
 *
 * @param name       interface name
 * @param mac        hardware address, may be null
 * @param mtu        MTU (1.1.0), may be null
 * @param sandbox    netns path for container-side interfaces; null for host-side ones
 * @param socketPath vhost-user socket path (1.1.0), may be null
 * @param pciId      PCI address for device plugins ({@code pciID}, 1.1.0), may be null
 */
public record NetInterface(String name, String mac, Integer mtu, String sandbox, String socketPath, String pciId) {
    public NetInterface {
        if (name == null) {
            throw new IllegalArgumentException("interface name must not be null");
        }
    }

    /** A host-side interface (no sandbox). */
    public static NetInterface host(String name, String mac) {
        return new NetInterface(name, mac, null, null, null, null);
    }

    /** A container-side interface in {@code sandbox}. */
    public static NetInterface container(String name, String mac, String sandbox) {
        return new NetInterface(name, mac, null, sandbox, null, null);
    }
}
