package io.jnet.runtime;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.jnet.cni.config.NetworkConfig;
import io.jnet.cni.config.NetworkConfigList;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a network has names (jnet's resolver on its gateways), read from and written into its conflist with the
 * reference bridge plugin's own {@code dns} key: {@code "dns": {"nameservers": [GATEWAYS]}}. The bridge plugin (ours
 * and the reference) copies it into the CNI result, so runtimes such as podman and containerd write the gateway into
 * their containers' resolv.conf; jnet itself takes "nameservers hold a gateway" to mean the network has DNS.
 */
public final class NetworkDns {
    private NetworkDns() {}

    /** Whether the network's bridge plugin names one of the network's gateways as its nameserver. */
    public static boolean enabled(NetworkConfigList list) {
        return enabled(list, NetworkInfo.of(list, null));
    }

    static boolean enabled(NetworkConfigList list, NetworkInfo info) {
        if (list.plugins().isEmpty()) {
            return false;
        }
        NetworkConfig first = list.plugins().get(0);
        if (!"bridge".equals(first.type())) {
            return false;
        }
        List<String> servers = nameservers(first.raw());
        return info.gateways().stream().anyMatch(g -> !g.isEmpty() && servers.contains(g));
    }

    /** Adds the {@code dns} key naming every gateway to the conflist's bridge plugin (the conflist of NetworkSpec). */
    public static JsonObject enable(JsonObject conflist) {
        JsonObject bridge = conflist.getAsJsonArray("plugins").get(0).getAsJsonObject();
        JsonArray servers = new JsonArray();
        for (JsonElement set : bridge.getAsJsonObject("ipam").getAsJsonArray("ranges")) {
            for (JsonElement range : set.getAsJsonArray()) {
                JsonElement gw = range.getAsJsonObject().get("gateway");
                if (gw != null) {
                    servers.add(gw.getAsString());
                }
            }
        }
        JsonObject dns = new JsonObject();
        dns.add("nameservers", servers);
        bridge.add("dns", dns);
        return conflist;
    }

    private static List<String> nameservers(JsonObject plugin) {
        List<String> out = new ArrayList<>();
        JsonElement dns = plugin.get("dns");
        if (dns != null && dns.isJsonObject() && dns.getAsJsonObject().get("nameservers") instanceof JsonArray a) {
            for (JsonElement e : a) {
                if (e.isJsonPrimitive()) {
                    out.add(e.getAsString());
                }
            }
        }
        return out;
    }
}
