package io.jnet.plugin.portmap;

import io.jnet.explain.Explain;
import io.jnet.firewall.Family;
import io.jnet.netlink.NetlinkException;
import java.io.PrintStream;
import java.util.List;

/**
 * Removes stale UDP conntrack entries of published ports: an entry created before the DNAT rule existed
 * (or while another container had the port) keeps steering a UDP flow to the old destination. Speaks ctnetlink
 * in this process's namespace (what the {@code conntrack} tool does, without starting it); failures are
 * logged, never fatal, like the reference.
 */
public class Conntrack {
    private static final int UDP = 17;

    /** Deletes the UDP entries whose original destination port is one of {@code ports}, in {@code family}. */
    public void deleteUdp(Family family, List<Integer> ports, PrintStream log) {
        if (ports.isEmpty()) {
            return;
        }
        int af = family == Family.IPV6 ? io.jnet.netlink.netfilter.Conntrack.AF_INET6 : io.jnet.netlink.netfilter.Conntrack.AF_INET;
        try (io.jnet.netlink.netfilter.Conntrack ct = io.jnet.netlink.netfilter.Conntrack.open()) {
            for (int port : ports) {
                ct.deleteByOriginalDestination(af, UDP, port, null);
                if (Explain.current().active()) {
                    Explain.current().command("conntrack -D -f " + (family == Family.IPV6 ? "ipv6" : "ipv4") + " -p udp --dport " + port);
                }
            }
        } catch (NetlinkException e) {
            log.println("portmap: stale UDP conntrack entries for ports " + ports + " not removed: " + e.getMessage());
        }
    }
}
