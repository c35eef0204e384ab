package io.jnet.cni.result;

/**
 * One entry of a result's {@code ips}.
 *
 * @param address        CIDR text, e.g. {@code 10.1.0.5/16}
 * @param gateway        gateway address, may be null
 * @param interfaceIndex index into {@code interfaces} ({@code "interface"}), null when the IP belongs to no
 *                       listed interface (IPAM results)
 */
public record IpConfig(String address, String gateway, Integer interfaceIndex) {
    public IpConfig {
        if (address == null || address.isEmpty()) {
            throw new IllegalArgumentException("IP address must not be empty");
        }
    }

    /** 4 or 6, from the address text. */
    public int family() {
        return IpFamily.of(address);
    }

    /** This IP attached to interface {@code index}. */
    public IpConfig withInterface(Integer index) {
        return new IpConfig(address, gateway, index);
    }
}
