package io.jnet.plugin.firewall;

import io.jnet.netlink.Addr;
import io.jnet.netlink.Bridge;
import io.jnet.netlink.Link;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.Route;
import io.jnet.netlink.Veth;
import io.jnet.netlink.ns.NetNs;
import io.jnet.netlink.ns.Sysctl;
import io.jnet.testing.ExecResult;
import io.jnet.testing.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A locked-down "host" (FORWARD policy DROP, forwarding on) with bridges wired by the netlink library,
 * an "outside" namespace routed behind an uplink, and the firewall plugin run as a process in the host.
 */
final class Topology {
    static final String HOST_UPLINK = "198.51.100.1";
    static final String OUTSIDE = "198.51.100.2";

    final Sandbox sb;
    final NetNs host;
    final Netlink hostNl;
    final Path plugins;
    private final Map<String, Link> bridges = new HashMap<>();
    private final Map<String, String> prevResults = new HashMap<>();

    /** The {@code backend} key of every config; null leaves it out. */
    private final String backend;

    /** A host whose iptables FORWARD policy is DROP (Docker or firewalld installed), the plugin on iptables. */
    Topology(Sandbox sb) throws Exception {
        this(sb, null);
    }

    /**
     * With {@code backend} "nftables" the plugin works on nftables, and the host drops nothing by itself (nftables
     * cannot accept past another table's drop, so a locked-down forward path is iptables' case alone).
     */
    Topology(Sandbox sb, String backend) throws Exception {
        this.sb = sb;
        this.backend = backend;
        this.host = sb.host();
        this.hostNl = sb.netlink(host);
        this.plugins = sb.pluginDir(Map.of("firewall", "io.jnet.plugin.firewall.FirewallMain"));
        Sysctl.set(host, "net.ipv4.ip_forward", "1");
        if (!"nftables".equals(backend)) {
            sb.exec(host, "iptables", "-P", "FORWARD", "DROP").assertOk();
        }

        NetNs outside = sb.container("outside");
        Link up = hostNl.createVeth(Veth.of("uplink", "eth0").withPeerIn(outside));
        hostNl.addAddress(Addr.of(up.index(), HOST_UPLINK + "/24"));
        hostNl.setUp(up.index());
        Netlink out = sb.netlink(outside);
        Link eth0 = out.link("eth0");
        out.addAddress(Addr.of(eth0.index(), OUTSIDE + "/24"));
        out.setUp(eth0.index());
        out.addRoute(Route.builder().dst("10.77.0.0/16").gateway(HOST_UPLINK).oif(eth0.index()).build());
    }

    NetNs outside() {
        return sb.container("outside");
    }

    /** Bridge {@code name} with gateway 10.77.{net}.1/24. */
    void bridge(String name, int net) throws Exception {
        Link br = hostNl.createBridge(Bridge.of(name));
        hostNl.addAddress(Addr.of(br.index(), "10.77." + net + ".1/24"));
        hostNl.setUp(br.index());
        bridges.put(name, br);
    }

    /** Container {@code role} on {@code bridge} with address 10.77.{net}.{host}; its prevResult is remembered. */
    NetNs container(String role, String bridge, int net, int hostPart) throws Exception {
        NetNs ns = sb.container(role);
        String hostVeth = "v-" + role;
        Link hv = hostNl.createVeth(Veth.of(hostVeth, "eth0").withPeerIn(ns));
        hostNl.setMaster(hv.index(), bridges.get(bridge).index());
        hostNl.setUp(hv.index());
        Netlink nl = sb.netlink(ns);
        Link eth0 = nl.link("eth0");
        String ip = "10.77." + net + "." + hostPart;
        nl.addAddress(Addr.of(eth0.index(), ip + "/24"));
        nl.setUp(eth0.index());
        nl.addRoute(Route.builder().dst("0.0.0.0/0").gateway("10.77." + net + ".1").oif(eth0.index()).build());
        prevResults.put(role, "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"" + bridge + "\"},{\"name\":\"" + hostVeth
                + "\"},{\"name\":\"eth0\",\"sandbox\":\"" + ns.path() + "\"}],\"ips\":[{\"address\":\"" + ip
                + "/24\",\"gateway\":\"10.77." + net + ".1\",\"interface\":2}]}");
        return ns;
    }

    String config(String network, String extraKeys, String role) {
        String prev = role == null ? "" : ",\"prevResult\":" + prevResults.get(role);
        String b = backend == null ? "" : ",\"backend\":\"" + backend + "\"";
        return "{\"cniVersion\":\"1.0.0\",\"name\":\"" + network + "\",\"type\":\"firewall\"" + extraKeys + b + prev + "}";
    }

    ExecResult run(String command, String containerId, String config) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        env.put("CNI_NETNS", prevResults.containsKey(containerId) ? sb.container(containerId).path().toString() : "");
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_PATH", plugins.toString());
        return sb.exec(host, env, config.getBytes(StandardCharsets.UTF_8), plugins.resolve("firewall").toString());
    }

    /** ADD for container {@code role} of {@code network}; the container ID is the role. */
    void add(String network, String extraKeys, String role) {
        run("ADD", role, config(network, extraKeys, role)).assertOk();
    }

    boolean ping(NetNs from, String to) {
        return sb.exec(from, "ping", "-c", "1", "-W", "1", to).ok();
    }

    /** {@code nft list ruleset} of the host. */
    String nftRuleset() {
        return sb.exec(host, "nft", "list", "ruleset").assertOk().stdout();
    }

    String filterTable() {
        return sb.exec(host, "iptables-save", "-t", "filter").assertOk().stdout();
    }
}
