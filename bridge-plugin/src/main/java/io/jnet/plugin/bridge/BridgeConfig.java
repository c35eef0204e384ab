package io.jnet.plugin.bridge;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.jnet.cni.result.Dns;
import io.jnet.cni.result.ResultReader;
import io.jnet.cni.skel.CniRequest;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.JsonSupport;
import io.jnet.netlink.MacAddress;
import java.util.List;

/**
 * The bridge plugin's config keys, with the reference plugin's defaults and checks.
 *
 * @param bridge                    bridge name ({@code "cni0"} by default)
 * @param isGateway                 put the gateway address on the bridge (also set by isDefaultGateway)
 * @param isDefaultGateway          add a default route through the gateway in the container
 * @param forceAddress              replace a different gateway address already on the bridge
 * @param ipMasq                    masquerade traffic leaving the network
 * @param ipMasqBackend             "iptables" or "nftables"; null: iptables unless only nftables is usable
 * @param mtu                       MTU of the bridge (at creation) and of both veth ends; 0 = kernel default
 * @param hairpinMode               hairpin on the host veth port
 * @param promiscMode               promiscuous bridge
 * @param vlan                      access VLAN of the host port (0 = none); turns on vlan_filtering
 * @param vlans                     trunk VLANs of the host port (from vlanTrunk), empty when none
 * @param vlanTrunkSet              whether vlanTrunk was given at all (it turns on vlan_filtering, as in the reference)
 * @param preserveDefaultVlan       keep the bridge's default VLAN on the port (default true)
 * @param enableDad                 IPv6 duplicate address detection in the container
 * @param macSpoofCheck             drop frames from the container with another source MAC (nftables)
 * @param disableContainerInterface leave the container interface down (L2 only)
 * @param portIsolation             isolated flag on the host port
 * @param mac                       requested container MAC, or null
 * @param dns                       the config's dns, replacing IPAM's when set
 * @param ipamType                  {@code ipam.type}, or null for an L2-only network
 */
public record BridgeConfig(String bridge, boolean isGateway, boolean isDefaultGateway, boolean forceAddress,
        boolean ipMasq, String ipMasqBackend, int mtu, boolean hairpinMode, boolean promiscMode, int vlan,
        List<Integer> vlans, boolean vlanTrunkSet, boolean preserveDefaultVlan, boolean enableDad,
        boolean macSpoofCheck, boolean disableContainerInterface, boolean portIsolation, MacAddress mac, Dns dns,
        String ipamType) {

    public static final String DEFAULT_BRIDGE = "cni0";
    private static final int BAD = CniException.INVALID_NETWORK_CONFIG;

    public BridgeConfig {
        vlans = List.copyOf(vlans);
    }

    /** Whether addresses come from IPAM (layer 3) rather than an L2-only attachment. */
    public boolean isLayer3() {
        return ipamType != null && !ipamType.isEmpty();
    }

    /** Whether the bridge must filter by VLAN (a vlan or vlanTrunk is configured). */
    public boolean vlanFiltering() {
        return vlan != 0 || vlanTrunkSet;
    }

    /** Reads the config of {@code request}; code 7 for a bad value, with the key named. */
    public static BridgeConfig parse(CniRequest request) throws CniException {
        JsonObject o = request.config().raw();
        String bridge = str(o, "bridge");
        if (bridge == null || bridge.isEmpty()) {
            bridge = DEFAULT_BRIDGE;
        }
        boolean isDefaultGateway = bool(o, "isDefaultGateway", false);
        boolean isGateway = bool(o, "isGateway", false) || isDefaultGateway;
        String backend = str(o, "ipMasqBackend");
        if (backend != null && !backend.equals("iptables") && !backend.equals("nftables")) {
            throw new CniException(BAD, "invalid ipMasqBackend \"" + backend + "\"", "ipMasqBackend must be \"iptables\" or \"nftables\"");
        }
        int mtu = integer(o, "mtu", 0);
        if (mtu < 0) {
            throw new CniException(BAD, "invalid MTU " + mtu, "mtu must be positive (or 0/absent for the kernel default)");
        }
        int vlan = integer(o, "vlan", 0);
        if (vlan < 0 || vlan > 4094) {
            throw new CniException(BAD, "invalid VLAN ID " + vlan + " (must be between 0 and 4094)");
        }
        JsonElement trunk = o.get("vlanTrunk");
        boolean trunkSet = trunk != null && !trunk.isJsonNull();
        List<Integer> vlans = VlanTrunk.collect(o);
        if (vlan > 0 && !vlans.isEmpty()) {
            throw new CniException(BAD, "cannot set vlan and vlanTrunk at the same time");
        }
        boolean hairpin = bool(o, "hairpinMode", false);
        boolean promisc = bool(o, "promiscMode", false);
        JsonObject ipam = JsonSupport.optObject(o, "ipam", BAD);
        String ipamType = ipam == null ? null : JsonSupport.optString(ipam, "type", BAD);
        boolean disableIf = bool(o, "disableContainerInterface", false);
        return new BridgeConfig(bridge, isGateway, isDefaultGateway, bool(o, "forceAddress", false),
                bool(o, "ipMasq", false), backend, mtu, hairpin, promisc, vlan, vlans, trunkSet,
                bool(o, "preserveDefaultVlan", true), bool(o, "enabledad", false), bool(o, "macspoofchk", false),
                disableIf, bool(o, "portIsolation", false), mac(request, o), configDns(o), ipamType);
    }

    /** Checks that only ADD needs (DEL must work with any config it can read). */
    public void validateForAdd() throws CniException {
        if (hairpinMode && promiscMode) {
            throw new CniException(BAD, "cannot set hairpin mode and promiscuous mode at the same time");
        }
        if (disableContainerInterface && isLayer3()) {
            throw new CniException(BAD, "cannot use IPAM when the container interface is disabled",
                    "disableContainerInterface needs an L2-only network (\"ipam\": {})");
        }
    }

    /** runtimeConfig.mac wins over args.cni.mac, which wins over CNI_ARGS MAC. */
    private static MacAddress mac(CniRequest request, JsonObject o) throws CniException {
        String mac = request.arg("MAC").orElse(null);
        JsonObject args = JsonSupport.optObject(o, "args", BAD);
        JsonObject cni = args == null ? null : JsonSupport.optObject(args, "cni", BAD);
        String argsMac = cni == null ? null : JsonSupport.optString(cni, "mac", BAD);
        if (argsMac != null && !argsMac.isEmpty()) {
            mac = argsMac;
        }
        JsonObject rc = JsonSupport.optObject(o, "runtimeConfig", BAD);
        String rcMac = rc == null ? null : JsonSupport.optString(rc, "mac", BAD);
        if (rcMac != null && !rcMac.isEmpty()) {
            mac = rcMac;
        }
        if (mac == null || mac.isEmpty()) {
            return null;
        }
        try {
            MacAddress parsed = MacAddress.parse(mac);
            if (parsed.isMulticast()) {
                throw new IllegalArgumentException("multicast MAC");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new CniException(BAD, "invalid MAC address \"" + mac + "\"", e.getMessage());
        }
    }

    private static Dns configDns(JsonObject o) throws CniException {
        try {
            return ResultReader.dns(o);
        } catch (CniException e) {
            throw new CniException(BAD, "invalid \"dns\"", e.details());
        }
    }

    static String str(JsonObject o, String key) throws CniException {
        return JsonSupport.optString(o, key, BAD);
    }

    /** A boolean key; like the reference's config (Go bool) it must be a JSON boolean, except "true"/"false" strings which the README shows. */
    static boolean bool(JsonObject o, String key, boolean dflt) throws CniException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return dflt;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            String s = e.getAsString();
            if (s.equals("true") || s.equals("false")) {
                return Boolean.parseBoolean(s);
            }
        }
        Boolean b = JsonSupport.optBoolean(o, key, BAD);
        return b == null ? dflt : b;
    }

    static int integer(JsonObject o, String key, int dflt) throws CniException {
        Integer i = JsonSupport.optInt(o, key, BAD);
        return i == null ? dflt : i;
    }
}
