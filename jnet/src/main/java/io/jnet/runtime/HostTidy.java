package io.jnet.runtime;

import io.jnet.firewall.Family;
import io.jnet.firewall.FirewallException;
import io.jnet.firewall.Iptables;
import io.jnet.firewall.Rule;
import io.jnet.firewall.Table;
import io.jnet.firewall.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * What the plugins leave on the host on purpose because other attachments may share it: portmap's shared
 * nat chains ({@code CNI-HOSTPORT-*} and the jumps to them). The lab records whether they were there before
 * it came up and, when it made them and no published port uses them any more, removes them on the way down.
 */
public final class HostTidy {
    static final String DNAT = "CNI-HOSTPORT-DNAT";
    static final List<String> CHAINS = List.of(DNAT, "CNI-HOSTPORT-MASQ", "CNI-HOSTPORT-SETMARK");
    private static final List<String> BUILTINS = List.of("PREROUTING", "OUTPUT", "POSTROUTING", "INPUT");

    private final Iptables iptables;

    public HostTidy(Iptables iptables) {
        this.iptables = iptables;
    }

    /** The families whose nat table already holds portmap's shared chains. */
    public List<String> familiesWithChains() {
        List<String> out = new ArrayList<>();
        for (Family f : Family.values()) {
            try {
                if (iptables.unavailableReason(f) == null && iptables.read(f, "nat").hasChain(DNAT)) {
                    out.add(f.name());
                }
            } catch (FirewallException e) {
                // no nat table for this family: nothing of portmap's either
            }
        }
        return out;
    }

    /**
     * Removes the shared chains from the families not in {@code keep}, if nothing is published through them.
     *
     * @return what could not be removed (empty when all went well)
     */
    public List<String> removeUnused(List<String> keep) {
        return removeUnused(keep, new ArrayList<>());
    }

    /** As {@link #removeUnused(List)}, adding to {@code done} what was removed. */
    public List<String> removeUnused(List<String> keep, List<String> done) {
        List<String> left = new ArrayList<>();
        for (Family f : Family.values()) {
            if (keep.contains(f.name()) || iptables.unavailableReason(f) != null) {
                continue;
            }
            try {
                Table nat = iptables.read(f, "nat");
                if (!nat.hasChain(DNAT) || !nat.rules(DNAT).isEmpty()) {
                    continue; // not there, or something still publishes a port
                }
                Transaction tx = new Transaction("nat");
                for (String builtin : BUILTINS) {
                    for (Rule r : nat.rules(builtin)) {
                        int j = r.args().indexOf("-j");
                        if (j >= 0 && j + 1 < r.args().size() && CHAINS.contains(r.args().get(j + 1))) {
                            tx.delete(builtin, r);
                        }
                    }
                }
                for (String c : CHAINS) {
                    if (nat.hasChain(c)) {
                        tx.flush(c);
                    }
                }
                for (String c : CHAINS) {
                    if (nat.hasChain(c)) {
                        tx.deleteChain(c);
                    }
                }
                iptables.apply(f, tx);
                done.add("removed portmap's shared NAT chains (" + (f == Family.IPV4 ? "iptables" : "ip6tables") + "), unused now");
            } catch (FirewallException e) {
                left.add(f.name().toLowerCase() + " portmap chains (" + e.getMessage() + ")");
            }
        }
        return left;
    }
}
