package io.jnet.firewall.nftables;

import io.jnet.firewall.Family;
import io.jnet.firewall.FirewallException;
import io.jnet.firewall.ForwardFiltering;
import io.jnet.firewall.ForwardSpec;
import io.jnet.inet.IpPrefix;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.netfilter.Field;
import io.jnet.netlink.netfilter.NfBatch;
import io.jnet.netlink.netfilter.NfChain;
import io.jnet.netlink.netfilter.NfElement;
import io.jnet.netlink.netfilter.NfFamily;
import io.jnet.netlink.netfilter.NfRule;
import io.jnet.netlink.netfilter.NfSet;
import io.jnet.netlink.netfilter.NfTable;
import io.jnet.netlink.netfilter.NfTables;
import io.jnet.netlink.netfilter.Nft;
import io.jnet.netlink.netfilter.RuleBuilder;
import io.jnet.netlink.netfilter.SetKey;
import io.jnet.netlink.netfilter.Verdict;
import io.jnet.netlink.netfilter.expr.Ct;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The firewall plugin on nftables, table {@code inet jnet_firewall}:
 * <pre>
 * chain forward { type filter hook forward priority filter; policy accept;
 *   jump isolation                          # per network: iifname B oifname != B jump isolation_2 (+ internal drops)
 *   jump admin_hooks                        # jump CNI-ADMIN: the administrators' own chain, never touched
 *   ip saddr vmap @c4   ip daddr vmap @c4   # container address : jump fw-NET-ATTACHMENT
 *   ip6 saddr vmap @c6  ip6 daddr vmap @c6 }
 * chain isolation_2 { per isolated network: oifname B ct state ! established,related ct status ! dnat drop }
 * chain fw-NET-ATTACHMENT { per address: ip saddr C accept; ip daddr C ct state established,related accept;
 *                           ip daddr C ct status dnat accept }
 * </pre>
 * The same decisions as the iptables layout (Docker's two isolation stages, the reference's per-container
 * accepts). nftables cannot accept a packet past another table's drop: on hosts whose forward path drops in
 * another table, the accepts change nothing there (see the README).
 */
final class NftForwarding implements ForwardFiltering {
    static final String TABLE = "jnet_firewall";
    static final NfFamily FAMILY = NfFamily.INET;
    static final String PREFIX = "fw";
    private static final String FORWARD = "forward";
    private static final String STAGE1 = "isolation";
    private static final String STAGE2 = "isolation_2";
    private static final String ADMIN_HOOKS = "admin_hooks";
    private static final NfSet MAP4 = NfSet.verdictMap(FAMILY, TABLE, "c4", SetKey.of(Field.IP_SADDR))
            .withComment("container address : its attachment's chain");
    private static final NfSet MAP6 = NfSet.verdictMap(FAMILY, TABLE, "c6", SetKey.of(Field.IP6_SADDR))
            .withComment("container address : its attachment's chain");
    private static final int EST_REL = Ct.STATE_ESTABLISHED | Ct.STATE_RELATED;

    @Override
    public void add(ForwardSpec spec, String containerId, String bridge, Map<Family, List<String>> hostCidrs)
            throws FirewallException {
        String chain = NftNames.chain(PREFIX, spec.network(), containerId);
        String comment = NftNames.owner("firewall", spec.network(), containerId);
        NftCalls.locked("nftables firewall rules", nft -> {
            NfBatch b = new NfBatch();
            shared(b, nft, spec.adminChain());
            if (bridge != null) {
                for (NfRule r : bridgeRules(spec, bridge)) {
                    if (nft.rules(FAMILY, TABLE, r.chain()).stream().noneMatch(x -> x.sameAs(r))) {
                        b.addRule(r);
                    }
                }
            }
            b.addChain(NfChain.regular(FAMILY, TABLE, chain).withComment(comment)).flushChain(FAMILY, TABLE, chain);
            List<String> all = new ArrayList<>();
            for (List<String> cidrs : hostCidrs.values()) {
                for (String cidr : cidrs) {
                    InetAddress c = IpPrefix.parse(cidr).address();
                    containerRules(chain, c, comment).forEach(b::addRule);
                    NftGateway.routed(spec, chain, bridge, c, comment).forEach(b::addRule);
                    element(nft, b, c, chain, comment);
                    all.add(cidr);
                }
            }
            NftGateway.add(b, nft, spec, chain, bridge, all);
            nft.commit(b);
            return null;
        });
    }

    private static void shared(NfBatch b, NfTables nft, String adminChain) throws NetlinkException {
        b.addTable(NfTable.of(FAMILY, TABLE).withComment("jnet firewall plugin")).addSet(MAP4).addSet(MAP6)
                .addChain(NfChain.base(FAMILY, TABLE, FORWARD, "filter", Nft.HOOK_FORWARD, Nft.PRIORITY_FILTER))
                .addChain(NfChain.regular(FAMILY, TABLE, STAGE1)).addChain(NfChain.regular(FAMILY, TABLE, STAGE2))
                .addChain(NfChain.regular(FAMILY, TABLE, ADMIN_HOOKS)).addChain(NfChain.regular(FAMILY, TABLE, adminChain)
                        .withComment("for the administrator's own rules, before the containers' accepts"))
                .flushChain(FAMILY, TABLE, FORWARD);
        forwardRules().forEach(b::addRule);
        NfRule hook = adminHook(adminChain);
        if (nft.rules(FAMILY, TABLE, ADMIN_HOOKS).stream().noneMatch(r -> r.sameAs(hook))) {
            b.addRule(hook);
        }
    }

    private static List<NfRule> forwardRules() {
        return List.of(
                RuleBuilder.in(FAMILY, TABLE, FORWARD).verdict(Verdict.jump(STAGE1)).build(),
                RuleBuilder.in(FAMILY, TABLE, FORWARD).verdict(Verdict.jump(ADMIN_HOOKS)).build(),
                RuleBuilder.in(FAMILY, TABLE, FORWARD).vmap(MAP4.name(), Field.IP_SADDR).build(),
                RuleBuilder.in(FAMILY, TABLE, FORWARD).vmap(MAP4.name(), Field.IP_DADDR).build(),
                RuleBuilder.in(FAMILY, TABLE, FORWARD).vmap(MAP6.name(), Field.IP6_SADDR).build(),
                RuleBuilder.in(FAMILY, TABLE, FORWARD).vmap(MAP6.name(), Field.IP6_DADDR).build());
    }

    private static NfRule adminHook(String adminChain) {
        return RuleBuilder.in(FAMILY, TABLE, ADMIN_HOOKS).verdict(Verdict.jump(adminChain)).build();
    }

    /**
     * The stage rules of one bridge: every bridge sends what leaves it to stage 2 (an open network's containers must
     * not slip into isolated ones); isolated bridges drop new connections from elsewhere there; internal bridges
     * drop everything that crosses them.
     */
    static List<NfRule> bridgeRules(ForwardSpec spec, String bridge) {
        String c = networkComment(spec.network());
        List<NfRule> out = new ArrayList<>();
        if (spec.internal()) {
            out.add(RuleBuilder.in(FAMILY, TABLE, STAGE1).iifname(bridge, true).oifname(bridge, false)
                    .verdict(Verdict.DROP).comment(c).build());
            out.add(RuleBuilder.in(FAMILY, TABLE, STAGE1).oifname(bridge, true).iifname(bridge, false)
                    .verdict(Verdict.DROP).comment(c).build());
        }
        out.add(RuleBuilder.in(FAMILY, TABLE, STAGE1).iifname(bridge, true).oifname(bridge, false)
                .verdict(Verdict.jump(STAGE2)).comment(c).build());
        if (spec.isolated()) {
            out.add(RuleBuilder.in(FAMILY, TABLE, STAGE2).oifname(bridge, true).ctStateNot(EST_REL)
                    .ctStatusNot(Ct.STATUS_DNAT).verdict(Verdict.DROP).comment(c).build());
        }
        return out;
    }

    /** What identifies a network's rules: its hash first, then (for people) its name. */
    static String networkComment(String network) {
        return NftNames.comment(networkTag(network) + "network " + network);
    }

    private static String networkTag(String network) {
        return "jnet-" + NftNames.network(network) + " ";
    }

    /** Replies to the container, what it sends, and connections to its published ports. */
    private static List<NfRule> containerRules(String chain, InetAddress c, String comment) {
        boolean v4 = c instanceof Inet4Address;
        IpPrefix host = new IpPrefix(c, v4 ? 32 : 128);
        Field saddr = v4 ? Field.IP_SADDR : Field.IP6_SADDR;
        Field daddr = v4 ? Field.IP_DADDR : Field.IP6_DADDR;
        return List.of(
                RuleBuilder.in(FAMILY, TABLE, chain).match(saddr, host).verdict(Verdict.ACCEPT).comment(comment).build(),
                RuleBuilder.in(FAMILY, TABLE, chain).match(daddr, host).ctState(EST_REL).verdict(Verdict.ACCEPT)
                        .comment(comment).build(),
                RuleBuilder.in(FAMILY, TABLE, chain).match(daddr, host).ctStatus(Ct.STATUS_DNAT).verdict(Verdict.ACCEPT)
                        .comment(comment).build());
    }

    private static void element(NfTables nft, NfBatch b, InetAddress c, String chain, String comment)
            throws NetlinkException {
        NfSet map = c instanceof Inet4Address ? MAP4 : MAP6;
        Optional<NfElement> old = nft.element(map, c.getAddress());
        if (old.isPresent() && Verdict.jump(chain).equals(old.get().verdict())) {
            return;
        }
        if (old.isPresent()) {
            b.deleteElements(map, List.of(NfElement.of(c.getAddress())));
        }
        b.addElements(map, List.of(NfElement.of(c.getAddress(), Verdict.jump(chain)).withComment(comment)));
    }

    @Override
    public void remove(ForwardSpec spec, String containerId) throws FirewallException {
        String chain = NftNames.chain(PREFIX, spec.network(), containerId);
        NftCalls.removal("nftables firewall removal", nft -> {
            removeAttachment(nft, chain);
            cleanup(nft, spec.network());
            return null;
        }, null);
    }

    @Override
    public void gc(ForwardSpec spec, Set<String> validContainerIds) throws FirewallException {
        String prefix = NftNames.chainPrefix(PREFIX, spec.network());
        Set<String> valid = new HashSet<>();
        for (String id : validContainerIds) {
            valid.add(NftNames.chain(PREFIX, spec.network(), id));
        }
        NftCalls.removal("nftables firewall GC", nft -> {
            for (NfChain c : nft.chains(FAMILY, TABLE)) {
                if (c.name().startsWith(prefix) && !valid.contains(c.name())) {
                    removeAttachment(nft, c.name());
                }
            }
            cleanup(nft, spec.network());
            return null;
        }, null);
    }

    /** Removes the attachment's chain and the map elements that send to it. */
    private static void removeAttachment(NfTables nft, String chain) throws NetlinkException {
        if (nft.chain(FAMILY, TABLE, chain).isEmpty()) {
            return;
        }
        NfBatch b = new NfBatch();
        Set<InetAddress> addresses = new HashSet<>();
        for (NfRule r : nft.rules(FAMILY, TABLE, chain)) {
            for (int[] at : new int[][] {{RuleFacts.IPV4_SADDR, 4}, {RuleFacts.IPV6_SADDR, 16}}) {
                InetAddress a = RuleFacts.address(r, at[0], at[1]);
                if (a != null) {
                    addresses.add(a);
                }
            }
        }
        for (InetAddress a : addresses) {
            NfSet map = a instanceof Inet4Address ? MAP4 : MAP6;
            Optional<NfElement> e = nft.element(map, a.getAddress());
            if (e.isPresent() && Verdict.jump(chain).equals(e.get().verdict())) {
                b.deleteElements(map, List.of(NfElement.of(a.getAddress())));
            }
        }
        NftGateway.removeAttachment(b, nft, chain);
        b.flushChain(FAMILY, TABLE, chain).deleteChain(FAMILY, TABLE, chain);
        try {
            nft.commit(b);
        } catch (NetlinkException e) {
            if (e.errno() != NftCalls.EBUSY) {
                throw e;
            }
            // an element still sends to the chain though no rule names its address (changed behind our back)
            NfBatch again = NftCalls.withoutElementsTo(nft, new NfBatch(), List.of(MAP4, MAP6), chain);
            NftGateway.removeAttachment(again, nft, chain);
            nft.commit(again.flushChain(FAMILY, TABLE, chain).deleteChain(FAMILY, TABLE, chain));
        }
    }

    /**
     * Once no container of the network is left, its stage rules go; once nothing of any network is left and the
     * administrators' chains are empty, the table goes.
     */
    private static void cleanup(NfTables nft, String network) throws NetlinkException {
        if (nft.table(FAMILY, TABLE).isEmpty()) {
            return;
        }
        List<NfChain> chains = nft.chains(FAMILY, TABLE);
        String own = NftNames.chainPrefix(PREFIX, network);
        if (chains.stream().noneMatch(c -> c.name().startsWith(own))) {
            NfBatch b = new NfBatch();
            for (String stage : List.of(STAGE1, STAGE2)) {
                for (NfRule r : nft.rules(FAMILY, TABLE, stage)) {
                    if (r.comment() != null && r.comment().startsWith(networkTag(network))) {
                        b.deleteRule(r);
                    }
                }
            }
            NftGateway.removeNetwork(b, nft, network);
            nft.commit(b);
        }
        if (chains.stream().anyMatch(c -> c.name().startsWith(PREFIX + "-"))) {
            return;
        }
        for (NfRule r : nft.rules(FAMILY, TABLE)) {
            if (!r.chain().equals(FORWARD) && !r.chain().equals(ADMIN_HOOKS)) {
                return; // another network's stage rules, or the administrators' own
            }
        }
        nft.commit(new NfBatch().deleteTable(FAMILY, TABLE));
    }

    @Override
    public List<String> problems(ForwardSpec spec, String containerId, String bridge, Map<Family, List<String>> hostCidrs)
            throws FirewallException {
        String chain = NftNames.chain(PREFIX, spec.network(), containerId);
        String comment = NftNames.owner("firewall", spec.network(), containerId);
        return NftCalls.read("nftables firewall check", nft -> {
            List<String> out = new ArrayList<>();
            List<NfRule> wanted = new ArrayList<>(forwardRules());
            wanted.add(adminHook(spec.adminChain()));
            if (bridge != null) {
                wanted.addAll(bridgeRules(spec, bridge));
            }
            List<NfRule> have = nft.chain(FAMILY, TABLE, chain).isEmpty() ? List.of() : nft.rules(FAMILY, TABLE, chain);
            List<String> all = new ArrayList<>();
            hostCidrs.values().forEach(all::addAll);
            List<NfRule> raw = NftGateway.rawRules(nft);
            for (NfRule want : NftGateway.wanted(spec, chain, bridge, all)) {
                if (raw.stream().noneMatch(r -> r.sameAs(want))) {
                    out.add("expected in chain " + NftGateway.RAW + ": " + want.body());
                }
            }
            for (List<String> cidrs : hostCidrs.values()) {
                for (String cidr : cidrs) {
                    InetAddress c = IpPrefix.parse(cidr).address();
                    List<NfRule> own = new ArrayList<>(containerRules(chain, c, comment));
                    own.addAll(NftGateway.routed(spec, chain, bridge, c, comment));
                    for (NfRule want : own) {
                        if (have.stream().noneMatch(r -> r.sameAs(want))) {
                            out.add("expected in chain " + chain + ": " + want.body());
                        }
                    }
                    NfSet map = c instanceof Inet4Address ? MAP4 : MAP6;
                    Optional<NfElement> e = nft.element(map, c.getAddress());
                    if (e.isEmpty() || !Verdict.jump(chain).equals(e.get().verdict())) {
                        out.add("map " + map.name() + " does not send " + IpPrefix.text(c) + " to " + chain);
                    }
                }
            }
            for (NfRule want : wanted) {
                if (nft.rules(FAMILY, TABLE, want.chain()).stream().noneMatch(r -> r.sameAs(want))) {
                    out.add("expected in chain " + want.chain() + ": " + want.body());
                }
            }
            return out;
        });
    }
}
