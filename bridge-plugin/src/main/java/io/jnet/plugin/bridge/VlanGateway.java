package io.jnet.plugin.bridge;

import io.jnet.cni.spec.CniException;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.ns.NetNs;

/**
 * With {@code vlan} and {@code isGateway} the reference puts the gateway address not on the bridge but on a host
 * veth named {@code <bridge>.<vlan>} whose peer is an access port of that VLAN on the bridge (ensureVlanInterface).
 */
final class VlanGateway {
    private VlanGateway() {}

    /** The interface and whether this call created it (a failed ADD then removes it). */
    record Ensured(Link link, boolean created) {}

    static Ensured ensure(Netlink host, NetNs hostNs, Link br, BridgeConfig cfg, String network) throws CniException {
        String name = br.name() + "." + cfg.vlan();
        try {
            Link existing = host.findLink(name).orElse(null);
            if (existing != null) {
                return new Ensured(existing, false);
            }
        } catch (NetlinkException e) {
            throw Errors.failed("failed to find interface \"" + name + "\"", e);
        }
        VethPair.Created pair = VethPair.create(host, host, hostNs, name, VethPair.hostName(network, name, "vlan-gw"),
                br.mtu(), null);
        try {
            BridgeConfig port = new BridgeConfig(cfg.bridge(), false, false, false, false, null, cfg.mtu(), false, false,
                    cfg.vlan(), java.util.List.of(), false, cfg.preserveDefaultVlan(), false, false, false, false, null,
                    cfg.dns(), null);
            HostPort.attach(host, hostNs, pair.host(), br, port);
            host.setUp(pair.container().index());
            return new Ensured(host.link(pair.container().index()), true);
        } catch (CniException | NetlinkException e) {
            BridgeLink.deleteQuietly(host, name);
            throw e instanceof CniException c ? c : Errors.failed("failed to up \"" + name + "\"", (NetlinkException) e);
        }
    }
}
