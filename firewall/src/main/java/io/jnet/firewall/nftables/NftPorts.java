package io.jnet.firewall.nftables;

import io.jnet.firewall.Family;
import io.jnet.firewall.FirewallException;
import io.jnet.firewall.PortForwarding;
import io.jnet.firewall.PortMapping;
import io.jnet.firewall.PortPublication;
import io.jnet.firewall.PortTakenException;
import io.jnet.inet.IpPrefix;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.netfilter.NfBatch;
import io.jnet.netlink.netfilter.NfChain;
import io.jnet.netlink.netfilter.NfElement;
import io.jnet.netlink.netfilter.NfRule;
import io.jnet.netlink.netfilter.NfTables;
import io.jnet.netlink.netfilter.SetKey;
import io.jnet.netlink.netfilter.Verdict;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Published ports on nftables: per family a table {@code ip|ip6 jnet_hostport} whose verdict maps send a
 * packet's {@code protocol . port} (or {@code address . protocol . port} for a host address) to the attachment's
 * own chain {@code dnat-<net>-<attachment>}, which marks hairpin and localhost traffic for masquerading and
 * translates. Publishing one more port is one batch and a few single-key lookups, whatever is published already;
 * a new connection costs one lookup. Layout: {@link HostportTable}.
 */
final class NftPorts implements PortForwarding {
    static final String PREFIX = "dnat";
    /** Elements per netlink message, so a published range of thousands of ports stays within a socket buffer. */
    private static final int ELEMENTS_PER_MESSAGE = 256;

    @Override
    public void publish(PortPublication p, PrintStream log) throws FirewallException {
        String chain = NftNames.chain(PREFIX, p.network(), p.containerId());
        NftCalls.locked("nftables port publishing", nft -> {
            NfBatch b = new NfBatch();
            for (Family f : p.families()) {
                HostportTable t = HostportTable.of(f);
                List<Key> keys = keys(p, f);
                refuseTaken(nft, t, keys, chain);
                t.shared(b, nft, p.snat() ? p.markMasqBit() : -1);
                b.addChain(NfChain.regular(t.family(), HostportTable.TABLE, chain)
                        .withComment(NftNames.owner("portmap", p.network(), p.containerId())));
                // the attachment's chain is rewritten whole; its old keys that this ADD does not publish go
                List<Key> old = ownKeys(nft, t, chain);
                b.flushChain(t.family(), HostportTable.TABLE, chain);
                for (NfRule r : t.chainRules(p, chain)) {
                    b.addRule(r);
                }
                Set<Key> wanted = new java.util.HashSet<>(keys);
                for (Key k : old) {
                    if (!wanted.contains(k)) {
                        deleteIfOurs(nft, b, t, k, chain);
                    }
                }
                // one element per port (a range too), added a few hundred per message
                Map<String, List<NfElement>> fresh = new java.util.LinkedHashMap<>();
                for (Key k : keys) {
                    Optional<NfElement> e = nft.element(t.map(k), t.key(k));
                    if (e.isEmpty()) {
                        fresh.computeIfAbsent(t.map(k).name(), x -> new ArrayList<>()).add(NfElement.of(t.key(k),
                                Verdict.goTo(chain)).withComment(NftNames.owner("portmap", p.network(), p.containerId())));
                    }
                }
                for (var set : t.maps()) {
                    List<NfElement> add = fresh.getOrDefault(set.name(), List.of());
                    for (int i = 0; i < add.size(); i += ELEMENTS_PER_MESSAGE) {
                        b.addElements(set, add.subList(i, Math.min(add.size(), i + ELEMENTS_PER_MESSAGE)));
                    }
                }
            }
            nft.commit(b);
            return null;
        });
    }

    /** A published port's map key: protocol, port and (null for any) host address. */
    record Key(int protocol, int port, IpPrefix address) {}

    static List<Key> keys(PortPublication p, Family f) {
        java.util.Set<Key> out = new java.util.LinkedHashSet<>(); // a published range is many keys: no quadratic dedup
        for (PortMapping m : p.mappings()) {
            if (!m.appliesTo(f) || p.userlandProxy() && m.isLoopback()) {
                continue; // with the proxy, loopback-bound ports are its sockets alone
            }
            IpPrefix addr = m.destination() == null ? null : IpPrefix.parse(m.destination());
            out.add(new Key(SetKey.protocolNumber(m.protocol()), m.hostPort(), addr));
        }
        return new ArrayList<>(out);
    }

    /** jnet refuses a port another attachment publishes on an overlapping address (the reference lets the last win). */
    private static void refuseTaken(NfTables nft, HostportTable t, List<Key> keys, String own)
            throws NetlinkException, PortTakenException {
        List<NfElement> hostIpElements = null;
        for (Key k : keys) {
            String where = k.address() == null ? "any address" : IpPrefix.text(k.address().address());
            String taken = null;
            Optional<NfElement> any = nft.element(t.map(new Key(k.protocol(), k.port(), null)),
                    t.key(new Key(k.protocol(), k.port(), null)));
            if (any.isPresent() && !own.equals(any.get().verdict().chain())) {
                taken = owner(any.get(), "any address");
            }
            if (taken == null && k.address() != null) {
                Optional<NfElement> same = nft.element(t.map(k), t.key(k));
                if (same.isPresent() && !own.equals(same.get().verdict().chain())) {
                    taken = owner(same.get(), where);
                }
            }
            if (taken == null && k.address() == null) {
                // a port published on one host address overlaps a request for any address
                if (hostIpElements == null) {
                    hostIpElements = nft.elements(t.family(), HostportTable.TABLE, HostportTable.HOSTIP_MAP);
                }
                for (NfElement e : hostIpElements) {
                    Key other = t.keyOf(e.key(), true);
                    if (other.protocol() == k.protocol() && other.port() == k.port()
                            && !own.equals(e.verdict().chain())) {
                        taken = owner(e, IpPrefix.text(other.address().address()));
                        break;
                    }
                }
            }
            if (taken != null) {
                throw new PortTakenException("host port " + k.port() + "/" + SetKey.protocolName(k.protocol()) + " on "
                        + where + " (" + (t.family() == io.jnet.netlink.netfilter.NfFamily.IP ? "IPv4" : "IPv6")
                        + ") is already published by " + taken);
            }
        }
    }

    private static String owner(NfElement e, String where) {
        String who = e.comment() != null ? e.comment() : "chain " + e.verdict().chain();
        return who + " on " + where;
    }

    /**
     * The keys the chain publishes, read from its own rules (every rule of a mapping names its protocol, port and host
     * address), so no result is needed.
     */
    static List<Key> ownKeys(NfTables nft, HostportTable t, String chain) throws NetlinkException {
        java.util.Set<Key> out = new java.util.LinkedHashSet<>();
        for (NfRule r : nft.rules(t.family(), HostportTable.TABLE, chain)) {
            java.net.InetAddress daddr = t.v4() ? RuleFacts.address(r, RuleFacts.IPV4_DADDR, 4)
                    : RuleFacts.address(r, RuleFacts.IPV6_DADDR, 16);
            int[] ports = RuleFacts.dports(r);
            int proto = RuleFacts.l4proto(r);
            if (ports == null || proto <= 0) {
                continue;
            }
            for (int port = ports[0]; port <= ports[1] && port > 0; port++) {
                out.add(new Key(proto, port, daddr == null ? null : new IpPrefix(daddr, t.v4() ? 32 : 128)));
            }
        }
        return new ArrayList<>(out);
    }

    private static void deleteIfOurs(NfTables nft, NfBatch b, HostportTable t, Key k, String chain)
            throws NetlinkException {
        Optional<NfElement> e = nft.element(t.map(k), t.key(k));
        if (e.isPresent() && Verdict.goTo(chain).equals(e.get().verdict())) {
            b.deleteElements(t.map(k), List.of(NfElement.of(t.key(k))));
        }
    }

    @Override
    public Map<Family, List<Integer>> unpublish(String network, String containerId, PrintStream log) throws FirewallException {
        String chain = NftNames.chain(PREFIX, network, containerId);
        return NftCalls.removal("nftables port removal", nft -> {
            Map<Family, List<Integer>> udp = new EnumMap<>(Family.class);
            for (Family f : Family.values()) {
                HostportTable t = HostportTable.of(f);
                udp.put(f, remove(nft, t, chain));
                NftCalls.dropIfUnused(nft, t.family(), HostportTable.TABLE, HostportTable.SHARED_OBJECTS);
            }
            return udp;
        }, Map.of());
    }

    /** Removes the chain and the map elements sending to it; returns the UDP ports it published. */
    private static List<Integer> remove(NfTables nft, HostportTable t, String chain) throws NetlinkException {
        if (nft.chain(t.family(), HostportTable.TABLE, chain).isEmpty()) {
            return List.of();
        }
        NfBatch b = new NfBatch();
        List<Integer> udp = new ArrayList<>();
        for (Key k : ownKeys(nft, t, chain)) {
            deleteIfOurs(nft, b, t, k, chain);
            if (k.protocol() == 17 && !udp.contains(k.port())) {
                udp.add(k.port());
            }
        }
        b.flushChain(t.family(), HostportTable.TABLE, chain).deleteChain(t.family(), HostportTable.TABLE, chain);
        try {
            nft.commit(b);
        } catch (NetlinkException e) {
            if (e.errno() != NftCalls.EBUSY) {
                throw e;
            }
            // an element still sends to the chain though its rules no longer say so (changed behind our back):
            // find the elements by their verdict, whatever the map holds
            for (boolean withAddress : new boolean[] {false, true}) {
                String map = withAddress ? HostportTable.HOSTIP_MAP : HostportTable.HOSTPORTS_MAP;
                for (NfElement el : nft.elements(t.family(), HostportTable.TABLE, map)) {
                    Key k = t.keyOf(el.key(), withAddress);
                    if (el.verdict() != null && chain.equals(el.verdict().chain()) && k.protocol() == 17
                            && !udp.contains(k.port())) {
                        udp.add(k.port());
                    }
                }
            }
            NfBatch again = NftCalls.withoutElementsTo(nft, new NfBatch(), t.maps(), chain);
            again.flushChain(t.family(), HostportTable.TABLE, chain).deleteChain(t.family(), HostportTable.TABLE, chain);
            nft.commit(again);
        }
        return udp;
    }

    @Override
    public List<String> problems(PortPublication p) throws FirewallException {
        String chain = NftNames.chain(PREFIX, p.network(), p.containerId());
        return NftCalls.read("nftables port check", nft -> {
            List<String> out = new ArrayList<>();
            for (Family f : p.families()) {
                HostportTable t = HostportTable.of(f);
                String name = f == Family.IPV4 ? "IPv4" : "IPv6";
                if (nft.chain(t.family(), HostportTable.TABLE, chain).isEmpty()) {
                    out.add(name + ": chain " + t.family() + " " + HostportTable.TABLE + " " + chain + " is missing");
                    continue;
                }
                List<NfRule> want = t.chainRules(p, chain);
                List<NfRule> have = nft.rules(t.family(), HostportTable.TABLE, chain);
                boolean same = want.size() == have.size();
                for (int i = 0; same && i < want.size(); i++) {
                    same = want.get(i).sameAs(have.get(i));
                }
                if (!same) {
                    out.add(name + ": chain " + chain + " does not hold the rules of these mappings");
                }
                for (Key k : keys(p, f)) {
                    Optional<NfElement> e = nft.element(t.map(k), t.key(k));
                    if (e.isEmpty() || !Verdict.goTo(chain).equals(e.get().verdict())) {
                        out.add(name + ": map " + t.map(k).name() + " does not send " + t.map(k).key().text(t.key(k))
                                + " to " + chain);
                    }
                }
                out.addAll(t.sharedProblems(nft, p.snat() ? p.markMasqBit() : -1).stream().map(x -> name + ": " + x).toList());
            }
            return out;
        });
    }

    @Override
    public Map<Family, List<Integer>> gc(String network, Set<String> validContainerIds, PrintStream log)
            throws FirewallException {
        String prefix = NftNames.chainPrefix(PREFIX, network);
        Set<String> valid = new java.util.HashSet<>();
        for (String id : validContainerIds) {
            valid.add(NftNames.chain(PREFIX, network, id));
        }
        return NftCalls.removal("nftables port GC", nft -> {
            Map<Family, List<Integer>> udp = new EnumMap<>(Family.class);
            for (Family f : Family.values()) {
                HostportTable t = HostportTable.of(f);
                List<Integer> ports = new ArrayList<>();
                for (NfChain c : nft.chains(t.family(), HostportTable.TABLE)) {
                    if (c.name().startsWith(prefix) && !valid.contains(c.name())) {
                        ports.addAll(remove(nft, t, c.name()));
                        log.println("portmap: GC removed " + t.family() + " " + HostportTable.TABLE + " " + c.name());
                    }
                }
                udp.put(f, ports);
                NftCalls.dropIfUnused(nft, t.family(), HostportTable.TABLE, HostportTable.SHARED_OBJECTS);
            }
            return udp;
        }, Map.of());
    }
}
