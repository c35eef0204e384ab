package io.jnet.plugin.bridge;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;

/** Bridge configs for the tests, IPAM by the reference host-local with its store in a temp dir. */
final class Configs {
    private Configs() {}

    /** A config with host-local over the given subnets (one range set each) and {@code extra} keys (a JSON object text). */
    static String bridge(String version, String network, String bridge, Path dataDir, String extra, String... subnets) {
        JsonObject c = new JsonObject();
        c.addProperty("cniVersion", version);
        c.addProperty("name", network);
        c.addProperty("type", "bridge");
        c.addProperty("bridge", bridge);
        JsonObject more = JsonParser.parseString(extra).getAsJsonObject();
        more.entrySet().forEach(e -> c.add(e.getKey(), e.getValue()));
        if (!c.has("ipam")) {
            JsonObject ipam = new JsonObject();
            ipam.addProperty("type", "host-local");
            ipam.addProperty("dataDir", dataDir.toString());
            JsonArray ranges = new JsonArray();
            for (String s : subnets) {
                JsonArray set = new JsonArray();
                JsonObject r = new JsonObject();
                r.addProperty("subnet", s);
                set.add(r);
                ranges.add(set);
            }
            ipam.add("ranges", ranges);
            c.add("ipam", ipam);
        }
        return c.toString();
    }

    static String v4(String network, String bridge, Path dataDir, String extra) {
        return bridge("1.0.0", network, bridge, dataDir, extra, "10.66.0.0/24");
    }
}
