package io.jnet.firewall.nftables;

import io.jnet.firewall.FirewallException;
import io.jnet.firewall.Masquerading;
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
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * ipMasq on nftables, in table {@code inet jnet_masquerade}: the postrouting chain looks the source address up in
 * a verdict map ({@code masq4}, {@code masq6}) that sends each container address to its attachment's chain
 * {@code masq-<net>-<attachment>}, where one rule per address masquerades what leaves its subnet (multicast
 * aside). One lookup per new connection however many containers there are; every rule names its owner.
 */
final class NftMasquerade implements Masquerading {
    static final String TABLE = "jnet_masquerade";
    static final NfFamily FAMILY = NfFamily.INET;
    static final String PREFIX = "masq";
    private static final String POSTROUTING = "postrouting";
    private static final NfSet MAP4 = NfSet.verdictMap(FAMILY, TABLE, "masq4", SetKey.of(Field.IP_SADDR))
            .withComment("container address : its attachment's chain");
    private static final NfSet MAP6 = NfSet.verdictMap(FAMILY, TABLE, "masq6", SetKey.of(Field.IP6_SADDR))
            .withComment("container address : its attachment's chain");
    /** The postrouting chain and the two maps. */
    private static final int SHARED_OBJECTS = 3;

    @Override
    public void setup(String network, String containerId, List<String> cidrs) throws FirewallException {
        String chain = NftNames.chain(PREFIX, network, containerId);
        String comment = NftNames.owner("ipMasq", network, containerId);
        NftCalls.locked("nftables masquerade setup", nft -> {
            NfBatch b = shared(new NfBatch());
            b.addChain(NfChain.regular(FAMILY, TABLE, chain).withComment(comment));
            List<NfRule> present = nft.rules(FAMILY, TABLE, chain);
            for (String cidr : cidrs) {
                IpPrefix ip = IpPrefix.parse(cidr);
                NfRule rule = rule(chain, ip, comment);
                if (present.stream().noneMatch(r -> r.sameAs(rule))) {
                    b.addRule(rule);
                }
                element(nft, b, ip.address(), chain, comment);
            }
            nft.commit(b);
            return null;
        });
    }

    /** The shared objects, each ADD: table, maps, and the postrouting chain rewritten in the same batch. */
    private static NfBatch shared(NfBatch b) {
        b.addTable(NfTable.of(FAMILY, TABLE).withComment("jnet bridge plugin: ipMasq"))
                .addSet(MAP4).addSet(MAP6)
                .addChain(NfChain.base(FAMILY, TABLE, POSTROUTING, "nat", Nft.HOOK_POSTROUTING, Nft.PRIORITY_SRCNAT))
                .flushChain(FAMILY, TABLE, POSTROUTING);
        for (NfRule r : postrouting()) {
            b.addRule(r);
        }
        return b;
    }

    private static List<NfRule> postrouting() {
        return List.of(RuleBuilder.in(FAMILY, TABLE, POSTROUTING).vmap(MAP4.name(), Field.IP_SADDR).build(),
                RuleBuilder.in(FAMILY, TABLE, POSTROUTING).vmap(MAP6.name(), Field.IP6_SADDR).build());
    }

    /** {@code ip saddr C ip daddr != SUBNET ip daddr != 224.0.0.0/4 masquerade}, or the IPv6 equivalent. */
    private static NfRule rule(String chain, IpPrefix ip, String comment) {
        boolean v4 = ip.isIpv4();
        Field saddr = v4 ? Field.IP_SADDR : Field.IP6_SADDR;
        Field daddr = v4 ? Field.IP_DADDR : Field.IP6_DADDR;
        return RuleBuilder.in(FAMILY, TABLE, chain).match(saddr, host(ip.address()))
                .matchNot(daddr, ip.network()).matchNot(daddr, IpPrefix.parse(v4 ? "224.0.0.0/4" : "ff00::/8"))
                .masquerade().comment(comment).build();
    }

    /** Sends {@code address} to {@code chain}, replacing an element another (stale) attachment left for it. */
    private static void element(NfTables nft, NfBatch b, InetAddress address, String chain, String comment)
            throws NetlinkException {
        NfSet map = map(address);
        byte[] key = address.getAddress();
        Optional<NfElement> old = nft.element(map, key);
        if (old.isPresent() && Verdict.goTo(chain).equals(old.get().verdict())) {
            return;
        }
        if (old.isPresent()) {
            b.deleteElements(map, List.of(NfElement.of(key)));
        }
        b.addElements(map, List.of(NfElement.of(key, Verdict.goTo(chain)).withComment(comment)));
    }

    @Override
    public void teardown(String network, String containerId, Set<InetAddress> keep) throws FirewallException {
        String chain = NftNames.chain(PREFIX, network, containerId);
        NftCalls.removal("nftables masquerade teardown", nft -> {
            release(nft, chain, keep);
            NftCalls.dropIfUnused(nft, FAMILY, TABLE, SHARED_OBJECTS);
            return null;
        }, null);
    }

    /** Removes the chain's addresses not in {@code keep} (rules and map elements), and the chain with the last. */
    private static void release(NfTables nft, String chain, Set<InetAddress> keep) throws NetlinkException {
        if (nft.chain(FAMILY, TABLE, chain).isEmpty()) {
            return;
        }
        NfBatch b = new NfBatch();
        boolean stillUsed = false;
        for (NfRule r : nft.rules(FAMILY, TABLE, chain)) {
            InetAddress source = source(r);
            if (source != null && keep.contains(source)) {
                stillUsed = true;
                continue;
            }
            if (source != null) {
                Optional<NfElement> e = nft.element(map(source), source.getAddress());
                if (e.isPresent() && Verdict.goTo(chain).equals(e.get().verdict())) {
                    b.deleteElements(map(source), List.of(NfElement.of(source.getAddress())));
                }
            }
            b.deleteRule(r);
        }
        if (!stillUsed) {
            b.deleteChain(FAMILY, TABLE, chain);
        }
        try {
            nft.commit(b);
        } catch (NetlinkException e) {
            if (e.errno() != NftCalls.EBUSY) {
                throw e;
            }
            // an element still sends to the chain though no rule names its address (changed behind our back)
            nft.commit(NftCalls.withoutElementsTo(nft, new NfBatch(), List.of(MAP4, MAP6), chain)
                    .flushChain(FAMILY, TABLE, chain).deleteChain(FAMILY, TABLE, chain));
        }
    }

    private static InetAddress source(NfRule r) {
        InetAddress a = RuleFacts.address(r, RuleFacts.IPV4_SADDR, 4);
        return a != null ? a : RuleFacts.address(r, RuleFacts.IPV6_SADDR, 16);
    }

    @Override
    public List<String> problems(String network, String containerId, List<String> cidrs) throws FirewallException {
        String chain = NftNames.chain(PREFIX, network, containerId);
        String comment = NftNames.owner("ipMasq", network, containerId);
        return NftCalls.read("nftables masquerade check", nft -> {
            List<String> out = new ArrayList<>();
            if (nft.chain(FAMILY, TABLE, chain).isEmpty()) {
                out.add("masquerade chain " + FAMILY + " " + TABLE + " " + chain + " is missing");
                return out;
            }
            List<NfRule> present = nft.rules(FAMILY, TABLE, chain);
            for (String cidr : cidrs) {
                IpPrefix ip = IpPrefix.parse(cidr);
                NfRule want = rule(chain, ip, comment);
                if (present.stream().noneMatch(r -> r.sameAs(want))) {
                    out.add("rule \"" + want.body() + "\" is missing from " + chain);
                }
                Optional<NfElement> e = nft.element(map(ip.address()), ip.address().getAddress());
                if (e.isEmpty() || !Verdict.goTo(chain).equals(e.get().verdict())) {
                    out.add("map " + map(ip.address()).name() + " does not send " + IpPrefix.text(ip.address()) + " to " + chain);
                }
            }
            List<NfRule> post = nft.rules(FAMILY, TABLE, POSTROUTING);
            for (NfRule want : postrouting()) {
                if (post.stream().noneMatch(r -> r.sameAs(want))) {
                    out.add("rule \"" + want.body() + "\" is missing from " + POSTROUTING);
                }
            }
            return out;
        });
    }

    @Override
    public List<String> gc(String network, Set<String> validContainerIds) throws FirewallException {
        String prefix = NftNames.chainPrefix(PREFIX, network);
        Set<String> valid = new java.util.HashSet<>();
        for (String id : validContainerIds) {
            valid.add(NftNames.chain(PREFIX, network, id));
        }
        return NftCalls.removal("nftables masquerade GC", nft -> {
            List<String> removed = new ArrayList<>();
            for (NfChain c : nft.chains(FAMILY, TABLE)) {
                if (c.name().startsWith(prefix) && !valid.contains(c.name())) {
                    release(nft, c.name(), Set.of());
                    removed.add(c.name());
                }
            }
            NftCalls.dropIfUnused(nft, FAMILY, TABLE, SHARED_OBJECTS);
            return removed;
        }, List.of());
    }

    private static NfSet map(InetAddress a) {
        return a instanceof Inet4Address ? MAP4 : MAP6;
    }

    private static IpPrefix host(InetAddress a) {
        return new IpPrefix(a, a instanceof Inet4Address ? 32 : 128);
    }
}
