package io.jnet.netlink.it;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.Sandbox;
import java.util.ArrayList;
import java.util.List;

/** The kernel state as iproute2 sees it ({@code ip -j ...}), an independent view to check the library against. */
final class Ip {
    private Ip() {}

    /** {@code ip -j ARGS} run inside {@code ns}, parsed. */
    static JsonArray json(Sandbox sb, NetNs ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-j"));
        cmd.addAll(List.of(args));
        String out = sb.exec(ns, cmd.toArray(String[]::new)).assertOk().stdout();
        if (out.isBlank()) {
            return new JsonArray();
        }
        return JsonParser.parseString(out).getAsJsonArray();
    }

    /** The {@code ip -j -d link show dev NAME} object of one link. */
    static JsonObject link(Sandbox sb, NetNs ns, String name) {
        return json(sb, ns, "-d", "link", "show", "dev", name).get(0).getAsJsonObject();
    }

    /** Names of the links {@code ip link show} lists, in its order. */
    static List<String> linkNames(Sandbox sb, NetNs ns) {
        List<String> names = new ArrayList<>();
        for (JsonElement e : json(sb, ns, "link", "show")) {
            names.add(e.getAsJsonObject().get("ifname").getAsString());
        }
        return names;
    }

    /** "local/prefixlen" of every address of one family ("inet" or "inet6") on a link. */
    static List<String> addresses(Sandbox sb, NetNs ns, String family, String dev) {
        List<String> out = new ArrayList<>();
        for (JsonElement link : json(sb, ns, "addr", "show", "dev", dev)) {
            for (JsonElement a : link.getAsJsonObject().getAsJsonArray("addr_info")) {
                JsonObject o = a.getAsJsonObject();
                if (o.get("family").getAsString().equals(family)) {
                    out.add(o.get("local").getAsString() + "/" + o.get("prefixlen").getAsInt());
                }
            }
        }
        return out;
    }

    static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
