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

    /** Applies {@code tx} atomically ({@code iptables-restore --noflush}): all of it or none. */
    void apply(Family family, Transaction tx) throws FirewallException;

    /** Whether this backend can work here (the commands exist), with the reason when not. */
    String unavailableReason(Family family);

    /** The backend running the iptables commands found on this machine. */
    static Iptables commands() {
        return new IptablesCommands(List.of());
    }

    /** The same, acting on the network namespace at {@code netnsPath} (through nsenter). */
    static Iptables commandsIn(Path netnsPath) throws FirewallException {
        return new IptablesCommands(List.of(IptablesCommands.find("nsenter"), "--net=" + netnsPath, "--"));
    }
}
