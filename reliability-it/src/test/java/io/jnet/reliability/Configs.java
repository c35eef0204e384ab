package io.jnet.reliability;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;

/** The configs the suites feed the plugins: well-formed ones, and ways to break them. */
final class Configs {
    private Configs() {}

    /** bridge with gateway and masquerade, IPAM by jnet's host-local storing under {@code dataDir}. */
    static JsonObject bridge(String network, String bridge, Path dataDir, String subnet) {
        JsonObject c = new JsonObject();
        c.addProperty("cniVersion", "1.0.0");
        c.addProperty("name", network);
        c.addProperty("type", "bridge");
        c.addProperty("bridge", bridge);
        c.addProperty("isGateway", true);
        c.addProperty("ipMasq", true);
        c.add("ipam", ipamSection(dataDir, subnet));
        return c;
    }

    static JsonObject ipamSection(Path dataDir, String subnet) {
        JsonObject ipam = new JsonObject();
        ipam.addProperty("type", "host-local");
        ipam.addProperty("dataDir", dataDir.toString());
        JsonArray set = new JsonArray();
        JsonObject r = new JsonObject();
        r.addProperty("subnet", subnet);
        set.add(r);
        JsonArray ranges = new JsonArray();
        ranges.add(set);
        ipam.add("ranges", ranges);
        return ipam;
    }

    /** host-local called directly, as a runtime would for an IPAM-only test. */
    static JsonObject hostLocal(String network, Path dataDir, String subnet) {
        JsonObject c = new JsonObject();
        c.addProperty("cniVersion", "1.0.0");
        c.addProperty("name", network);
        c.addProperty("type", "host-local");
        c.add("ipam", ipamSection(dataDir, subnet));
        return c;
    }

    /** portmap chained after bridge: one TCP mapping, the bridge's result as prevResult. */
    static JsonObject portmap(String network, int hostPort, JsonObject prevResult) {
        JsonObject c = new JsonObject();
        c.addProperty("cniVersion", "1.0.0");
        c.addProperty("name", network);
        c.addProperty("type", "portmap");
        JsonObject caps = new JsonObject();
        caps.addProperty("portMappings", true);
        c.add("capabilities", caps);
        JsonObject rc = new JsonObject();
        JsonArray pm = new JsonArray();
        JsonObject m = new JsonObject();
        m.addProperty("hostPort", hostPort);
        m.addProperty("containerPort", 80);
        m.addProperty("protocol", "tcp");
        pm.add(m);
        rc.add("portMappings", pm);
        c.add("runtimeConfig", rc);
        if (prevResult != null) {
            c.add("prevResult", prevResult);
        }
        return c;
    }

    /** firewall chained after bridge. */
    static JsonObject firewall(String network, JsonObject prevResult) {
        JsonObject c = new JsonObject();
        c.addProperty("cniVersion", "1.0.0");
        c.addProperty("name", network);
        c.addProperty("type", "firewall");
        if (prevResult != null) {
            c.add("prevResult", prevResult);
        }
        return c;
    }

    static JsonObject parse(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    /** A deep copy with {@code path} ("a.b.0.c", numbers index arrays) set to {@code value} (null removes it). */
    static JsonObject with(JsonObject base, String path, JsonElement value) {
        JsonObject copy = base.deepCopy();
        // "cni.dev/..." keys hold dots of their own
        String[] parts = path.startsWith("cni.dev/") ? new String[] {path} : path.split("\\.");
        JsonElement cur = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            cur = cur.isJsonArray() ? cur.getAsJsonArray().get(Integer.parseInt(parts[i])) : cur.getAsJsonObject().get(parts[i]);
        }
        String last = parts[parts.length - 1];
        if (cur.isJsonArray()) {
            cur.getAsJsonArray().set(Integer.parseInt(last), value);
        } else if (value == null) {
            cur.getAsJsonObject().remove(last);
        } else {
            cur.getAsJsonObject().add(last, value);
        }
        return copy;
    }

    static JsonObject with(JsonObject base, String path, String json) {
        return with(base, path, json == null ? null : JsonParser.parseString(json));
    }
}
