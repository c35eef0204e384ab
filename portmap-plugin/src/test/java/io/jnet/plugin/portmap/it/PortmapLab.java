package io.jnet.plugin.portmap.it;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
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
 * The test's world, wired with the netlink library the way the bridge plugin would: a "host" namespace with
 * bridge br0 (10.99.0.1/24, fd99::1/64) and containers on it, plus an "ext" namespace standing for a
 * client outside the host, reaching it through ext0 (172.31.0.1/24, fd31::1/64). Runs portmap as a
 * real process inside the host namespace, chained after what was wired (a prevResult built from it).
 */
final class PortmapLab {
    static final String NETWORK = "pmnet";
    static final String BRIDGE_IP = "10.99.0.1";
    static final String BRIDGE_IP6 = "fd99::1";
    static final String EXT_HOST_IP = "172.31.0.1";
    static final String EXT_HOST_IP6 = "fd31::1";
    static final String EXT_CLIENT_IP = "172.31.0.2";

    final Sandbox sb;
    final NetNs host;
    final Netlink hostNl;
    final Link bridge;
    final Path pluginDir;
    /** Where the userland proxies of this lab's calls live ({@code JNET_PROXY_DIR}). */
    final Path proxyDir;
    private final Map<String, JsonObject> results = new HashMap<>();
    /** The {@code backend} key of every config this lab writes; null leaves it out (the plugin's default choice). */
    String backend;

    PortmapLab(Sandbox sb) throws Exception {
        this(sb, sb.host(), "portmap", "io.jnet.plugin.portmap.PortmapMain");
    }

    /** A lab in {@code host}; {@code plugin}/{@code mainClass}: what portmap runs ({@code mainClass} null: the file {@code plugin}). */
    PortmapLab(Sandbox sb, NetNs host, String plugin, String mainClass) throws Exception {
        this.sb = sb;
        this.host = host;
        this.hostNl = sb.netlink(host);
        this.pluginDir = mainClass == null ? Path.of(plugin).getParent() : sb.pluginDir(Map.of(plugin, mainClass));
        this.pluginName = mainClass == null ? Path.of(plugin).getFileName().toString() : plugin;
        this.proxyDir = sb.tempDir();
        bridge = hostNl.createBridge(Bridge.of("br0"));
        hostNl.addAddress(Addr.of(bridge.index(), BRIDGE_IP + "/24"));
        hostNl.addAddress(Addr.of(bridge.index(), BRIDGE_IP6 + "/64").withFlags(Addr.NODAD));
        hostNl.setUp(bridge.index());
        Sysctl.set(host, "net.ipv4.ip_forward", "1");
        Sysctl.set(host, "net/ipv6/conf/all/forwarding", "1");
    }

    /** Another plugin (the file {@code plugin}) working on the same host and containers as {@code shared}. */
    PortmapLab(Sandbox sb, NetNs host, String plugin, String mainClass, PortmapLab shared) {
        this.sb = sb;
        this.host = shared.host;
        this.hostNl = shared.hostNl;
        this.bridge = shared.bridge;
        this.pluginDir = Path.of(plugin).getParent();
        this.pluginName = Path.of(plugin).getFileName().toString();
        this.proxyDir = shared.proxyDir;
        this.results.putAll(shared.results);
    }

    private final String pluginName;

    /** A container on br0 with {@code ip}/24 and {@code ip6}/64, hairpin on its port; returns its netns. */
    NetNs container(String role, String ip, String ip6) throws Exception {
        NetNs ns = sb.container(role);
        String hostEnd = "veth-" + role;
        Link veth = hostNl.createVeth(Veth.of(hostEnd, "eth0").withPeerIn(ns));
        hostNl.setMaster(veth.index(), bridge.index());
        hostNl.setUp(veth.index());
        hostNl.setHairpin(veth.index(), true);
        Netlink nl = sb.netlink(ns);
        Link eth0 = nl.link("eth0");
        nl.addAddress(Addr.of(eth0.index(), ip + "/24"));
        nl.addAddress(Addr.of(eth0.index(), ip6 + "/64").withFlags(Addr.NODAD));
        nl.setUp(eth0.index());
        nl.addRoute(Route.builder().dst("0.0.0.0/0").gateway(BRIDGE_IP).oif(eth0.index()).build());
        nl.addRoute(Route.builder().dst("::/0").gateway(BRIDGE_IP6).oif(eth0.index()).build());
        results.put(role, prevResult(veth, nl.link("eth0"), ns, ip, ip6));
        return ns;
    }

    /**
     * Registers the prevResult of a container that is not wired (for rule comparisons): its addresses are on
     * br0's subnets, so the host routes them through br0 all the same. {@code ip6} may be null.
     */
    void pretendContainer(String role, String ip, String ip6) {
        JsonObject r = new JsonObject();
        r.addProperty("cniVersion", "1.0.0");
        JsonArray ifs = new JsonArray();
        ifs.add(iface("br0", "0a:58:0a:63:00:01", null));
        ifs.add(iface("veth-" + role, "0a:58:0a:63:00:99", null));
        ifs.add(iface("eth0", "0a:58:0a:63:00:98", "/var/run/netns/" + role));
        r.add("interfaces", ifs);
        JsonArray ips = new JsonArray();
        ips.add(ip(ip + "/24", BRIDGE_IP));
        if (ip6 != null) {
            ips.add(ip(ip6 + "/64", BRIDGE_IP6));
        }
        r.add("ips", ips);
        results.put(role, r);
    }

    /** The "outside" client namespace, connected to the host through ext0. */
    NetNs outside() throws Exception {
        NetNs ext = sb.container("ext");
        Link hostEnd = hostNl.createVeth(Veth.of("ext0", "eth0").withPeerIn(ext));
        hostNl.addAddress(Addr.of(hostEnd.index(), EXT_HOST_IP + "/24"));
        hostNl.addAddress(Addr.of(hostEnd.index(), EXT_HOST_IP6 + "/64").withFlags(Addr.NODAD));
        hostNl.setUp(hostEnd.index());
        Netlink nl = sb.netlink(ext);
        Link eth0 = nl.link("eth0");
        nl.addAddress(Addr.of(eth0.index(), EXT_CLIENT_IP + "/24"));
        nl.addAddress(Addr.of(eth0.index(), "fd31::2/64").withFlags(Addr.NODAD));
        nl.setUp(eth0.index());
        nl.addRoute(Route.builder().dst("0.0.0.0/0").gateway(EXT_HOST_IP).oif(eth0.index()).build());
        nl.addRoute(Route.builder().dst("::/0").gateway(EXT_HOST_IP6).oif(eth0.index()).build());
        return ext;
    }

    /** What the bridge plugin would have returned for this container (1.0.0). */
    private JsonObject prevResult(Link hostEnd, Link eth0, NetNs ns, String ip, String ip6) {
        JsonObject r = new JsonObject();
        r.addProperty("cniVersion", "1.0.0");
        JsonArray ifs = new JsonArray();
        ifs.add(iface("br0", bridge.mac().toString(), null));
        ifs.add(iface(hostEnd.name(), hostEnd.mac().toString(), null));
        ifs.add(iface("eth0", eth0.mac().toString(), ns.path().toString()));
        r.add("interfaces", ifs);
        JsonArray ips = new JsonArray();
        ips.add(ip(ip + "/24", BRIDGE_IP));
        ips.add(ip(ip6 + "/64", BRIDGE_IP6));
        r.add("ips", ips);
        return r;
    }

    private static JsonObject iface(String name, String mac, String sandbox) {
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        o.addProperty("mac", mac);
        if (sandbox != null) {
            o.addProperty("sandbox", sandbox);
        }
        return o;
    }

    private static JsonObject ip(String cidr, String gw) {
        JsonObject o = new JsonObject();
        o.addProperty("address", cidr);
        o.addProperty("gateway", gw);
        o.addProperty("interface", 2);
        return o;
    }

    /** A portmap config for {@code role}'s attachment: the mappings as runtimeConfig, its prevResult attached. */
    JsonObject config(String role, JsonArray mappings) {
        JsonObject c = new JsonObject();
        c.addProperty("cniVersion", "1.0.0");
        c.addProperty("name", NETWORK);
        c.addProperty("type", "portmap");
        JsonObject caps = new JsonObject();
        caps.addProperty("portMappings", true);
        c.add("capabilities", caps);
        if (mappings != null) {
            JsonObject rc = new JsonObject();
            rc.add("portMappings", mappings);
            c.add("runtimeConfig", rc);
        }
        if (role != null && results.containsKey(role)) {
            c.add("prevResult", results.get(role).deepCopy());
        }
        if (backend != null) {
            c.addProperty("backend", backend);
        }
        return c;
    }

    static JsonArray mappings(Object... hostContainerProtoIp) {
        JsonArray a = new JsonArray();
        for (int i = 0; i < hostContainerProtoIp.length; i += 4) {
            JsonObject m = new JsonObject();
            m.addProperty("hostPort", (Integer) hostContainerProtoIp[i]);
            m.addProperty("containerPort", (Integer) hostContainerProtoIp[i + 1]);
            m.addProperty("protocol", (String) hostContainerProtoIp[i + 2]);
            if (hostContainerProtoIp[i + 3] != null) {
                m.addProperty("hostIP", (String) hostContainerProtoIp[i + 3]);
            }
            a.add(m);
        }
        return a;
    }

    /** Runs the plugin: {@code command} for container {@code role} (its netns path, ID {@code id-<role>}). */
    ExecResult run(String command, String role, JsonObject config) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", "id-" + role);
        env.put("CNI_NETNS", NetNs.pathOf(sb.prefix() + role).toString());
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_PATH", pluginDir.toString());
        env.put("JNET_PROXY_DIR", proxyDir.toString()); // the test's own proxies, never the host's /run/jnet
        return sb.exec(host, env, config.toString().getBytes(StandardCharsets.UTF_8), pluginDir.resolve(pluginName).toString());
    }

    /** Whether {@code role}'s attachment still has state in the backend's tables (found by its container ID). */
    boolean holds(String role) {
        if ("nftables".equals(backend)) {
            return nftRuleset().contains("id=id-" + role + "\"");
        }
        String chain = io.jnet.firewall.iptables.Chains.dnatChain(NETWORK, "id-" + role);
        return natRules(false).contains(chain) || natRules(true).contains(chain);
    }

    /** {@code nft list ruleset} in the host namespace. */
    String nftRuleset() {
        return sb.exec(host, "nft", "list", "ruleset").assertOk().stdout();
    }

    /** {@code iptables-save -t nat} (or ip6tables-save) in the host namespace. */
    String natRules(boolean v6) {
        return sb.exec(host, v6 ? "ip6tables-save" : "iptables-save", "-t", "nat").assertOk().stdout();
    }
}
