package io.jnet.runtime;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.Validation;
import io.jnet.inet.IpPrefix;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code jnet net create} asks for, checked, and turned into a conflist: bridge (with host-local IPAM),
 * portmap, then firewall. Keys are the reference plugins' own, so the file also works with them; only
 * firewall's {@code internal} key is jnet's (the reference ignores it: see the README).
 *
 * @param name        network name
 * @param subnets     one or more subnets (an IPv4 and an IPv6 one make a dual-stack network)
 * @param gateway     the gateway of the subnet holding it, null for the default (subnet + 1)
 * @param ipRange     the part of a subnet addresses are handed out from, null for all of it
 * @param bridge      bridge interface name
 * @param mtu         bridge and veth MTU, null for the kernel default
 * @param internal    no default route and no masquerade: the namespaces reach each other and the host only
 * @param masquerade  masquerade traffic leaving the subnet (ignored when internal)
 * @param isolated    other networks' containers cannot reach this one's (published ports excepted)
 * @param gatewayMode   Docker's gateway mode (nat, nat-unprotected, routed, isolated), written as the firewall plugin's
 *                      {@code gatewayMode}; null writes none (the rules of the reference plugins only)
 * @param userlandProxy portmap's {@code userlandProxy}: a proxy process holds each published port and serves loopback
 * @param cniVersion  the conflist's cniVersion
 * @param firewallBackend "iptables" or "nftables" for every plugin of the list, or null to let the plugins choose
 *                    (the reference's rule: iptables unless only nftables is usable)
 */
public record NetworkSpec(String name, List<String> subnets, String gateway, String ipRange, String bridge,
        Integer mtu, boolean internal, boolean masquerade, boolean isolated, String gatewayMode, boolean userlandProxy,
        String cniVersion, String firewallBackend) {

    /** The gateway modes of Docker's bridge driver ({@code com.docker.network.bridge.gateway_mode_ipv4}). */
    public static final List<String> GATEWAY_MODES = List.of("nat", "nat-unprotected", "routed", "isolated");

    public NetworkSpec {
        subnets = List.copyOf(subnets);
    }

    /** A network without a gateway mode or proxy whose plugins choose their firewall backend themselves. */
    public NetworkSpec(String name, List<String> subnets, String gateway, String ipRange, String bridge,
            Integer mtu, boolean internal, boolean masquerade, boolean isolated, String cniVersion) {
        this(name, subnets, gateway, ipRange, bridge, mtu, internal, masquerade, isolated, cniVersion, null);
    }

    /** A network without a gateway mode or proxy: the rules the reference plugins make, and jnet's isolation. */
    public NetworkSpec(String name, List<String> subnets, String gateway, String ipRange, String bridge,
            Integer mtu, boolean internal, boolean masquerade, boolean isolated, String cniVersion, String firewallBackend) {
        this(name, subnets, gateway, ipRange, bridge, mtu, internal, masquerade, isolated, null, false, cniVersion, firewallBackend);
    }

    /** An isolated network, as Docker's networks are by default. */
    public NetworkSpec(String name, List<String> subnets, String gateway, String ipRange, String bridge,
            Integer mtu, boolean internal, boolean masquerade, String cniVersion) {
        this(name, subnets, gateway, ipRange, bridge, mtu, internal, masquerade, true, cniVersion);
    }

    /**
     * A network as {@code jnet net create} makes it: gateway mode {@code mode} (null: nat, or none for an internal
     * network) with masquerade where the mode NATs, and the userland proxy where host ports are published.
     */
    public static NetworkSpec of(String name, List<String> subnets, String gateway, String ipRange, String bridge, Integer mtu,
            boolean internal, boolean isolated, String mode, boolean userlandProxy, String cniVersion, String firewallBackend) {
        String m = mode != null ? mode : internal ? null : "nat";
        boolean nat = m != null && m.startsWith("nat");
        return new NetworkSpec(name, subnets, gateway, ipRange, bridge, mtu, internal, nat, isolated, m, userlandProxy && nat && !internal,
                cniVersion, firewallBackend);
    }

    /** The default bridge name of a network: {@code jn-NAME}, cut to the kernel's 15 bytes. */
    public static String defaultBridge(String network) {
        String b = "jn-" + network;
        return b.length() <= 15 ? b : b.substring(0, 15);
    }

    /** The subnets parsed; a usage error for anything that is not a network address with a sane length. */
    public List<IpPrefix> parsedSubnets() {
        if (subnets.isEmpty()) {
            throw JnetException.usage("network " + name + " needs a subnet", "add --subnet CIDR, e.g. --subnet 10.88.0.0/16");
        }
        List<IpPrefix> out = new ArrayList<>();
        for (String s : subnets) {
            IpPrefix p = cidr(s, "--subnet");
            int max = p.isIpv4() ? 30 : 126;
            if (p.length() > max) {
                throw JnetException.usage("subnet " + s + " is too small", "use a prefix of /" + max + " or shorter");
            }
            if (!p.network().equals(p)) {
                throw JnetException.usage("subnet " + s + " has host bits set", "did you mean " + p.network() + "?");
            }
            for (IpPrefix q : out) {
                if (Subnets.overlap(p, q)) {
                    throw JnetException.usage("subnets " + q + " and " + p + " overlap", "give each subnet once");
                }
                if (q.isIpv4() == p.isIpv4()) {
                    throw JnetException.usage("two subnets of the same family (" + q + ", " + p + ")",
                            "give at most one IPv4 and one IPv6 subnet");
                }
            }
            out.add(p);
        }
        return out;
    }

    /** Checks everything that can be checked without looking at the machine. */
    public void validate() {
        try {
            Validation.networkName(name);
        } catch (CniException e) {
            throw JnetException.usage("bad network name '" + name + "'", "use letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        List<IpPrefix> nets = parsedSubnets();
        if (gateway != null) {
            InetAddress gw = ip(gateway, "--gateway");
            IpPrefix holder = nets.stream().filter(n -> n.contains(gw)).findFirst().orElseThrow(() ->
                    JnetException.usage("gateway " + gateway + " is in none of the subnets " + subnets, "pick an address inside a subnet"));
            if (gw.equals(holder.network().address()) || (holder.isIpv4() && gw.equals(holder.broadcast()))) {
                throw JnetException.usage("gateway " + gateway + " is the network or broadcast address of " + holder,
                        "use a host address, e.g. " + Subnets.offset(holder, 1).getHostAddress());
            }
        }
        if (ipRange != null) {
            IpPrefix r = cidr(ipRange, "--ip-range");
            if (nets.stream().noneMatch(n -> n.isIpv4() == r.isIpv4() && n.length() <= r.length() && n.contains(r.address()))) {
                throw JnetException.usage("ip range " + ipRange + " is not inside a subnet " + subnets, "pick a range inside the subnet");
            }
        }
        try {
            Validation.interfaceName(bridge);
        } catch (CniException e) {
            throw JnetException.usage("bad bridge name '" + bridge + "': " + e.getMessage(), "use at most 15 characters without '/', ':' or spaces");
        }
        if (mtu != null && (mtu < 68 || mtu > 65535)) {
            throw JnetException.usage("MTU " + mtu + " is out of range", "use 68..65535 (1500 on most networks)");
        }
        if (gatewayMode != null && !GATEWAY_MODES.contains(gatewayMode)) {
            throw JnetException.usage("unknown gateway mode '" + gatewayMode + "'", "use one of " + String.join(", ", GATEWAY_MODES));
        }
        if ("isolated".equals(gatewayMode) != internal && gatewayMode != null) {
            throw JnetException.usage(internal ? "an internal network has no gateway to the outside: gateway mode " + gatewayMode
                    + " does not apply" : "gateway mode isolated is for internal networks",
                    internal ? "leave --gateway-mode out, or use --gateway-mode isolated (no address on the bridge either)"
                            : "add --internal, or pick nat, nat-unprotected or routed");
        }
    }

    /**
     * The conflist: bridge + host-local (addresses kept under {@code ipamDataDir}) + portmap + firewall. The userland
     * proxies live in {@code proxyDir}, named in the config so that a DEL or GC from any runtime finds the same proxy.
     */
    public JsonObject toConflist(Path ipamDataDir, Path proxyDir) {
        validate();
        JsonObject list = new JsonObject();
        list.addProperty("cniVersion", cniVersion);
        list.addProperty("name", name);
        JsonArray plugins = new JsonArray();

        JsonObject br = new JsonObject();
        br.addProperty("type", "bridge");
        br.addProperty("bridge", bridge);
        br.addProperty("isGateway", !"isolated".equals(gatewayMode)); // isolated: not even the host has an address there
        br.addProperty("ipMasq", masquerade && !internal);
        br.addProperty("hairpinMode", true);
        if (firewallBackend != null) {
            br.addProperty("ipMasqBackend", firewallBackend);
        }
        if (mtu != null) {
            br.addProperty("mtu", mtu);
        }
        JsonObject caps = new JsonObject();
        caps.addProperty("ips", true);
        caps.addProperty("mac", true);
        br.add("capabilities", caps);
        br.add("ipam", ipam(ipamDataDir));
        plugins.add(br);

        JsonObject pm = new JsonObject();
        pm.addProperty("type", "portmap");
        JsonObject pmCaps = new JsonObject();
        pmCaps.addProperty("portMappings", true);
        if (!"routed".equals(gatewayMode)) { // routed publishes container ports directly: nothing to NAT
            pm.add("capabilities", pmCaps);
        }
        pm.addProperty("snat", true);
        if (firewallBackend != null) {
            pm.addProperty("backend", firewallBackend);
        }
        if (userlandProxy) {
            pm.addProperty("userlandProxy", true);
            pm.addProperty("proxyDir", proxyDir.toString());
        }
        plugins.add(pm);

        // Forwarding accepted per container (hosts with a FORWARD policy of DROP), isolation, internal.
        JsonObject fw = new JsonObject();
        fw.addProperty("type", "firewall");
        fw.addProperty("ingressPolicy", isolated ? "same-bridge" : "open");
        if (internal) {
            fw.addProperty("internal", true);
        }
        if (firewallBackend != null) {
            fw.addProperty("backend", firewallBackend);
        }
        if (gatewayMode != null) {
            fw.addProperty("gatewayMode", gatewayMode);
            JsonObject fwCaps = new JsonObject();
            fwCaps.addProperty("portMappings", true); // routed opens them; nat keeps loopback-bound ones off the LAN
            fw.add("capabilities", fwCaps);
        }
        plugins.add(fw);

        list.add("plugins", plugins);
        return list;
    }

    private JsonObject ipam(Path dataDir) {
        JsonObject ipam = new JsonObject();
        ipam.addProperty("type", "host-local");
        JsonArray ranges = new JsonArray();
        JsonArray routes = new JsonArray();
        for (IpPrefix net : parsedSubnets()) {
            JsonObject range = new JsonObject();
            range.addProperty("subnet", net.toString());
            if (ipRange != null) {
                IpPrefix r = IpPrefix.parse(ipRange);
                if (r.isIpv4() == net.isIpv4()) {
                    range.addProperty("rangeStart", Subnets.firstHost(net, r).getHostAddress());
                    range.addProperty("rangeEnd", Subnets.lastHost(net, r).getHostAddress());
                }
            }
            InetAddress gw = gateway == null ? null : IpPrefix.literal(gateway);
            range.addProperty("gateway", gw != null && net.contains(gw) ? IpPrefix.text(gw) : IpPrefix.text(Subnets.offset(net, 1)));
            JsonArray set = new JsonArray();
            set.add(range);
            ranges.add(set);
            if (!internal) {
                JsonObject def = new JsonObject();
                def.addProperty("dst", net.isIpv4() ? "0.0.0.0/0" : "::/0");
                routes.add(def);
            }
        }
        ipam.add("ranges", ranges);
        if (!routes.isEmpty()) {
            ipam.add("routes", routes);
        }
        ipam.addProperty("dataDir", dataDir.toString());
        return ipam;
    }

    /** The conflist as the bytes written to disk. */
    public byte[] bytes(Path ipamDataDir, Path proxyDir) {
        return (Json.pretty(toConflist(ipamDataDir, proxyDir)) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static IpPrefix cidr(String text, String option) {
        try {
            if (!text.contains("/")) {
                throw new IllegalArgumentException("no prefix length");
            }
            return IpPrefix.parse(text);
        } catch (IllegalArgumentException e) {
            throw JnetException.usage("bad CIDR for " + option + ": '" + text + "' (" + e.getMessage() + ")",
                    "write it as address/length, e.g. 10.88.0.0/16");
        }
    }

    static InetAddress ip(String text, String option) {
        try {
            return IpPrefix.literal(text);
        } catch (IllegalArgumentException e) {
            throw JnetException.usage("bad IP address for " + option + ": '" + text + "'", "e.g. 10.88.0.1");
        }
    }
}
