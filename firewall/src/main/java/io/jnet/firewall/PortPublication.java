package io.jnet.firewall;

import io.jnet.inet.IpPrefix;
import java.util.List;

/**
 * The ports one attachment publishes, with the portmap plugin's options.
 *
 * @param network              the network name
 * @param containerId          the container ID
 * @param v4                   the container's IPv4 address with its prefix length, or null
 * @param v6                   the container's IPv6 address with its prefix length, or null
 * @param mappings             the port mappings
 * @param snat                 mark hairpin and localhost traffic for masquerading
 * @param masqAll              mark every source, not only the container's subnet
 * @param markMasqBit          the mark bit (0..31)
 * @param externalSetMarkChain an iptables chain someone else owns that sets the mark, or null
 * @param conditionsV4         extra iptables match arguments on the IPv4 entry rules
 * @param conditionsV6         likewise for IPv6
 * @param userlandProxy        a userland proxy serves loopback destinations, so the rules leave them alone
 */
public record PortPublication(String network, String containerId, IpPrefix v4, IpPrefix v6, List<PortMapping> mappings,
        boolean snat, boolean masqAll, int markMasqBit, String externalSetMarkChain, List<String> conditionsV4,
        List<String> conditionsV6, boolean userlandProxy) {

    /** The reference's default mark bit; Kubernetes uses bits 14 and 15, Calico 20-31. */
    public static final int DEFAULT_MARK_BIT = 13;

    public PortPublication {
        mappings = List.copyOf(mappings);
        conditionsV4 = List.copyOf(conditionsV4);
        conditionsV6 = List.copyOf(conditionsV6);
    }

    /** Without the userland proxy. */
    public PortPublication(String network, String containerId, IpPrefix v4, IpPrefix v6, List<PortMapping> mappings,
            boolean snat, boolean masqAll, int markMasqBit, String externalSetMarkChain, List<String> conditionsV4,
            List<String> conditionsV6) {
        this(network, containerId, v4, v6, mappings, snat, masqAll, markMasqBit, externalSetMarkChain, conditionsV4,
                conditionsV6, false);
    }

    /** The container address of {@code family}, or null. */
    public IpPrefix address(Family family) {
        return family == Family.IPV4 ? v4 : v6;
    }

    /** The families this publication has a container address in, IPv4 first. */
    public List<Family> families() {
        List<Family> out = new java.util.ArrayList<>();
        for (Family f : Family.values()) {
            if (address(f) != null) {
                out.add(f);
            }
        }
        return out;
    }

    /** The UDP host ports published in {@code family}, each once, in mapping order. */
    public List<Integer> udpPorts(Family family) {
        List<Integer> out = new java.util.ArrayList<>();
        for (PortMapping m : mappings) {
            if (m.protocol().equals("udp") && m.appliesTo(family) && !out.contains(m.hostPort())) {
                out.add(m.hostPort());
            }
        }
        return out;
    }
}
