package io.jnet.plugin.bridge;

import io.jnet.cni.invoke.Delegation;
import io.jnet.cni.result.NetInterface;
import io.jnet.cni.result.Result;
import io.jnet.cni.skel.CniRequest;
import io.jnet.cni.spec.CniException;
import io.jnet.firewall.Backends;
import io.jnet.firewall.FirewallException;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.ns.NetNs;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * DEL: best effort and idempotent, by the attachment's identity. Removes the container interface when the netns is
 * there, else the host veth found by its identity-derived name (or prevResult's), releases the IPAM reservation,
 * removes the spoof check and the masquerade chain; collects failures and reports the first.
 */
final class BridgeDel {
    private final Delegation ipam;
    private final Backends firewall;

    BridgeDel(Delegation ipam, Backends firewall) {
        this.ipam = ipam;
        this.firewall = firewall;
    }

    void del(CniRequest req, BridgeConfig cfg) throws CniException {
        List<Exception> failures = new ArrayList<>();
        removeLinks(req, cfg, failures);
        if (cfg.isLayer3()) {
            try {
                ipam.del(cfg.ipamType(), req.stdin(), req.env());
            } catch (CniException e) {
                failures.add(e);
            }
        }
        if (cfg.macSpoofCheck()) {
            try {
                new SpoofCheck(req.containerId(), req.ifname()).teardown();
            } catch (CniException e) {
                failures.add(e);
            }
        }
        if (cfg.ipMasq()) {
            try {
                // after removeLinks: what the container still holds is its other interfaces' (nothing if it is gone)
                BridgePlugin.masquerading(firewall, cfg).teardown(req.config().name(), req.containerId(), addressesLeft(req));
            } catch (FirewallException e) {
                failures.add(Errors.failed("failed to remove IP masquerade", e));
            }
        }
        throwFirst(failures);
    }

    /**
     * Deletes the container interface when the netns is there, and the host veth found by the attachment's
     * identity (its derived name, or prevResult's host veth) when the netns is gone or not given.
     */
    private void removeLinks(CniRequest req, BridgeConfig cfg, List<Exception> failures) {
        if (!req.netns().isEmpty() && Files.exists(Path.of(req.netns()))) {
            try (NetNs ns = NetNs.open(Path.of(req.netns())); Netlink nl = Netlink.open(ns)) {
                Link l = nl.findLink(req.ifname()).orElse(null);
                if (l != null) {
                    nl.deleteLink(l.index());
                }
            } catch (NetlinkException e) {
                if (!(e instanceof io.jnet.netlink.NotFoundException)) {
                    failures.add(Errors.failed("failed to delete \"" + req.ifname() + "\" in " + req.netns(), e));
                }
            }
        }
        Set<String> candidates = new java.util.LinkedHashSet<>();
        candidates.add(VethPair.hostName(req.config().name(), req.containerId(), req.ifname()));
        try {
            Result prev = req.config().prevResult();
            if (prev != null) {
                for (NetInterface i : prev.interfaces()) {
                    if (i.sandbox() == null && !i.name().equals(cfg.bridge())) {
                        candidates.add(i.name());
                    }
                }
            }
        } catch (CniException ignored) {
            // an unreadable prevResult only costs us this hint
        }
        try (Netlink host = BridgePlugin.openHere()) {
            Link br = host.findLink(cfg.bridge()).orElse(null);
            for (String name : candidates) {
                Link l = host.findLink(name).orElse(null);
                // only a veth on our bridge is ours to delete
                if (l != null && l.isVeth() && br != null && l.masterIndex() == br.index()) {
                    host.deleteLink(l.index());
                }
            }
        } catch (NetlinkException e) {
            if (!(e instanceof io.jnet.netlink.NotFoundException)) {
                failures.add(Errors.failed("failed to delete the host veth", e));
            }
        } catch (CniException e) {
            failures.add(e);
        }
    }

    /**
     * The addresses the container's remaining interfaces hold, whose masquerade stays; none when the netns is gone
     * or not given (then every interface of the container went with it) or cannot be read.
     */
    private static Set<InetAddress> addressesLeft(CniRequest req) {
        if (req.netns().isEmpty() || !Files.exists(Path.of(req.netns()))) {
            return Set.of();
        }
        try (NetNs ns = NetNs.open(Path.of(req.netns())); Netlink nl = Netlink.open(ns)) {
            return ContainerIface.addressesBesides(nl, 0);
        } catch (NetlinkException e) {
            req.log().println("bridge: cannot read the container's addresses (" + e.getMessage() + "): removing all its masquerade");
            return Set.of();
        }
    }

    static void throwFirst(List<Exception> failures) throws CniException {
        if (failures.isEmpty()) {
            return;
        }
        Exception first = failures.get(0);
        CniException e = first instanceof CniException c ? c : Errors.failed("DEL failed", first);
        for (Exception other : failures.subList(1, failures.size())) {
            e.addSuppressed(other);
        }
        throw e;
    }
}
