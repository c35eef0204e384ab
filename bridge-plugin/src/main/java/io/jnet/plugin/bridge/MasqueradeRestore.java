package io.jnet.plugin.bridge;

import io.jnet.firewall.Family;
import io.jnet.firewall.FirewallException;
import io.jnet.firewall.Iptables;
import io.jnet.inet.IpPrefix;
import java.util.List;

/**
 * Puts back an existing attachment's masquerade rules after something wiped them ({@code nft flush ruleset}, a
 * firewalld reload): what {@code jnet reload} needs from the bridge plugin, whose ADD cannot run twice. Rules still
 * there are left alone, so a restore with nothing missing changes nothing.
 */
public final class MasqueradeRestore {
    private MasqueradeRestore() {}

    /**
     * Ensures the masquerade rules of the container addresses {@code cidrs} (with prefix length).
     *
     * @return whether a rule was missing (and is back)
     */
    public static boolean restore(Iptables iptables, String network, String containerId, List<String> cidrs) throws FirewallException {
        String chain = AttachmentId.masqChain(network, containerId);
        boolean missing = false;
        for (Family f : Family.values()) {
            boolean wanted = cidrs.stream().anyMatch(c -> IpPrefix.parse(c).isIpv4() == (f == Family.IPV4));
            if (wanted) {
                var nat = iptables.readChains(f, "nat", List.of("POSTROUTING", chain));
                missing |= nat.rules(chain).isEmpty() || nat.rules("POSTROUTING").stream().noneMatch(r -> r.args().contains(chain));
            }
        }
        if (missing) {
            new Masquerade(iptables).setup(network, containerId, cidrs);
        }
        return missing;
    }
}
