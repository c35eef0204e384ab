package io.jnet.plugin.portmap;

import io.jnet.cni.result.IpConfig;
import io.jnet.cni.result.NetInterface;
import io.jnet.cni.result.Result;
import io.jnet.firewall.Family;
import io.jnet.inet.IpPrefix;

/**
 * The container addresses ports are forwarded to: the first IPv4 and first IPv6 address of prevResult that
 * belongs to the sandbox interface CNI_IFNAME, or to no listed interface (as the reference chooses them).
 *
 * @param v4 the IPv4 address with its prefix length, or null
 * @param v6 the IPv6 address with its prefix length, or null
 */
public record ContainerAddresses(IpPrefix v4, IpPrefix v6) {

    public static ContainerAddresses from(Result prev, String ifname) {
        IpPrefix v4 = null;
        IpPrefix v6 = null;
        if (prev == null) {
            return new ContainerAddresses(null, null);
        }
        for (IpConfig ip : prev.ips()) {
            IpPrefix p = IpPrefix.parse(ip.address());
            if (p.isIpv4() ? v4 != null : v6 != null) {
                continue;
            }
            Integer idx = ip.interfaceIndex();
            if (idx != null && idx >= 0 && idx < prev.interfaces().size()) {
                NetInterface iface = prev.interfaces().get(idx);
                if (!iface.name().equals(ifname) || iface.sandbox() == null || iface.sandbox().isEmpty()) {
                    continue;
                }
            }
            if (p.isIpv4()) {
                v4 = p;
            } else {
                v6 = p;
            }
        }
        return new ContainerAddresses(v4, v6);
    }

    /** The address of {@code family}, or null. */
    public IpPrefix of(Family family) {
        return family == Family.IPV4 ? v4 : v6;
    }

    public boolean isEmpty() {
        return v4 == null && v6 == null;
    }
}
