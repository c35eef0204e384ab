package io.jnet.plugin.bridge;

import io.jnet.cni.invoke.Delegation;
import io.jnet.cni.result.IpConfig;
import io.jnet.cni.result.NetInterface;
import io.jnet.cni.result.Result;
import io.jnet.cni.skel.CniRequest;
import io.jnet.cni.spec.CniException;
import io.jnet.firewall.Backends;
import io.jnet.firewall.FirewallException;
import io.jnet.netlink.Addr;
import io.jnet.inet.IpPrefix;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.Route;
import io.jnet.netlink.ns.NetNs;
import java.net.InetAddress;
import java.util.List;

/**
 * CHECK as the reference does it: IPAM CHECK, then the bridge (type, MAC, promisc), the container veth (MAC) in its
 * sandbox, a host veth that is its peer and a port of the bridge, the IPs and routes in the container; jnet also
 * checks the masquerade chain it owns.
 */
final class BridgeCheck {
    private final Delegation ipam;
    private final Backends firewall;

    BridgeCheck(Delegation ipam, Backends firewall) {
        this.ipam = ipam;
        this.firewall = firewall;
    }

    void check(CniRequest req, BridgeConfig cfg) throws CniException {
        try (NetNs contNs = BridgePlugin.openNetns(req.netns()); Netlink cont = BridgePlugin.open(contNs);
                Netlink host = BridgePlugin.openHere()) {
            if (cfg.isLayer3()) {
                ipam.check(cfg.ipamType(), req.stdin(), req.env());
            }
            Result prev = req.config().prevResult();
            if (prev == null) {
                throw Errors.failed("Required prevResult missing");
            }
            NetInterface brMap = null;
            NetInterface contMap = null;
            for (NetInterface i : prev.interfaces()) {
                if (i.name().equals(cfg.bridge())) {
                    brMap = i;
                } else if (i.name().equals(req.ifname()) && req.netns().equals(i.sandbox())) {
                    contMap = i;
                }
            }
            Link br = checkBridge(host, brMap, cfg);
            if (contMap == null) {
                throw Errors.failed("Sandbox in prevResult <none> doesn't match configured netns: " + req.netns());
            }
            Link contLink = cont.findLink(contMap.name()).orElseThrow(() -> Errors.failed("CNI created interface in container " + req.ifname() + " not found"));
            if (!contLink.isVeth()) {
                throw Errors.failed("Error: Container interface " + contLink.name() + " not of type veth");
            }
            macMatches(contMap, contLink, "Interface " + contLink.name() + " Mac " + contMap.mac() + " doesn't match container Mac: " + contLink.mac());
            boolean vethFound = false;
            for (NetInterface i : prev.interfaces()) {
                if (i == brMap || i == contMap || i.sandbox() != null) {
                    continue;
                }
                Link l = host.findLink(i.name()).orElseThrow(() -> Errors.failed("Interface name " + i.name() + " not found"));
                if (l.isVeth() && l.index() == contLink.parentIndex() && l.parentIndex() == contLink.index()
                        && l.masterIndex() == br.index()) {
                    macMatches(i, l, "Interface " + i.name() + " Mac doesn't match: " + i.mac() + " not found");
                    vethFound = true;
                    break;
                }
            }
            if (!vethFound) {
                throw Errors.failed("CNI veth created for bridge " + cfg.bridge() + " was not found");
            }
            checkIps(cont, contLink, prev.ips());
            checkRoutes(cont, prev.routes());
            if (cfg.isLayer3() && cfg.ipMasq()) {
                checkMasq(req, cfg, prev.ips());
            }
        } catch (NetlinkException e) {
            throw Errors.failed("CHECK failed", e);
        }
    }

    private static Link checkBridge(Netlink host, NetInterface brMap, BridgeConfig cfg) throws CniException, NetlinkException {
        if (brMap == null) {
            throw Errors.failed("CNI created bridge " + cfg.bridge() + " in host namespace was not found");
        }
        Link br = host.findLink(brMap.name()).orElseThrow(() -> Errors.failed("Interface name " + brMap.name() + " not found"));
        if (!br.isBridge()) {
            throw Errors.failed("Interface " + br.name() + " does not have link type of bridge");
        }
        macMatches(brMap, br, "Bridge interface " + br.name() + " Mac doesn't match: " + brMap.mac());
        boolean promisc = (br.flags() & 0x100) != 0;
        if (promisc != cfg.promiscMode()) {
            throw Errors.failed("Bridge interface " + br.name() + " configured Promisc Mode " + cfg.promiscMode()
                    + " doesn't match current state: " + promisc);
        }
        return br;
    }

    private static void macMatches(NetInterface expected, Link actual, String error) throws CniException {
        if (expected.mac() != null && !expected.mac().isEmpty() && !expected.mac().equalsIgnoreCase(String.valueOf(actual.mac()))) {
            throw Errors.failed(error);
        }
    }

    private static void checkIps(Netlink cont, Link link, List<IpConfig> ips) throws CniException, NetlinkException {
        List<Addr> present = cont.addresses(0, link.index());
        for (IpConfig ip : ips) {
            IpPrefix want = IpPrefix.parse(ip.address());
            if (present.stream().noneMatch(a -> a.prefix().equals(want))) {
                throw Errors.failed("Failed to match addr " + ip.address() + " on interface " + link.name());
            }
        }
    }

    private static void checkRoutes(Netlink cont, List<io.jnet.cni.result.Route> routes) throws CniException, NetlinkException {
        for (io.jnet.cni.result.Route r : routes) {
            IpPrefix dst = IpPrefix.parse(r.dst()).network();
            InetAddress gw = r.gw() == null ? null : IpPrefix.literal(r.gw());
            boolean found = false;
            for (Route have : cont.routes(dst.family(), 0)) {
                IpPrefix haveDst = have.isDefault() ? new IpPrefix(dst.address(), 0).network() : have.dst();
                if (haveDst.equals(dst) && (gw == null || gw.equals(have.gateway()))) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                throw Errors.failed("Route to " + r.dst() + (gw == null ? "" : " via " + r.gw()) + " not found in the container");
            }
        }
    }

    private void checkMasq(CniRequest req, BridgeConfig cfg, List<IpConfig> ips) throws CniException {
        List<String> cidrs = ips.stream().map(IpConfig::address).toList();
        List<String> problems;
        try {
            problems = BridgePlugin.masquerading(firewall, cfg).problems(req.config().name(), req.containerId(), cidrs);
        } catch (FirewallException e) {
            throw Errors.failed("cannot read the masquerade rules", e);
        }
        if (!problems.isEmpty()) {
            throw Errors.failed(problems.get(0));
        }
    }
}
