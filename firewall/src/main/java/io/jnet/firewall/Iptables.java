package io.jnet.firewall;

import java.nio.file.Path;
import java.util.List;

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
