package io.jnet.runtime;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.jnet.cni.runtime.CachedAttachment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One attachment as people see it, read from its libcni cache entry (so attachments made by other
 * libcni-based tools show too).
 *
 * @param netns         the namespace as the user names it (or its path)
 * @param netnsPath     CNI_NETNS
 * @param netnsExists   whether that namespace is still there
 * @param network       network name
 * @param ifname        interface inside the namespace
 * @param containerId   CNI container ID
 * @param addresses     addresses in CIDR form
 * @param gateways      the addresses' gateways (distinct, in order)
 * @param mac           MAC of the interface inside the namespace, "" when unknown
 * @param hostInterface the host end of its veth, "" when unknown
 * @param bridge        the bridge it hangs on, "" when unknown
 * @param ports         published ports
 */
public record AttachmentView(String netns, String netnsPath, boolean netnsExists, String network, String ifname,
        String containerId, List<String> addresses, List<String> gateways, String mac, String hostInterface,
        String bridge, List<PortMapping> ports) {

    public static AttachmentView of(CachedAttachment a, Namespaces names) {
        List<String> addrs = new ArrayList<>();
        List<String> gws = new ArrayList<>();
        String mac = "";
        String hostIf = "";
        String bridge = "";
        JsonObject result = a.result();
        if (result != null) {
            JsonArray ifs = arr(result, "interfaces");
            int containerIndex = -1;
            for (int i = 0; i < ifs.size(); i++) {
                JsonObject itf = ifs.get(i).getAsJsonObject();
                String name = str(itf, "name");
                boolean inSandbox = !str(itf, "sandbox").isEmpty();
                if (inSandbox && name.equals(a.ifname())) {
                    containerIndex = i;
                    mac = str(itf, "mac");
                } else if (!inSandbox && i == 0) {
                    bridge = name;
                } else if (!inSandbox) {
                    hostIf = name;
                }
            }
            for (JsonElement e : arr(result, "ips")) {
                JsonObject ip = e.getAsJsonObject();
                boolean ours = !ip.has("interface") || containerIndex < 0 || ip.get("interface").getAsInt() == containerIndex;
                if (ours) {
                    addrs.add(str(ip, "address"));
                    String gw = str(ip, "gateway");
                    if (!gw.isEmpty() && !gws.contains(gw)) {
                        gws.add(gw);
                    }
                }
            }
            // 0.x results
            for (String key : new String[] {"ip4", "ip6"}) {
                if (result.has(key) && result.get(key).isJsonObject()) {
                    addrs.add(str(result.getAsJsonObject(key), "ip"));
                    String gw = str(result.getAsJsonObject(key), "gateway");
                    if (!gw.isEmpty()) {
                        gws.add(gw);
                    }
                }
            }
        }
        List<PortMapping> ports = new ArrayList<>();
        JsonObject caps = a.capabilityArgs();
        if (caps.has("portMappings") && caps.get("portMappings").isJsonArray()) {
            for (JsonElement e : caps.getAsJsonArray("portMappings")) {
                PortMapping p = PortMapping.fromJson(e);
                if (p != null) {
                    ports.add(p);
                }
            }
        }
        boolean exists = !a.netns().isEmpty() && Files.exists(Path.of(a.netns()));
        return new AttachmentView(names.display(a.netns()), a.netns(), exists, a.networkName(), a.ifname(), a.containerId(),
                addrs, gws, mac, hostIf, bridge, ports);
    }

    /** The first address without its prefix length, "" when there is none. */
    public String firstIp() {
        if (addresses.isEmpty()) {
            return "";
        }
        String a = addresses.get(0);
        int slash = a.indexOf('/');
        return slash < 0 ? a : a.substring(0, slash);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("netns", netns);
        o.addProperty("netnsPath", netnsPath);
        o.addProperty("netnsExists", netnsExists);
        o.addProperty("network", network);
        o.addProperty("ifname", ifname);
        o.addProperty("containerId", containerId);
        o.add("addresses", NetworkInfo.strings(addresses));
        o.add("gateways", NetworkInfo.strings(gateways));
        o.addProperty("mac", mac);
        o.addProperty("hostInterface", hostInterface);
        o.addProperty("bridge", bridge);
        JsonArray p = new JsonArray();
        ports.forEach(x -> p.add(x.toJson()));
        o.add("ports", p);
        return o;
    }

    private static JsonArray arr(JsonObject o, String key) {
        return o.has(key) && o.get(key).isJsonArray() ? o.getAsJsonArray(key) : new JsonArray();
    }

    private static String str(JsonObject o, String key) {
        return o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : "";
    }
}
