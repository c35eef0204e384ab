package io.jnet.firewall;

import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.netfilter.NfFamily;
import io.jnet.netlink.netfilter.NfTables;
import java.util.List;
import java.util.Map;

/**
 * Where iptables is the nf_tables variant, a table nothing ever wrote to does not exist in the kernel, and its
 * {@code iptables-save} could only list the table's built-in chains, empty, with policy ACCEPT. One netlink request
 * tells that without running the program (a DEL scans IPv6 for its rules even on IPv4-only hosts: three program
 * runs per detach without the {@link RulesetCache}, one with it).
 */
final class AbsentTables {
    private static final Map<String, List<String>> BUILT_IN = Map.of(
            "filter", List.of("INPUT", "FORWARD", "OUTPUT"),
            "nat", List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"),
            "mangle", List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"),
            "raw", List.of("PREROUTING", "OUTPUT"),
            "security", List.of("INPUT", "FORWARD", "OUTPUT"));

    private AbsentTables() {}

    /** Whether {@code table} is one of iptables' own tables, whose built-in chains we know. */
    static boolean known(String table) {
        return BUILT_IN.containsKey(table);
    }

    /** Whether none of iptables-nft's tables of {@code family} exists where {@code nft} acts (one table dump). */
    static boolean none(NfTables nft, Family family) throws NetlinkException {
        NfFamily nf = family == Family.IPV4 ? NfFamily.IP : NfFamily.IP6;
        return nft.tables().stream().noneMatch(t -> t.family() == nf && known(t.name()));
    }

    /** What {@code iptables-save -t TABLE} prints for a table that does not exist: its built-in chains, empty. */
    static Table empty(String table) {
        StringBuilder save = new StringBuilder("*").append(table).append('\n');
        BUILT_IN.get(table).forEach(chain -> save.append(':').append(chain).append(" ACCEPT [0:0]\n"));
        return Table.parse(table, save.append("COMMIT\n").toString());
    }
}
