package io.jnet.firewall.nftables;

import io.jnet.firewall.Family;
import io.jnet.firewall.ForwardSpec;
import io.jnet.firewall.GatewayMode;
import io.jnet.firewall.PortMapping;
import io.jnet.firewall.PortRun;
import io.jnet.inet.IpPrefix;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.netfilter.Field;
import io.jnet.netlink.netfilter.NfBatch;
import io.jnet.netlink.netfilter.NfChain;
import io.jnet.netlink.netfilter.NfRule;
import io.jnet.netlink.netfilter.NfTables;
import io.jnet.netlink.netfilter.Nft;
import io.jnet.netlink.netfilter.RuleBuilder;
import io.jnet.netlink.netfilter.Verdict;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway modes on nftables, in table {@code inet jnet_firewall}, with the iptables layout's decisions:
 * <pre>
 * chain raw_prerouting { type filter hook prerouting priority raw;
 *   iifname B return                                  # per network with a mode, inserted first
 *   ip daddr C iifname != B drop                      # per container of a nat network: no direct access
 *   ip daddr 127.0.0.1 iifname != "lo" tcp dport P drop }  # per loopback-published port (run) of a nat network
 * chain fw-NET-ATTACHMENT { ... the container's accepts, then for a routed network:
 *   ip daddr C iifname != B oifname B tcp dport P accept  # each published container port (run)
 *   ip daddr C iifname != B oifname B meta l4proto icmp accept
 *   ip daddr C iifname != B oifname B drop }
 * </pre>
 * A container's raw rules carry a comment starting with its chain's name, so DEL and GC find them by identity; the
 * network's return goes with its last container.
 */
final class NftGateway {
    static final String RAW = "raw_prerouting";

    private NftGateway() {}

    /**
     * Adds the attachment's raw rules that are not there yet (the chain first, returns before every drop), for all its
     * addresses {@code cidrs} of both families at once.
     */
    static void add(NfBatch b, NfTables nft, ForwardSpec spec, String chain, String bridge, List<String> cidrs)
            throws NetlinkException {
        List<NfRule> drops = drops(spec, chain, bridge, cidrs);
        if (bridge == null || !spec.marksBridge()) {
            return;
        }
        b.addChain(NfChain.base(NftForwarding.FAMILY, NftForwarding.TABLE, RAW, "filter", Nft.HOOK_PREROUTING,
                Nft.PRIORITY_RAW));
        List<NfRule> have = nft.chain(NftForwarding.FAMILY, NftForwarding.TABLE, RAW).isEmpty() ? List.of()
                : nft.rules(NftForwarding.FAMILY, NftForwarding.TABLE, RAW);
        NfRule ret = bridgeReturn(spec, bridge);
        if (have.stream().noneMatch(r -> r.sameAs(ret))) {
            b.insertRule(ret);
        }
        for (NfRule d : drops) {
            if (have.stream().noneMatch(r -> r.sameAs(d))) {
                b.addRule(d);
            }
        }
    }

    /** The raw rules an attachment must have: its network's return and, in nat mode, its drops. */
    static List<NfRule> wanted(ForwardSpec spec, String chain, String bridge, List<String> cidrs) {
        List<NfRule> out = new ArrayList<>();
        if (bridge != null && spec.marksBridge()) {
            out.add(bridgeReturn(spec, bridge));
            out.addAll(drops(spec, chain, bridge, cidrs));
        }
        return out;
    }

    private static NfRule bridgeReturn(ForwardSpec spec, String bridge) {
        return RuleBuilder.in(NftForwarding.FAMILY, NftForwarding.TABLE, RAW).iifname(bridge, true)
                .verdict(Verdict.RETURN).comment(NftForwarding.networkComment(spec.network())).build();
    }

    /** Gateway mode nat: packets for the container's addresses from anywhere but its bridge, and remote loopback. */
    private static List<NfRule> drops(ForwardSpec spec, String chain, String bridge, List<String> cidrs) {
        List<NfRule> out = new ArrayList<>();
        if (bridge == null || !spec.protectsContainers()) {
            return out;
        }
        String comment = NftNames.comment(chain + " no direct access name=" + spec.network());
        for (String cidr : cidrs) {
            InetAddress c = IpPrefix.parse(cidr).address();
            out.add(RuleBuilder.in(NftForwarding.FAMILY, NftForwarding.TABLE, RAW).match(daddr(c), host(c))
                    .iifname(bridge, false).verdict(Verdict.DROP).comment(comment).build());
        }
        java.util.Set<Family> families = java.util.EnumSet.noneOf(Family.class);
        for (String cidr : cidrs) {
            families.add(IpPrefix.parse(cidr).isIpv4() ? Family.IPV4 : Family.IPV6);
        }
        for (PortRun run : PortRun.of(spec.published())) {
            PortMapping m = run.first();
            if (!m.isLoopback() || families.stream().noneMatch(m::appliesTo)) {
                continue;
            }
            InetAddress lo = IpPrefix.literal(m.hostIp());
            out.add(RuleBuilder.in(NftForwarding.FAMILY, NftForwarding.TABLE, RAW).match(daddr(lo), host(lo))
                    .iifname("lo", false).dportRange(run.protocol(), run.hostStart(), run.hostEnd())
                    .verdict(Verdict.DROP).comment(comment).build());
        }
        return out;
    }

    /**
     * Gateway mode routed, in the attachment's own chain after its accepts: from outside the bridge, the published
     * container ports and ICMP are open on the container's address, nothing else.
     */
    static List<NfRule> routed(ForwardSpec spec, String chain, String bridge, InetAddress c, String comment) {
        List<NfRule> out = new ArrayList<>();
        if (bridge == null || spec.gatewayMode() != GatewayMode.ROUTED) {
            return out;
        }
        Family family = c instanceof Inet4Address ? Family.IPV4 : Family.IPV6;
        List<PortMapping> byContainerPort = new ArrayList<>();
        for (PortMapping m : spec.published()) {
            if (m.appliesTo(family)) {
                // a run is consecutive container ports here: the host ports play no part on a routed network
                byContainerPort.add(new PortMapping(m.containerPort(), m.containerPort(), m.protocol(), null));
            }
        }
        for (PortRun run : PortRun.of(byContainerPort)) {
            NfRule r = into(chain, bridge, c).dportRange(run.protocol(), run.hostStart(), run.hostEnd())
                    .verdict(Verdict.ACCEPT).comment(comment).build();
            if (out.stream().noneMatch(x -> x.sameAs(r))) {
                out.add(r);
            }
        }
        out.add(into(chain, bridge, c).l4proto(family == Family.IPV4 ? "icmp" : "ipv6-icmp").verdict(Verdict.ACCEPT)
                .comment(comment).build());
        out.add(into(chain, bridge, c).verdict(Verdict.DROP).comment(comment).build());
        return out;
    }

    private static RuleBuilder into(String chain, String bridge, InetAddress c) {
        return RuleBuilder.in(NftForwarding.FAMILY, NftForwarding.TABLE, chain).match(daddr(c), host(c))
                .iifname(bridge, false).oifname(bridge, true);
    }

    /** Deletes the raw rules of the attachment whose chain is {@code chain}. */
    static void removeAttachment(NfBatch b, NfTables nft, String chain) throws NetlinkException {
        for (NfRule r : rawRules(nft)) {
            if (r.comment() != null && r.comment().startsWith(chain + " ")) {
                b.deleteRule(r);
            }
        }
    }

    /** Deletes the network's return once it has no container left. */
    static void removeNetwork(NfBatch b, NfTables nft, String network) throws NetlinkException {
        String tag = NftForwarding.networkComment(network);
        for (NfRule r : rawRules(nft)) {
            if (tag.equals(r.comment())) {
                b.deleteRule(r);
            }
        }
    }

    static List<NfRule> rawRules(NfTables nft) throws NetlinkException {
        if (nft.chain(NftForwarding.FAMILY, NftForwarding.TABLE, RAW).isEmpty()) {
            return List.of();
        }
        return nft.rules(NftForwarding.FAMILY, NftForwarding.TABLE, RAW);
    }

    private static Field daddr(InetAddress a) {
        return a instanceof Inet4Address ? Field.IP_DADDR : Field.IP6_DADDR;
    }

    private static IpPrefix host(InetAddress a) {
        return new IpPrefix(a, a instanceof Inet4Address ? 32 : 128);
    }
}
