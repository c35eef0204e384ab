package io.jnet.firewall.iptables;

import io.jnet.firewall.Family;
import io.jnet.firewall.PortMapping;
import io.jnet.firewall.PortPublication;
import io.jnet.firewall.PortTakenException;
import io.jnet.firewall.Table;
import java.util.List;

/**
 * Who may take a host port: a request may not take a port that another attachment (jnet's or the reference's,
 * read from the nat table) publishes on an overlapping address. The reference lets the last writer win silently;
 * jnet refuses.
 */
final class PortClaims {
    private PortClaims() {}

    static void refuseTaken(PortPublication p, Family f, Table nat) throws PortTakenException {
        String own = Chains.dnatChain(p.network(), p.containerId());
        List<PublishedPorts.Port> published = PublishedPorts.read(nat);
        for (PortMapping m : p.mappings()) {
            if (!m.appliesTo(f)) {
                continue;
            }
            for (PublishedPorts.Port port : published) {
                if (!port.chain().equals(own) && port.overlaps(m.protocol(), m.hostPort(), m.destination())) {
                    String where = m.destination() == null ? "any address" : m.destination();
                    throw new PortTakenException("host port " + m.hostPort() + "/" + m.protocol() + " on " + where + " ("
                            + IptablesPorts.name(f) + ") is already published by " + port.owner()
                            + (port.hostIp() == null ? "" : " on " + port.hostIp()));
                }
            }
        }
    }
}
