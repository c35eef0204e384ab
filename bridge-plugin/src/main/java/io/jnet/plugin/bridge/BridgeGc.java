package io.jnet.plugin.bridge;

import io.jnet.cni.invoke.Delegation;
import io.jnet.cni.skel.CniRequest;
import io.jnet.cni.spec.Attachment;
import io.jnet.cni.spec.CniException;
import io.jnet.firewall.Backends;
import io.jnet.firewall.FirewallException;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * GC (not in the reference): removes this network's masquerade chains and the spoof checks of attachments that are
 * not in the valid list, then forwards GC to IPAM when it speaks the version; keeps going past failures.
 */
final class BridgeGc {
    private final Delegation ipam;
    private final Backends firewall;

    BridgeGc(Delegation ipam, Backends firewall) {
        this.ipam = ipam;
        this.firewall = firewall;
    }

    void gc(CniRequest req, BridgeConfig cfg) throws CniException {
        Set<String> valid = new HashSet<>();
        for (Attachment a : req.validAttachments()) {
            valid.add(a.containerId());
        }
        List<Exception> failures = new ArrayList<>();
        try {
            Set<String> removed = new java.util.TreeSet<>(BridgePlugin.masquerading(firewall, cfg).gc(req.config().name(), valid));
            if (!removed.isEmpty()) {
                req.log().println("bridge: GC removed masquerade chains " + removed);
            }
        } catch (FirewallException e) {
            failures.add(Errors.failed("GC of masquerade chains failed", e));
        }
        try {
            Set<String> validIds = new HashSet<>();
            for (Attachment a : req.validAttachments()) {
                validIds.add(AttachmentId.spoofCheckId(a.containerId(), a.ifname()));
            }
            List<String> removed = SpoofCheck.gc(validIds, spoofPortIsOurs(cfg));
            if (!removed.isEmpty()) {
                req.log().println("bridge: GC removed mac spoof checks of " + removed);
            }
        } catch (CniException e) {
            failures.add(e);
        }
        if (cfg.isLayer3()) {
            try {
                if (IpamVersions.supports(cfg.ipamType(), req.env(), req.cniVersion())) {
                    ipam.gc(cfg.ipamType(), req.stdin(), req.env());
                } else {
                    req.log().println("bridge: IPAM plugin " + cfg.ipamType() + " does not speak " + req.cniVersion() + ": no GC sent to it");
                }
            } catch (CniException e) {
                failures.add(e);
            }
        }
        BridgeDel.throwFirst(failures);
    }

    /** A spoof check's host port is this network's when it is gone (its attachment is dead) or a port of our bridge. */
    private static java.util.function.Predicate<String> spoofPortIsOurs(BridgeConfig cfg) throws CniException {
        try (Netlink host = BridgePlugin.openHere()) {
            Link br = host.findLink(cfg.bridge()).orElse(null);
            Set<String> ports = new HashSet<>();
            Set<String> all = new HashSet<>();
            for (Link l : host.links()) {
                all.add(l.name());
                if (br != null && l.masterIndex() == br.index()) {
                    ports.add(l.name());
                }
            }
            return port -> !all.contains(port) || ports.contains(port);
        } catch (NetlinkException e) {
            throw Errors.failed("failed to list host links", e);
        }
    }
}
