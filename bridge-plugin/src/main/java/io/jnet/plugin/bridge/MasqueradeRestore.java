package io.jnet.plugin.bridge;

import io.jnet.firewall.Backends;
import io.jnet.firewall.FirewallException;
import io.jnet.firewall.Masquerading;
import java.util.List;

/**
 * Puts back an existing attachment's masquerade rules after something wiped them ({@code iptables -F}, {@code nft
 * flush ruleset}, a firewalld reload): what {@code jnet reload} needs from the bridge plugin, whose ADD cannot run twice.
 * Works on the backend the network's {@code ipMasqBackend} names; rules still there are left alone, so a restore with
 * nothing missing changes nothing.
 */
public final class MasqueradeRestore {
    private MasqueradeRestore() {}

    /**
     * Ensures the masquerade rules of the container addresses {@code cidrs} (with prefix length) on the backend
     * {@code ipMasqBackend} names (null: the reference's choice).
     *
     * @return whether a rule was missing (and is back)
     */
    public static boolean restore(Backends firewall, String ipMasqBackend, String network, String containerId,
            List<String> cidrs) throws FirewallException {
        Masquerading masq = firewall.choose(ipMasqBackend).masquerading();
        if (masq.problems(network, containerId, cidrs).isEmpty()) {
            return false;
        }
        masq.setup(network, containerId, cidrs);
        return true;
    }
}
