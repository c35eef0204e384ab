package io.jnet.firewall;

import io.jnet.firewall.iptables.IptablesBackend;
import io.jnet.firewall.nftables.NftablesBackend;
import java.util.function.Supplier;

/**
 * The firewall backends a plugin is handed, and the reference plugins' rule for choosing one from a config
 * value: {@code "iptables"} or {@code "nftables"} as given, and when absent iptables unless only nftables is
 * usable here. Backends are made on first use, so a plugin on one backend never touches the other.
 */
public final class Backends {
    private final Supplier<FirewallBackend> iptablesFactory;
    private final Supplier<FirewallBackend> nftablesFactory;
    private FirewallBackend iptables;
    private FirewallBackend nftables;

    private Backends(Supplier<FirewallBackend> iptables, Supplier<FirewallBackend> nftables) {
        this.iptablesFactory = iptables;
        this.nftablesFactory = nftables;
    }

    /** The iptables commands and nf_tables over netlink, both acting on the calling thread's namespace. */
    public static Backends system() {
        return new Backends(IptablesBackend::commands, NftablesBackend::new);
    }

    /** Given backends (tests hand in their own). */
    public static Backends of(FirewallBackend iptables, FirewallBackend nftables) {
        return new Backends(() -> iptables, () -> nftables);
    }

    public synchronized FirewallBackend iptables() {
        if (iptables == null) {
            iptables = iptablesFactory.get();
        }
        return iptables;
    }

    public synchronized FirewallBackend nftables() {
        if (nftables == null) {
            nftables = nftablesFactory.get();
        }
        return nftables;
    }

    /**
     * The backend a config value names; null or empty follows the reference: iptables, unless iptables is not
     * usable here and nftables is. Any other value is refused.
     */
    public FirewallBackend choose(String configured) {
        if (configured == null || configured.isEmpty()) {
            if (iptables().unavailableReason(Family.IPV4) != null && nftables().unavailableReason(Family.IPV4) == null) {
                return nftables();
            }
            return iptables();
        }
        return switch (configured) {
            case IptablesBackend.NAME -> iptables();
            case NftablesBackend.NAME -> nftables();
            default -> throw new IllegalArgumentException("unknown firewall backend \"" + configured
                    + "\" (iptables or nftables)");
        };
    }
}
