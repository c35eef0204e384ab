package io.jnet.plugin.portmap;

import io.jnet.explain.Explain;
import io.jnet.firewall.Family;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.netfilter.ConntrackEntry;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Removes stale UDP conntrack entries of published ports: an entry created before the DNAT rule existed
 * (or while another container had the port) keeps steering a UDP flow to the old destination. Speaks ctnetlink
 * in this process's namespace (what the {@code conntrack} tool does, without starting it); failures are
 * logged, never fatal, like the reference.
 */
public class Conntrack {
    private static final int UDP = 17;
    /** Up to this many ports, one delete (a listing each) per port; beyond, one listing picks the ports to delete. */
    private static final int LIST_FIRST_ABOVE = 4;

    /** Deletes the UDP entries whose original destination port is one of {@code ports}, in {@code family}. */
    public void deleteUdp(Family family, List<Integer> ports, PrintStream log) {
        if (ports.isEmpty()) {
            return;
        }
        int af = family == Family.IPV6 ? io.jnet.netlink.netfilter.Conntrack.AF_INET6 : io.jnet.netlink.netfilter.Conntrack.AF_INET;
        try (io.jnet.netlink.netfilter.Conntrack ct = io.jnet.netlink.netfilter.Conntrack.open()) {
            List<Integer> targets = ports;
            if (ports.size() > LIST_FIRST_ABOVE) {
                // A published range: one listing instead of one per port, then only the ports that have entries.
                targets = withEntries(ct.list(af), ports);
            }
            for (int port : targets) {
                ct.deleteByOriginalDestination(af, UDP, port, null);
                if (Explain.current().active()) {
                    Explain.current().command("conntrack -D -f " + (family == Family.IPV6 ? "ipv6" : "ipv4") + " -p udp --dport " + port);
                }
            }
        } catch (NetlinkException e) {
            log.println("portmap: stale UDP conntrack entries for ports " + ports + " not removed: " + e.getMessage());
        }
    }

    /** The ports of {@code ports} that are the original destination port of a UDP entry of {@code entries}. */
    static List<Integer> withEntries(List<ConntrackEntry> entries, List<Integer> ports) {
        Set<Integer> wanted = new HashSet<>(ports);
        Set<Integer> found = new TreeSet<>();
        for (ConntrackEntry e : entries) {
            if (e.protocol() == UDP && wanted.contains(e.destinationPort())) {
                found.add(e.destinationPort());
            }
        }
        return new ArrayList<>(found);
    }
}
