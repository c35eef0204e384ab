package io.jnet.plugin.bridge;

import io.jnet.cni.spec.CniException;
import io.jnet.netlink.MacAddress;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.netfilter.NfBatch;
import io.jnet.netlink.netfilter.NfChain;
import io.jnet.netlink.netfilter.NfFamily;
import io.jnet.netlink.netfilter.NfRule;
import io.jnet.netlink.netfilter.NfTable;
import io.jnet.netlink.netfilter.NfTables;
import io.jnet.netlink.netfilter.Nft;
import io.jnet.netlink.netfilter.RuleBuilder;
import io.jnet.netlink.netfilter.Verdict;
import io.jnet.netlink.netfilter.expr.Cmp;
import io.jnet.netlink.netfilter.expr.Expr;
import io.jnet.netlink.netfilter.expr.Immediate;
import io.jnet.netlink.netfilter.expr.Meta;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * macspoofchk in the reference's nftables layout: in table {@code bridge nat}, base chain {@code PREROUTING}
 * (filter hook prerouting priority -300) jumps frames from the host veth to {@code cni-br-iface-<cid>-<if>},
 * which jumps to {@code ...-mac}: the container MAC returns, anything else is dropped. Every rule is commented
 * {@code macspoofchk-<cid>-<if>}. Each change is one nf_tables batch over netlink (all or nothing, no nft process).
 */
final class SpoofCheck {
    private static final NfFamily FAMILY = NfFamily.BRIDGE;
    private static final String TABLE = "nat";
    private static final String PREROUTING = "PREROUTING";

    private final String id;

    SpoofCheck(String containerId, String ifname) {
        this.id = AttachmentId.spoofCheckId(containerId, ifname);
    }

    private SpoofCheck(String id) {
        this.id = id;
    }

    private String ifaceChain() {
        return "cni-br-iface-" + id;
    }

    private String macChain() {
        return ifaceChain() + "-mac";
    }

    private String comment() {
        return "macspoofchk-" + id;
    }

    /** {@code nft -f} of the reference's script: the table, the base chain, the two chains and their rules. */
    void setup(String hostIface, String containerMac) throws CniException {
        String c = comment();
        NfBatch b = new NfBatch().addTable(NfTable.of(FAMILY, TABLE))
                .addChain(NfChain.base(FAMILY, TABLE, PREROUTING, "filter", Nft.HOOK_PREROUTING, Nft.PRIORITY_RAW))
                .addChain(NfChain.regular(FAMILY, TABLE, ifaceChain()))
                .addChain(NfChain.regular(FAMILY, TABLE, macChain()))
                .addRule(RuleBuilder.in(FAMILY, TABLE, PREROUTING).iifname(hostIface, true)
                        .verdict(Verdict.jump(ifaceChain())).comment(c).build())
                .addRule(RuleBuilder.in(FAMILY, TABLE, ifaceChain()).verdict(Verdict.jump(macChain())).comment(c).build())
                .addRule(RuleBuilder.in(FAMILY, TABLE, macChain()).etherSaddr(MacAddress.parse(containerMac).bytes())
                        .verdict(Verdict.RETURN).comment(c).build())
                .addRule(RuleBuilder.in(FAMILY, TABLE, macChain()).verdict(Verdict.DROP).comment(c).build());
        try (NfTables nft = NfTables.open()) {
            nft.commit(b);
        } catch (NetlinkException e) {
            throw new CniException(CniException.PLUGIN_SPECIFIC, "cannot set up macspoofchk", e.getMessage());
        }
    }

    /** Removes the attachment's rules and chains; nothing there is fine. */
    void teardown() throws CniException {
        try (NfTables nft = NfTables.open()) {
            teardown(nft);
        } catch (NetlinkException e) {
            throw new CniException(CniException.PLUGIN_SPECIFIC, "cannot remove macspoofchk", e.getMessage());
        }
    }

    private void teardown(NfTables nft) throws NetlinkException {
        NfBatch b = new NfBatch();
        for (NfRule r : nft.rules(FAMILY, TABLE, PREROUTING)) {
            if (comment().equals(r.comment())) {
                b.deleteRule(r);
            }
        }
        for (String ch : List.of(ifaceChain(), macChain())) {
            if (nft.chain(FAMILY, TABLE, ch).isPresent()) {
                b.flushChain(FAMILY, TABLE, ch);
            }
        }
        for (String ch : List.of(ifaceChain(), macChain())) {
            if (nft.chain(FAMILY, TABLE, ch).isPresent()) {
                b.deleteChain(FAMILY, TABLE, ch);
            }
        }
        nft.commit(b);
    }

    /**
     * GC: removes the spoof checks of attachments whose {@code containerID-ifname} is not in {@code validIds} and
     * whose host port is gone or is a port of this network's bridge ({@code ours}), so other bridges' attachments
     * are left alone. Returns the removed identities; no table means nothing to do.
     */
    static List<String> gc(Set<String> validIds, Predicate<String> ours) throws CniException {
        List<String> removed = new ArrayList<>();
        try (NfTables nft = NfTables.open()) {
            for (NfRule r : nft.rules(FAMILY, TABLE, PREROUTING)) {
                String c = r.comment();
                String port = iifname(r);
                String target = jumpTarget(r);
                if (c == null || !c.startsWith("macspoofchk-") || port == null || target == null) {
                    continue;
                }
                String id = c.substring("macspoofchk-".length());
                if (target.equals("cni-br-iface-" + id) && !validIds.contains(id) && ours.test(port) && !removed.contains(id)) {
                    new SpoofCheck(id).teardown(nft);
                    removed.add(id);
                }
            }
        } catch (NetlinkException e) {
            throw new CniException(CniException.PLUGIN_SPECIFIC, "cannot collect macspoofchk rules", e.getMessage());
        }
        return removed;
    }

    /** The interface name a rule matches with {@code iifname NAME}, or null. */
    private static String iifname(NfRule r) {
        List<Expr> e = r.exprs();
        for (int i = 0; i + 1 < e.size(); i++) {
            if (e.get(i) instanceof Meta m && m.key() == Meta.IIFNAME && e.get(i + 1) instanceof Cmp c && c.op() == Cmp.EQ) {
                byte[] raw = c.data();
                int n = 0;
                while (n < raw.length && raw[n] != 0) {
                    n++;
                }
                return new String(raw, 0, n, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The chain a rule jumps to, or null. */
    private static String jumpTarget(NfRule r) {
        for (Expr x : r.exprs()) {
            if (x instanceof Immediate im && im.verdict() != null && im.verdict().code() == Verdict.JUMP_CODE) {
                return im.verdict().chain();
            }
        }
        return null;
    }
}
