package io.jnet.runtime;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.jnet.cni.config.NetworkConfig;
import io.jnet.cni.config.NetworkConfigList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What people want to know about a network, read from its conflist. Fields the list does not set (a
 * hand-written conflist with another first plugin) are empty.
 *
 * @param name       network name
 * @param cniVersion the list's version in effect
 * @param bridge     bridge interface, "" when the first plugin is not bridge
 * @param subnets    subnets of the host-local ranges
 * @param gateways   gateways of those ranges ("" where the range sets none)
 * @param masquerade bridge's ipMasq
 * @param internal   no default route handed out
 * @param mtu        bridge MTU, null when not set
 * @param plugins    plugin types in chain order
 * @param file       the file it was loaded from
 * @param firewallBackend the firewall backend the plugins are told to use ("iptables", "nftables"), "" when the
 *                   list leaves the choice to them
 * @param gatewayMode  the firewall plugin's {@code gatewayMode} (nat, nat-unprotected, routed, isolated), "" when unset
 * @param userlandProxy portmap's {@code userlandProxy}: a proxy holds the published ports and serves loopback
 */
public record NetworkInfo(String name, String cniVersion, String bridge, List<String> subnets, List<String> gateways,
        boolean masquerade, boolean internal, Integer mtu, List<String> plugins, Path file, String firewallBackend,
        String gatewayMode, boolean userlandProxy) {

    public static NetworkInfo of(NetworkConfigList list, Path file) {
        String bridge = "";
        boolean masq = false;
        boolean internal = true;
        Integer mtu = null;
        List<String> subnets = new ArrayList<>();
        List<String> gateways = new ArrayList<>();
        List<String> types = new ArrayList<>();
        String backend = "";
        String gatewayMode = "";
        boolean proxy = false;
        for (NetworkConfig p : list.plugins()) {
            types.add(p.type());
            String key = "bridge".equals(p.type()) ? "ipMasqBackend" : "backend";
            if (backend.isEmpty() && List.of("bridge", "portmap", "firewall").contains(p.type())) {
                backend = str(p.raw(), key, "");
            }
            if ("firewall".equals(p.type())) {
                gatewayMode = str(p.raw(), "gatewayMode", "");
            } else if ("portmap".equals(p.type())) {
                proxy = bool(p.raw(), "userlandProxy");
            }
        }
        NetworkConfig first = list.plugins().get(0);
        JsonObject raw = first.raw();
        if ("bridge".equals(first.type())) {
            bridge = str(raw, "bridge", "cni0");
            masq = bool(raw, "ipMasq");
            mtu = raw.has("mtu") && raw.get("mtu").isJsonPrimitive() ? raw.get("mtu").getAsInt() : null;
        }
        JsonObject ipam = raw.has("ipam") && raw.get("ipam").isJsonObject() ? raw.getAsJsonObject("ipam") : new JsonObject();
        if (ipam.has("ranges") && ipam.get("ranges").isJsonArray()) {
            for (JsonElement set : ipam.getAsJsonArray("ranges")) {
                if (set.isJsonArray()) {
                    for (JsonElement r : set.getAsJsonArray()) {
                        if (r.isJsonObject()) {
                            subnets.add(str(r.getAsJsonObject(), "subnet", ""));
                            gateways.add(str(r.getAsJsonObject(), "gateway", ""));
                        }
                    }
                }
            }
        } else if (ipam.has("subnet")) {
            subnets.add(str(ipam, "subnet", ""));
            gateways.add(str(ipam, "gateway", ""));
        }
        if (ipam.has("routes") && ipam.get("routes").isJsonArray()) {
            for (JsonElement r : ipam.getAsJsonArray("routes")) {
                String dst = r.isJsonObject() ? str(r.getAsJsonObject(), "dst", "") : "";
                if (dst.equals("0.0.0.0/0") || dst.equals("::/0")) {
                    internal = false;
                }
            }
        }
        if (bool(raw, "isDefaultGateway")) {
            internal = false;
        }
        return new NetworkInfo(list.name(), list.cniVersion(), bridge, subnets, gateways, masq, internal, mtu, types, file,
                backend, gatewayMode, proxy);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        o.addProperty("cniVersion", cniVersion);
        o.addProperty("bridge", bridge);
        o.add("subnets", strings(subnets));
        o.add("gateways", strings(gateways));
        o.addProperty("masquerade", masquerade);
        o.addProperty("internal", internal);
        if (mtu != null) {
            o.addProperty("mtu", mtu);
        }
        o.add("plugins", strings(plugins));
        o.addProperty("firewallBackend", firewallBackend.isEmpty() ? "default" : firewallBackend);
        o.addProperty("file", file == null ? "" : file.toString());
        if (!gatewayMode.isEmpty()) {
            o.addProperty("gatewayMode", gatewayMode);
        }
        o.addProperty("userlandProxy", userlandProxy);
        return o;
    }

    static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    private static String str(JsonObject o, String key, String dflt) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : dflt;
    }

    private static boolean bool(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && (e.getAsJsonPrimitive().isBoolean() ? e.getAsBoolean() : "true".equalsIgnoreCase(e.getAsString()));
    }
}
