package io.jnet.plugin.bridge;

import io.jnet.cni.invoke.Delegation;
import io.jnet.cni.result.Dns;
import io.jnet.cni.result.IpConfig;
import io.jnet.cni.result.NetInterface;
import io.jnet.cni.result.Result;
import io.jnet.cni.skel.CniPlugin;
import io.jnet.cni.skel.CniRequest;
import io.jnet.cni.spec.CniException;
import io.jnet.firewall.Backends;
import io.jnet.firewall.FirewallException;
import io.jnet.firewall.Masquerading;
import io.jnet.inet.IpPrefix;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.ns.NetNs;
import io.jnet.netlink.ns.Sysctl;
import java.nio.file.Path;
import java.util.List;

/**
 * The bridge plugin: ADD wires a container to a Linux bridge through a veth pair, with IPAM, gateway and
 * masquerade, undoing everything on failure; DEL cleans up by the attachment's identity; CHECK, GC and STATUS as
 * described in cni-compat.md section 7. Runs in the host namespace (the process's own).
 */
public final class BridgePlugin implements CniPlugin {
    /** Host veth port-state polls (ms), as the reference waits for the port to come up. */
    private static final int[] PORT_WAITS = {0, 50, 500, 1000, 1000};
    /** When set, ADD fails at its very end, after every change was made: tests prove the rollback with it. */
    static final String DEBUG_FAIL_ENV = "JNET_BRIDGE_DEBUG_FAIL_ADD";

    private final Delegation ipam;
    private final Backends firewall;

    /** {@code firewall}: the backends masquerade may use, chosen by {@code ipMasqBackend} as the reference does. */
    public BridgePlugin(Delegation ipam, Backends firewall) {
        this.ipam = ipam;
        this.firewall = firewall;
    }

    @Override
    public String about() {
        return "CNI bridge plugin (jnet)";
    }

    @Override
    public Result add(CniRequest req) throws CniException {
        BridgeConfig cfg = BridgeConfig.parse(req);
        cfg.validateForAdd();
        Rollback undo = new Rollback(req.log());
        try (NetNs hostNs = openCurrent(); Netlink host = openHere(); NetNs contNs = openNetns(req.netns());
                Netlink cont = open(contNs)) {
            try {
                return add(req, cfg, undo, hostNs, host, contNs, cont);
            } catch (CniException | RuntimeException e) {
                undo.run(e); // while the handles are still open
                throw e;
            }
        }
    }

    private Result add(CniRequest req, BridgeConfig cfg, Rollback undo, NetNs hostNs, Netlink host, NetNs contNs,
            Netlink cont) throws CniException {
        BridgeLink.Ensured ensured = BridgeLink.ensure(host, hostNs, cfg);
        Link br = ensured.link();
        if (ensured.created()) {
            undo.add("bridge " + cfg.bridge(), () -> deleteBridgeIfUnused(host, cfg.bridge()));
        }
        String hostName = VethPair.hostName(req.config().name(), req.containerId(), req.ifname());
        VethPair.Created veth = VethPair.create(cont, host, hostNs, req.ifname(), hostName, cfg.mtu(), cfg.mac());
        int contIndex = veth.container().index();
        undo.add("veth " + req.ifname(), () -> cont.deleteLink(contIndex));
        Link hostVeth = veth.host();
        HostPort.attach(host, hostNs, hostVeth, br, cfg);

        Link contLink = veth.container();
        NetInterface contIface = NetInterface.container(contLink.name(), String.valueOf(contLink.mac()), req.netns());
        if (cfg.macSpoofCheck()) {
            SpoofCheck sc = new SpoofCheck(req.containerId(), req.ifname());
            undo.add("macspoofchk", sc::teardown);
            sc.setup(hostVeth.name(), contIface.mac());
        }

        Result result = Result.EMPTY;
        NetInterface vlanIface = null;
        if (cfg.isLayer3()) {
            Result ipamResult = ipam.add(cfg.ipamType(), req.stdin(), req.env());
            undo.add("IPAM reservation", () -> ipam.del(cfg.ipamType(), req.stdin(), req.env()));
            if (ipamResult.ips().isEmpty()) {
                throw Errors.failed("IPAM plugin returned missing IP config");
            }
            Gateways.Computed gws = Gateways.compute(ipamResult, cfg);
            result = gws.result();
            boolean hasV6 = result.ips().stream().anyMatch(ip -> ip.family() == 6);
            ContainerIface.sysctls(contNs, req.ifname(), cfg.enableDad(), hasV6);
            ContainerIface.configure(cont, contLink, result);
            if (cfg.isGateway()) {
                Link gwLink = br;
                if (cfg.vlan() != 0 && !(gws.v4().isEmpty() && gws.v6().isEmpty())) {
                    VlanGateway.Ensured vg = VlanGateway.ensure(host, hostNs, br, cfg, req.config().name());
                    if (vg.created()) {
                        undo.add("vlan gateway", () -> BridgeLink.deleteQuietly(host, vg.link().name()));
                    }
                    gwLink = vg.link();
                    vlanIface = NetInterface.host(gwLink.name(), String.valueOf(gwLink.mac()));
                }
                gateway(host, hostNs, gwLink, cfg, gws.v4(), 4);
                gateway(host, hostNs, gwLink, cfg, gws.v6(), 6);
            }
            if (cfg.ipMasq()) {
                Masquerading masq = masquerading(firewall, cfg);
                // only this interface's: another interface of the container on this network shares the chain
                undo.add("masquerade", () -> masq.teardown(req.config().name(), req.containerId(),
                        ContainerIface.addressesBesides(cont, contIndex)));
                List<String> cidrs = result.ips().stream().map(IpConfig::address).toList();
                try {
                    masq.setup(req.config().name(), req.containerId(), cidrs);
                } catch (FirewallException e) {
                    throw Errors.failed("failed to set up IP masquerade", e);
                }
            }
        } else if (!cfg.disableContainerInterface()) {
            try {
                cont.setUp(contIndex);
            } catch (NetlinkException e) {
                throw Errors.failed("failed to set \"" + req.ifname() + "\" up", e);
            }
        }
        if (!cfg.disableContainerInterface()) {
            hostVeth = waitPortUp(host, hostVeth);
        }
        try {
            hostVeth = host.link(hostVeth.index());
            br = BridgeLink.byName(host, cfg.bridge());
        } catch (NetlinkException e) {
            throw Errors.failed("failed to look up the host veth", e);
        }
        List<NetInterface> ifaces = new java.util.ArrayList<>(List.of(NetInterface.host(br.name(), String.valueOf(br.mac())),
                NetInterface.host(hostVeth.name(), String.valueOf(hostVeth.mac())), contIface));
        if (vlanIface != null) {
            ifaces.add(vlanIface); // after the container interface, as the reference appends it
        }
        if (req.env().containsKey(DEBUG_FAIL_ENV)) {
            // fault injection for tests, like the reference's debugPostIPAMError: fail after every step
            throw Errors.failed("injected failure (" + DEBUG_FAIL_ENV + ")");
        }
        Dns dns = cfg.dns().isEmpty() ? result.dns() : cfg.dns();
        return new Result(ifaces, result.ips(), result.routes(), dns);
    }

    private static void gateway(Netlink host, NetNs hostNs, Link br, BridgeConfig cfg, List<IpPrefix> gws, int family)
            throws CniException {
        for (IpPrefix gw : gws) {
            BridgeLink.ensureGatewayAddress(host, br, gw, cfg.forceAddress());
        }
        if (!gws.isEmpty()) {
            String key = family == 4 ? "net.ipv4.ip_forward" : "net.ipv6.conf.all.forwarding";
            try {
                if (!"1".equals(Sysctl.get(hostNs, key))) {
                    Sysctl.set(hostNs, key, "1");
                }
            } catch (Exception e) {
                throw Errors.failed("failed to enable forwarding", e);
            }
        }
    }

    private static Link waitPortUp(Netlink host, Link hostVeth) throws CniException {
        for (int i = 0; i < PORT_WAITS.length; i++) {
            sleep(PORT_WAITS[i]);
            try {
                hostVeth = host.link(hostVeth.index());
            } catch (NetlinkException e) {
                throw Errors.failed("failed to look up " + hostVeth.name(), e);
            }
            if ("UP".equals(hostVeth.operState())) {
                return hostVeth;
            }
        }
        throw Errors.failed("bridge port in error state: " + hostVeth.operState());
    }

    private static void deleteBridgeIfUnused(Netlink host, String name) throws NetlinkException {
        Link br = host.findLink(name).orElse(null);
        if (br == null) {
            return;
        }
        for (Link l : host.links()) {
            if (l.masterIndex() == br.index()) {
                return; // another attachment uses it now
            }
        }
        host.deleteLink(br.index());
    }

    // ---- DEL, CHECK, GC, STATUS

    @Override
    public void del(CniRequest req) throws CniException {
        new BridgeDel(ipam, firewall).del(req, BridgeConfig.parse(req));
    }

    @Override
    public void check(CniRequest req) throws CniException {
        BridgeConfig cfg = BridgeConfig.parse(req);
        new BridgeCheck(ipam, firewall).check(req, cfg);
    }

    @Override
    public void gc(CniRequest req) throws CniException {
        new BridgeGc(ipam, firewall).gc(req, BridgeConfig.parse(req));
    }

    @Override
    public void status(CniRequest req) throws CniException {
        BridgeConfig cfg = BridgeConfig.parse(req);
        // like libcni, a plugin that does not speak this version (STATUS is 1.1.0) is taken as ready
        if (cfg.isLayer3() && IpamVersions.supports(cfg.ipamType(), req.env(), req.cniVersion())) {
            ipam.status(cfg.ipamType(), req.stdin(), req.env());
        }
    }

    // ---- helpers

    /** The masquerade of the backend {@code ipMasqBackend} names (absent: the reference's choice). */
    static Masquerading masquerading(Backends firewall, BridgeConfig cfg) {
        return firewall.choose(cfg.ipMasqBackend()).masquerading();
    }

    private static void sleep(int ms) {
        if (ms == 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static NetNs openNetns(String path) throws CniException {
        try {
            return NetNs.open(Path.of(path));
        } catch (NetlinkException e) {
            throw Errors.failed("failed to open netns \"" + path + "\"", e);
        }
    }

    private static NetNs openCurrent() throws CniException {
        try {
            return NetNs.current();
        } catch (NetlinkException e) {
            throw Errors.failed("failed to open the host netns", e);
        }
    }

    static Netlink openHere() throws CniException {
        try {
            return Netlink.open();
        } catch (NetlinkException e) {
            throw Errors.failed("failed to open netlink", e);
        }
    }

    static Netlink open(NetNs ns) throws CniException {
        try {
            return Netlink.open(ns);
        } catch (NetlinkException e) {
            throw Errors.failed("failed to open netlink in " + ns.name(), e);
        }
    }
}
