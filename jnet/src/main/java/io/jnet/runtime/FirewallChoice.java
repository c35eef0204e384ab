package io.jnet.runtime;

import io.jnet.firewall.Family;
import io.jnet.firewall.iptables.IptablesBackend;
import io.jnet.firewall.nftables.NftablesBackend;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.netfilter.NfChain;
import io.jnet.netlink.netfilter.NfFamily;
import io.jnet.netlink.netfilter.NfTables;
import io.jnet.netlink.netfilter.Nft;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code --firewall-backend auto}: nftables when this host has no usable iptables, or when its iptables is the
 * nft variant and holds no legacy rules; iptables otherwise. jnet adds one condition: a forward policy of DROP in
 * iptables' own filter table (Docker, firewalld) keeps iptables, since only rules in that table can let the
 * containers' traffic through it. Decided without running any program.
 */
public final class FirewallChoice {
    private static final List<String> SEARCH = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin");

    private FirewallChoice() {}

    /** The option's value checked: iptables, nftables or auto. */
    public static String check(String value) {
        if (!List.of(IptablesBackend.NAME, NftablesBackend.NAME, "auto").contains(value)) {
            throw JnetException.usage("unknown firewall backend '" + value + "'", "use --firewall-backend iptables, nftables or auto");
        }
        return value;
    }

    /** The backend {@code auto} stands for on this host. */
    public static String auto() {
        boolean nftUsable = new NftablesBackend().unavailableReason(Family.IPV4) == null;
        if (!nftUsable) {
            return IptablesBackend.NAME;
        }
        if (IptablesBackend.commands().unavailableReason(Family.IPV4) != null) {
            return NftablesBackend.NAME;
        }
        if (!nftVariant() || legacyRules() || forwardDropsInIptables()) {
            return IptablesBackend.NAME;
        }
        return NftablesBackend.NAME;
    }

    /** Whether {@code iptables} resolves to the nf_tables variant (iptables-nft, xtables-nft-multi). */
    static boolean nftVariant() {
        for (String dir : SEARCH) {
            Path p = Path.of(dir, "iptables");
            if (Files.isExecutable(p)) {
                try {
                    return p.toRealPath().getFileName().toString().contains("nft");
                } catch (IOException e) {
                    return false;
                }
            }
        }
        return false;
    }

    /** Whether the legacy x_tables of this namespace hold a table (what iptables-legacy made). */
    static boolean legacyRules() {
        for (String f : List.of("/proc/net/ip_tables_names", "/proc/net/ip6_tables_names")) {
            try {
                if (!Files.readString(Path.of(f), StandardCharsets.US_ASCII).isBlank()) {
                    return true;
                }
            } catch (IOException e) {
                // the module is not loaded: no legacy table
            }
        }
        return false;
    }

    /** Whether iptables-nft's FORWARD chain ({@code ip|ip6 filter FORWARD}) drops by policy. */
    static boolean forwardDropsInIptables() {
        try (NfTables nft = NfTables.open()) {
            for (NfFamily f : List.of(NfFamily.IP, NfFamily.IP6)) {
                Optional<NfChain> forward = nft.chain(f, "filter", "FORWARD");
                if (forward.isPresent() && forward.get().isBase() && forward.get().policy() == Nft.NF_DROP) {
                    return true;
                }
            }
            return false;
        } catch (NetlinkException e) {
            return false;
        }
    }
}
