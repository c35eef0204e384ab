package io.jnet.firewall;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The iptables backend: read a table, apply a transaction. Implementations act on the network
 * namespace of the calling process. Tests may substitute their own; plugins are handed one.
 */
public interface Iptables {

    /** The current rules of {@code table} ({@code iptables-save -t TABLE}). */
    Table read(Family family, String table) throws FirewallException;

    /**
     * Only the named chains of {@code table}, those that exist. Cheaper than {@link #read} on a big table: the
     * cost stays the same however many other chains there are. Not atomic across chains.
     */
    default Table readChains(Family family, String table, List<String> chains) throws FirewallException {
        return read(family, table).only(chains);
    }

    /** Several tables of one family, keyed by name; one program run where the implementation can (one iptables-save). */
    default Map<String, Table> readTables(Family family, List<String> tables) throws FirewallException {
        Map<String, Table> out = new LinkedHashMap<>();
        for (String table : tables) {
            out.put(table, read(family, table));
        }
        return out;
    }

    /**
     * Applies {@code txs} in order, each atomically, with one program run where the implementation can (one
     * iptables-restore with a section per transaction). A failure leaves the transactions before the failed one
     * applied.
     */
    default void apply(Family family, List<Transaction> txs) throws FirewallException {
        for (Transaction tx : txs) {
            apply(family, tx);
        }
    }

    /**
     * Applies {@code tx} atomically ({@code iptables-restore --noflush}): all of it or none. Once applied, the
     * equivalent iptables commands go to the calling thread's {@link io.jnet.explain.Explain} sink.
     */
    void apply(Family family, Transaction tx) throws FirewallException;

    /** Whether this backend can work here (the commands exist), with the reason when not. */
    String unavailableReason(Family family);

    /** The backend running the iptables commands found on this machine. */
    static Iptables commands() {
        return new IptablesCommands(List.of());
    }

    /** The same, acting on the network namespace at {@code netnsPath} (through nsenter). */
    static Iptables commandsIn(Path netnsPath) throws FirewallException {
        return new IptablesCommands(List.of(IptablesCommands.find("nsenter"), "--net=" + netnsPath, "--"),
                io.jnet.explain.Commands.where(netnsPath));
    }
}
