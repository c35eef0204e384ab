package io.jnet.plugin.bridge;

import io.jnet.cni.spec.CniException;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.ns.NetNs;
import io.jnet.netlink.ns.Sysctl;

/** The host end of the veth as a bridge port: up, enslaved, hairpin/isolation flags, VLANs. */
final class HostPort {
    private HostPort() {}

    static void attach(Netlink host, NetNs hostNs, Link veth, Link br, BridgeConfig cfg) throws CniException {
        String name = veth.name();
        int index = veth.index();
        try {
            host.setUp(index);
        } catch (NetlinkException e) {
            throw Errors.failed("failed to set \"" + name + "\" up", e);
        }
        try {
            Sysctl.set(hostNs, Sysctl.interfaceKey("ipv6", name, "accept_ra"), "0"); // we own its routes
        } catch (Exception ignored) {
            // IPv6 disabled on the host: nothing to turn off
        }
        try {
            host.setMaster(index, br.index());
        } catch (NetlinkException e) {
            throw Errors.failed("failed to connect \"" + name + "\" to bridge " + br.name(), e);
        }
        try {
            host.setHairpin(index, cfg.hairpinMode());
        } catch (NetlinkException e) {
            throw Errors.failed("failed to setup hairpin mode for " + name, e);
        }
        if (cfg.portIsolation()) {
            try {
                host.setIsolated(index, true);
            } catch (NetlinkException e) {
                throw Errors.failed("failed to set port isolation on " + name, e);
            }
        }
        vlans(host, index, name, br, cfg);
    }

    /** Access port (vlan: pvid untagged) or trunk port (tagged vlans), optionally without the bridge's default VLAN. */
    private static void vlans(Netlink host, int index, String name, Link br, BridgeConfig cfg) throws CniException {
        boolean any = cfg.vlan() != 0 || !cfg.vlans().isEmpty();
        try {
            if (any && !cfg.preserveDefaultVlan()) {
                int pvid = br.bridge() == null ? 1 : br.bridge().defaultPvid();
                if (pvid != 0) {
                    host.deleteBridgeVlan(index, pvid);
                }
            }
        } catch (NetlinkException e) {
            throw Errors.failed("failed to remove default vlan on interface \"" + name + "\"" + hint(e), e);
        }
        try {
            if (cfg.vlan() != 0) {
                host.addBridgeVlan(index, cfg.vlan(), true, true);
            }
            for (int v : cfg.vlans()) {
                host.addBridgeVlan(index, v, false, false);
            }
        } catch (NetlinkException e) {
            throw Errors.failed("failed to setup vlan tag on interface \"" + name + "\"" + hint(e), e);
        }
    }

    private static String hint(NetlinkException e) {
        return e.errno() == 95 || e.errno() == 22
                ? " (needs bridge vlan_filtering, i.e. a kernel with CONFIG_BRIDGE_VLAN_FILTERING)" : "";
    }
}
