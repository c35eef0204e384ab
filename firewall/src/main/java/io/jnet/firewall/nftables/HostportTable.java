package io.jnet.firewall.nftables;

import io.jnet.firewall.Family;
import io.jnet.firewall.PortMapping;
import io.jnet.firewall.PortPublication;
import io.jnet.firewall.PortRun;
import io.jnet.inet.IpPrefix;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.netfilter.Field;
import io.jnet.netlink.netfilter.NfBatch;
import io.jnet.netlink.netfilter.NfChain;
import io.jnet.netlink.netfilter.NfFamily;
import io.jnet.netlink.netfilter.NfRule;
import io.jnet.netlink.netfilter.NfSet;
import io.jnet.netlink.netfilter.NfTable;
import io.jnet.netlink.netfilter.NfTables;
import io.jnet.netlink.netfilter.Nft;
import io.jnet.netlink.netfilter.RuleBuilder;
import io.jnet.netlink.netfilter.SetKey;
import io.jnet.netlink.netfilter.Verdict;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One family's {@code jnet_hostport} table:
 * <pre>
 * table ip jnet_hostport {
 *   map hostports { type inet_proto . inet_service : verdict }                  # tcp . 8080 : goto dnat-…
 *   map hostip_hostports { type ipv4_addr . inet_proto . inet_service : verdict } # 10.0.0.1 . tcp . 8081 : goto dnat-…
 *   chain prerouting { type nat hook prerouting priority dstnat; fib daddr type local jump hostports }
 *   chain output { type nat hook output priority dstnat; fib daddr type local jump hostports }
 *   chain hostports { ip daddr . meta l4proto . th dport vmap @hostip_hostports
 *                     meta l4proto . th dport vmap @hostports }
 *   chain masquerading { type nat hook postrouting priority srcnat; meta mark & 0x2000 == 0x2000 masquerade }
 *   chain dnat-NET-ATTACHMENT { per mapping: the hairpin and localhost marks, then the DNAT }
 * }
 * </pre>
 */
final class HostportTable {
    static final String TABLE = "jnet_hostport";
    static final String HOSTPORTS_MAP = "hostports";
    static final String HOSTIP_MAP = "hostip_hostports";
    /** prerouting, output, hostports, masquerading and the two maps. */
    static final int SHARED_OBJECTS = 6;
    private static final String PREROUTING = "prerouting";
    private static final String OUTPUT = "output";
    private static final String HOSTPORTS = "hostports";
    private static final String MASQUERADING = "masquerading";

    private final Family family;
    private final NfFamily nf;
    private final NfSet ports;
    private final NfSet hostIp;

    private HostportTable(Family family) {
        this.family = family;
        this.nf = family == Family.IPV4 ? NfFamily.IP : NfFamily.IP6;
        Field daddr = family == Family.IPV4 ? Field.IP_DADDR : Field.IP6_DADDR;
        this.ports = NfSet.verdictMap(nf, TABLE, HOSTPORTS_MAP, SetKey.of(Field.L4PROTO, Field.TH_DPORT))
                .withComment("protocol . port : the publishing attachment's chain");
        this.hostIp = NfSet.verdictMap(nf, TABLE, HOSTIP_MAP, SetKey.of(daddr, Field.L4PROTO, Field.TH_DPORT))
                .withComment("host address . protocol . port : the publishing attachment's chain");
    }

    static HostportTable of(Family family) {
        return new HostportTable(family);
    }

    NfFamily family() {
        return nf;
    }

    boolean v4() {
        return family == Family.IPV4;
    }

    /** Both verdict maps. */
    List<NfSet> maps() {
        return List.of(ports, hostIp);
    }

    NfSet map(NftPorts.Key k) {
        return k.address() == null ? ports : hostIp;
    }

    byte[] key(NftPorts.Key k) {
        byte[] proto = {(byte) k.protocol()};
        byte[] port = {(byte) (k.port() >>> 8), (byte) k.port()};
        if (k.address() == null) {
            return ports.key().key(proto, port);
        }
        return hostIp.key().key(k.address().address().getAddress(), proto, port);
    }

    /** The key an element of {@code hostports} ({@code withAddress} false) or {@code hostip_hostports} holds. */
    NftPorts.Key keyOf(byte[] key, boolean withAddress) {
        int addrLen = withAddress ? (v4() ? 4 : 16) : 0;
        IpPrefix addr = null;
        if (withAddress) {
            try {
                addr = new IpPrefix(InetAddress.getByAddress(Arrays.copyOf(key, addrLen)), addrLen * 8);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("element key of " + key.length + " bytes", e);
            }
        }
        int proto = key[addrLen] & 0xff;
        int port = ((key[addrLen + 4] & 0xff) << 8) | (key[addrLen + 5] & 0xff);
        return new NftPorts.Key(proto, port, addr);
    }

    /**
     * The shared objects, in every ADD's batch: the table, its maps, and its fixed chains rewritten whole (flushed and
     * refilled in the same batch, so no packet sees them empty); the masquerade of {@code markBit} (-1: none) is
     * added when it is not there yet, beside other bits other configs use.
     */
    void shared(NfBatch b, NfTables nft, int markBit) throws NetlinkException {
        b.addTable(NfTable.of(nf, TABLE).withComment("jnet portmap plugin: published ports")).addSet(ports).addSet(hostIp);
        for (String base : List.of(PREROUTING, OUTPUT)) {
            b.addChain(NfChain.base(nf, TABLE, base, "nat", base.equals(OUTPUT) ? Nft.HOOK_OUTPUT : Nft.HOOK_PREROUTING,
                    Nft.PRIORITY_DSTNAT));
        }
        b.addChain(NfChain.regular(nf, TABLE, HOSTPORTS));
        b.addChain(NfChain.base(nf, TABLE, MASQUERADING, "nat", Nft.HOOK_POSTROUTING, Nft.PRIORITY_SRCNAT));
        for (String c : List.of(PREROUTING, OUTPUT, HOSTPORTS)) {
            b.flushChain(nf, TABLE, c);
        }
        for (NfRule r : fixedRules()) {
            b.addRule(r);
        }
        if (markBit >= 0) {
            NfRule masq = masqRule(markBit);
            if (nft.rules(nf, TABLE, MASQUERADING).stream().noneMatch(r -> r.sameAs(masq))) {
                b.addRule(masq);
            }
        }
    }

    private List<NfRule> fixedRules() {
        Field daddr = v4() ? Field.IP_DADDR : Field.IP6_DADDR;
        return List.of(
                RuleBuilder.in(nf, TABLE, PREROUTING).fibDaddrLocal().verdict(Verdict.jump(HOSTPORTS)).build(),
                RuleBuilder.in(nf, TABLE, OUTPUT).fibDaddrLocal().verdict(Verdict.jump(HOSTPORTS)).build(),
                RuleBuilder.in(nf, TABLE, HOSTPORTS).vmap(HOSTIP_MAP, daddr, Field.L4PROTO, Field.TH_DPORT).build(),
                RuleBuilder.in(nf, TABLE, HOSTPORTS).vmap(HOSTPORTS_MAP, Field.L4PROTO, Field.TH_DPORT).build());
    }

    private NfRule masqRule(int markBit) {
        return RuleBuilder.in(nf, TABLE, MASQUERADING).markBits(1 << markBit).masquerade()
                .comment("jnet portmap: masquerade what the mark bit " + markBit + " asks").build();
    }

    /**
     * The attachment chain's rules, per run of consecutive mappings of this family in order (a published range is one
     * run, as on iptables): with snat the hairpin mark (from the container's subnet, or any source with masqAll), the
     * localhost mark (IPv4, without masqAll or the userland proxy), then the DNAT to the container; a run whose ports
     * are the same on both sides is one DNAT keeping the port, a shifted run one DNAT per port (nftables has no
     * shifted port range). With the userland proxy, loopback destinations return first: the proxy answers there.
     */
    List<NfRule> chainRules(PortPublication p, String chain) {
        IpPrefix container = p.address(family);
        String comment = NftNames.owner("portmap", p.network(), p.containerId());
        int mark = 1 << p.markMasqBit();
        List<NfRule> out = new ArrayList<>();
        if (p.userlandProxy()) {
            out.add(RuleBuilder.in(nf, TABLE, chain).match(v4() ? Field.IP_DADDR : Field.IP6_DADDR,
                    IpPrefix.parse(v4() ? "127.0.0.0/8" : "::1/128")).verdict(Verdict.RETURN).comment(comment).build());
        }
        for (PortRun run : PortRun.of(p.mappings())) {
            PortMapping m = run.first();
            if (!m.appliesTo(family) || p.userlandProxy() && m.isLoopback()) {
                continue;
            }
            if (p.snat()) {
                RuleBuilder hairpin = match(chain, run);
                if (!p.masqAll()) {
                    hairpin.match(v4() ? Field.IP_SADDR : Field.IP6_SADDR, container.network());
                }
                out.add(hairpin.setMarkBits(mark).comment(comment).build());
                if (v4() && !p.masqAll() && !p.userlandProxy()) {
                    out.add(match(chain, run).match(Field.IP_SADDR, IpPrefix.parse("127.0.0.1/32")).setMarkBits(mark)
                            .comment(comment).build());
                }
            }
            if (run.isSingle() || run.containerStart() == run.hostStart()) {
                int port = run.isSingle() ? run.containerStart() : 0; // 0: the port stays
                out.add(match(chain, run).dnat(container.address(), port).comment(comment).build());
            } else {
                for (int i = 0; i <= run.hostEnd() - run.hostStart(); i++) {
                    PortRun one = new PortRun(run.protocol(), run.hostIp(), run.hostStart() + i, run.hostStart() + i,
                            run.containerStart() + i);
                    out.add(match(chain, one).dnat(container.address(), one.containerStart()).comment(comment).build());
                }
            }
        }
        return out;
    }

    /** {@code [ip daddr HOST] PROTO dport PORT[-LAST]}. */
    private RuleBuilder match(String chain, PortRun run) {
        RuleBuilder r = RuleBuilder.in(nf, TABLE, chain);
        PortMapping m = run.first();
        if (m.destination() != null) {
            IpPrefix host = IpPrefix.parse(m.destination());
            r.match(v4() ? Field.IP_DADDR : Field.IP6_DADDR, new IpPrefix(host.address(), v4() ? 32 : 128));
        }
        return r.dportRange(run.protocol(), run.hostStart(), run.hostEnd());
    }

    /** CHECK of the shared chains: the fixed rules, and the masquerade of {@code markBit} (-1: none). */
    List<String> sharedProblems(NfTables nft, int markBit) throws NetlinkException {
        List<String> out = new ArrayList<>();
        List<NfRule> wanted = new ArrayList<>(fixedRules());
        if (markBit >= 0) {
            wanted.add(masqRule(markBit));
        }
        for (NfRule want : wanted) {
            if (nft.rules(nf, TABLE, want.chain()).stream().noneMatch(r -> r.sameAs(want))) {
                out.add("rule \"" + want.body() + "\" is missing from " + want.chain());
            }
        }
        return out;
    }
}
