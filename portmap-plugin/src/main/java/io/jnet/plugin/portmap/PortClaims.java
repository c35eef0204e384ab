package io.jnet.plugin.portmap;

import io.jnet.cni.spec.CniException;
import io.jnet.firewall.Family;
import io.jnet.firewall.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may take a host port: a request may not map one port twice, and may not take a port that another
 * attachment (jnet's or the reference's, read from the nat table) publishes on an overlapping address.
 * The reference lets the last writer win silently; jnet refuses with code {@link #PORT_ALREADY_PUBLISHED}.
 */
final class PortClaims {
    /** A host port that another attachment already publishes. */
    static final int PORT_ALREADY_PUBLISHED = CniException.PLUGIN_SPECIFIC;

    private PortClaims() {}

    static void refuseDuplicates(PortmapConfig conf, Family f) throws CniException {
        List<PortMapping> seen = new ArrayList<>();
        for (PortMapping m : conf.mappings()) {
            if (!m.appliesTo(f)) {
                continue;
            }
            for (PortMapping s : seen) {
                if (s.protocol().equals(m.protocol()) && s.hostPort() == m.hostPort()
                        && (s.destination() == null || m.destination() == null || s.destination().equals(m.destination()))) {
                    throw new CniException(CniException.INVALID_NETWORK_CONFIG, "duplicate port mapping",
                            "host port " + m.hostPort() + "/" + m.protocol() + " is mapped twice");
                }
            }
            seen.add(m);
        }
    }

    static void refuseTaken(PortmapConfig conf, String containerId, Family f, Table nat) throws CniException {
        String own = Chains.dnatChain(conf.network(), containerId);
        List<PublishedPorts.Port> published = PublishedPorts.read(nat);
        for (PortMapping m : conf.mappings()) {
            if (!m.appliesTo(f)) {
                continue;
            }
            for (PublishedPorts.Port p : published) {
                if (!p.chain().equals(own) && p.overlaps(m.protocol(), m.hostPort(), m.destination())) {
                    String where = m.destination() == null ? "any address" : m.destination();
                    throw new CniException(PORT_ALREADY_PUBLISHED, "host port already published",
                            "host port " + m.hostPort() + "/" + m.protocol() + " on " + where + " (" + PortmapPlugin.name(f)
                                    + ") is already published by " + p.owner()
                                    + (p.hostIp() == null ? "" : " on " + p.hostIp()));
                }
            }
        }
    }
}
