package io.jnet.firewall.iptables;

import io.jnet.firewall.Family;
import io.jnet.firewall.FirewallBackend;
import io.jnet.firewall.ForwardFiltering;
import io.jnet.firewall.Iptables;
import io.jnet.firewall.Masquerading;
import io.jnet.firewall.PortForwarding;

/**
 * The iptables backend: the reference plugins' rule layouts (nat and filter tables), read with iptables-save and
 * changed by one atomic iptables-restore per family and call, through the commands or a test's {@link Iptables}.
 */
public final class IptablesBackend implements FirewallBackend {
    public static final String NAME = "iptables";

    private final Iptables iptables;

    public IptablesBackend(Iptables iptables) {
        this.iptables = iptables;
    }

    /** The backend running this machine's iptables commands in the calling process's namespace. */
    public static IptablesBackend commands() {
        return new IptablesBackend(Iptables.commands());
    }

    public Iptables iptables() {
        return iptables;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String unavailableReason(Family family) {
        return iptables.unavailableReason(family);
    }

    @Override
    public Masquerading masquerading() {
        return new IptablesMasquerade(iptables);
    }

    @Override
    public PortForwarding portForwarding() {
        return new IptablesPorts(iptables);
    }

    @Override
    public ForwardFiltering forwardFiltering() {
        return new IptablesForwarding(iptables);
    }
}
