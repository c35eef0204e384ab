package io.jnet.firewall.nftables;

import io.jnet.firewall.Family;
import io.jnet.firewall.FirewallBackend;
import io.jnet.firewall.ForwardFiltering;
import io.jnet.firewall.Masquerading;
import io.jnet.firewall.PortForwarding;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.netfilter.NfTables;

/**
 * The nftables backend: jnet's own tables ({@code inet jnet_masquerade}, {@code ip|ip6 jnet_hostport},
 * {@code inet jnet_firewall}) changed by one nf_tables netlink batch per change, all or nothing, with no process.
 * Per-attachment state sits in chains named from the attachment's identity and is reached through verdict maps,
 * so adding or finding one attachment costs the same however many there are. Each operation opens its own
 * netlink socket in the calling thread's namespace: no state outlives a call.
 */
public final class NftablesBackend implements FirewallBackend {
    public static final String NAME = "nftables";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String unavailableReason(Family family) {
        try (NfTables nft = NfTables.open()) {
            nft.generation();
            return null;
        } catch (NetlinkException e) {
            return "nf_tables is not usable here: " + e.getMessage();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return "nf_tables is not reachable: " + e.getMessage();
        }
    }

    @Override
    public Masquerading masquerading() {
        return new NftMasquerade();
    }

    @Override
    public PortForwarding portForwarding() {
        return new NftPorts();
    }

    @Override
    public ForwardFiltering forwardFiltering() {
        return new NftForwarding();
    }
}
