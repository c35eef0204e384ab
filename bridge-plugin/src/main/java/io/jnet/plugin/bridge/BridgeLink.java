package io.jnet.plugin.bridge;

import io.jnet.cni.spec.CniException;
import io.jnet.netlink.Addr;
import io.jnet.netlink.AlreadyExistsException;
import io.jnet.netlink.Bridge;
import io.jnet.inet.IpPrefix;
import io.jnet.netlink.Link;
import io.jnet.netlink.MacAddress;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.ns.NetNs;
import io.jnet.netlink.ns.Sysctl;
import java.util.Optional;

/** The bridge in the host namespace: ensured (created if missing), and given the gateway addresses. */
final class BridgeLink {
    private BridgeLink() {}

    /** The bridge after {@link #ensure}, and whether this call created it (so a failed ADD may remove it). */
    record Ensured(Link link, boolean created) {}

    /**
     * Creates the bridge if missing (mtu and vlan_filtering only at creation), sets promisc when asked, refuses a
     * non-bridge of that name, turns accept_ra off (we own its routes) and brings it up.
     */
    static Ensured ensure(Netlink host, NetNs hostNs, BridgeConfig cfg) throws CniException {
        String name = cfg.bridge();
        boolean created = false;
        try {
            if (host.findLink(name).isEmpty()) {
                try {
                    host.createBridge(Bridge.of(name).withMtu(cfg.mtu()).withVlanFiltering(cfg.vlanFiltering()));
                    created = true;
                } catch (AlreadyExistsException raced) {
                    // another ADD made it meanwhile: use it
                }
            }
        } catch (NetlinkException e) {
            String hint = cfg.vlanFiltering() && e.errno() == 95
                    ? " (vlan/vlanTrunk need a kernel with bridge VLAN filtering, CONFIG_BRIDGE_VLAN_FILTERING)" : "";
            throw Errors.failed("failed to create bridge \"" + name + "\": could not add \"" + name + "\"" + hint, e);
        }
        try {
            Link br = byName(host, name);
            if (cfg.promiscMode()) {
                host.setPromiscuous(br.index(), true);
            }
            try {
                Sysctl.set(hostNs, Sysctl.interfaceKey("ipv6", name, "accept_ra"), "0");
            } catch (Exception ignored) {
                // IPv6 may be disabled: the reference ignores this too
            }
            host.setUp(br.index());
            return new Ensured(host.link(br.index()), created);
        } catch (NetlinkException e) {
            if (created) {
                deleteQuietly(host, name);
            }
            throw Errors.failed("failed to set up bridge \"" + name + "\"", e);
        } catch (CniException e) {
            if (created) {
                deleteQuietly(host, name);
            }
            throw e;
        }
    }

    /** The link named {@code name}, which must be a bridge. */
    static Link byName(Netlink host, String name) throws CniException {
        Optional<Link> l;
        try {
            l = host.findLink(name);
        } catch (NetlinkException e) {
            throw Errors.failed("could not lookup \"" + name + "\"", e);
        }
        if (l.isEmpty()) {
            throw Errors.failed("could not lookup \"" + name + "\": Link not found");
        }
        if (!l.get().isBridge()) {
            throw Errors.failed("\"" + name + "\" already exists but is not a bridge");
        }
        return l.get();
    }

    /**
     * Puts {@code gw} (gateway address with the container's prefix length) on the bridge unless it is there. An
     * IPv4 address that differs, or an overlapping IPv6 one, is an error unless forceAddress replaces it. Then pins
     * the bridge MAC (otherwise it follows the lowest port MAC as ports come and go): {@code br} must be the link as
     * read before this ADD's port was attached ({@link #ensure}'s).
     */
    static void ensureGatewayAddress(Netlink host, Link br, IpPrefix gw, boolean forceAddress) throws CniException {
        try {
            for (Addr a : host.addresses(gw.family(), br.index())) {
                if (a.prefix().equals(gw)) {
                    pinMac(host, br);
                    return;
                }
                boolean overlap = a.prefix().contains(gw.address()) || gw.contains(a.prefix().address());
                if (gw.isIpv4() || overlap) {
                    if (!forceAddress) {
                        throw Errors.failed("\"" + br.name() + "\" already has an IP address different from " + gw);
                    }
                    host.deleteAddress(a);
                }
            }
            try {
                host.addAddress(Addr.of(br.index(), gw));
            } catch (AlreadyExistsException fine) {
                // added by a concurrent ADD
            }
            pinMac(host, br);
        } catch (NetlinkException e) {
            throw Errors.failed("failed to set bridge addr", e);
        }
    }

    /**
     * Sets the bridge's MAC to the one in {@code br}, read before this ADD attached its port (for a bridge made by
     * this ADD, its MAC at creation), as the reference does. Read now, it would already be the new port's MAC. A
     * bridge that was never pinned and lost all its ports has none of its own (00:00:00:00:00:00, which the kernel
     * refuses and the reference then fails on): it keeps the MAC it took from the new port.
     */
    private static void pinMac(Netlink host, Link br) throws NetlinkException {
        MacAddress mac = br.mac();
        if (isZero(mac)) {
            mac = host.link(br.index()).mac();
        }
        if (!isZero(mac)) {
            host.setMac(br.index(), mac);
        }
    }

    private static boolean isZero(MacAddress mac) {
        if (mac == null) {
            return true;
        }
        for (byte b : mac.bytes()) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    static void deleteQuietly(Netlink host, String name) {
        try {
            host.deleteLink(name);
        } catch (NetlinkException ignored) {
            // already gone
        }
    }
}
