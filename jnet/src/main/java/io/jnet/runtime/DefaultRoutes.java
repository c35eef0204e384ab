package io.jnet.runtime;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.cni.config.NetworkConfigList;
import io.jnet.cni.spec.CniException;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.Route;
import io.jnet.netlink.ns.NetNs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Docker's rule for a namespace on several networks: the first network gives it its default route, later
 * ones add only their subnet. Without it the second bridge ADD fails on the existing default route (EEXIST).
 */
final class DefaultRoutes {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    private DefaultRoutes() {}

    /** {@code list} without IPAM default routes of the families whose default route {@code netns} already has. */
    static NetworkConfigList withoutTaken(NetworkConfigList list, Path netns) {
        boolean v4;
        boolean v6;
        try (NetNs ns = NetNs.open(netns); Netlink nl = Netlink.open(ns)) {
            v4 = nl.routes(AF_INET).stream().anyMatch(Route::isDefault);
            v6 = nl.routes(AF_INET6).stream().anyMatch(Route::isDefault);
        } catch (NetlinkException e) {
            throw Errors.kernel("cannot read the routes of " + netns, e);
        }
        if (!v4 && !v6) {
            return list;
        }
        JsonObject json = JsonParser.parseString(new String(list.bytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        boolean changed = false;
        for (JsonElement p : json.getAsJsonArray("plugins")) {
            JsonObject ipam = p.getAsJsonObject().getAsJsonObject("ipam");
            if (ipam == null || !ipam.has("routes") || !ipam.get("routes").isJsonArray()) {
                continue;
            }
            JsonArray kept = new JsonArray();
            for (JsonElement r : ipam.getAsJsonArray("routes")) {
                String dst = r.isJsonObject() && r.getAsJsonObject().has("dst") ? r.getAsJsonObject().get("dst").getAsString() : "";
                boolean taken = (v4 && dst.equals("0.0.0.0/0")) || (v6 && dst.equals("::/0"));
                if (taken) {
                    changed = true;
                } else {
                    kept.add(r);
                }
            }
            ipam.add("routes", kept);
        }
        if (!changed) {
            return list;
        }
        try {
            return NetworkConfigList.parse(json.toString().getBytes(StandardCharsets.UTF_8));
        } catch (CniException e) {
            throw new IllegalStateException("a conflist that parsed once no longer parses", e);
        }
    }
}
