package io.jnet.cni.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.CniVersion;
import io.jnet.cni.spec.JsonSupport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A network configuration list ({@code .conflist}): a named chain of plugin configs sharing one version.
 *
 * @param name                   network name
 * @param cniVersion             the version in effect: the highest supported one of {@code cniVersion} and
 *                               {@code cniVersions}, 0.1.0 when neither is given
 * @param disableCheck           CHECK is a no-op
 * @param disableGC              GC is a no-op
 * @param loadOnlyInlinedPlugins ignore {@code <dir>/<name>/*.conf}
 * @param plugins                the chain, in ADD order
 * @param bytes                  the list's original bytes (cached base64 in the result cache)
 */
public record NetworkConfigList(String name, String cniVersion, boolean disableCheck, boolean disableGC,
        boolean loadOnlyInlinedPlugins, List<NetworkConfig> plugins, byte[] bytes) {

    private static final int INVALID = CniException.INVALID_NETWORK_CONFIG;

    public NetworkConfigList {
        plugins = List.copyOf(plugins);
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Parses a conflist that must carry at least one plugin inline. */
    public static NetworkConfigList parse(byte[] bytes) throws CniException {
        NetworkConfigList list = parseAllowingNoPlugins(bytes);
        if (list.plugins().isEmpty()) {
            throw new CniException(INVALID, "error parsing configuration list: no plugins in list");
        }
        return list;
    }

    /**
     * Parses a conflist as libcni does: a missing {@code plugins} key is fine unless
     * {@code loadOnlyInlinedPlugins}, since the plugins may come from the network's plugin folder.
     */
    static NetworkConfigList parseAllowingNoPlugins(byte[] bytes) throws CniException {
        JsonObject raw = JsonSupport.parseObject(bytes, "configuration list");
        JsonElement rawName = raw.get("name");
        if (rawName == null) {
            throw new CniException(INVALID, "error parsing configuration list: no name");
        }
        if (!rawName.isJsonPrimitive() || !rawName.getAsJsonPrimitive().isString()) {
            throw new CniException(INVALID, "error parsing configuration list: invalid name type", String.valueOf(rawName));
        }
        String version = JsonSupport.optString(raw, "cniVersion", INVALID);
        version = pickVersion(version == null ? "" : version, raw);

        boolean loadOnlyInlined = readBool(raw, "loadOnlyInlinedPlugins");
        NetworkConfigList base = new NetworkConfigList(rawName.getAsString(), version.isEmpty() ? CniVersion.IMPLICIT : version,
                readBool(raw, "disableCheck"), readBool(raw, "disableGC"), loadOnlyInlined, List.of(), bytes);

        JsonElement plugins = raw.get("plugins");
        if (plugins == null) {
            if (loadOnlyInlined) {
                throw new CniException(INVALID,
                        "error parsing configuration list: `loadOnlyInlinedPlugins` is true, and no 'plugins' key");
            }
            return base;
        }
        if (!plugins.isJsonArray()) {
            throw new CniException(INVALID, "error parsing configuration list: invalid 'plugins' type", String.valueOf(plugins));
        }
        JsonArray arr = plugins.getAsJsonArray();
        if (arr.isEmpty()) {
            throw new CniException(INVALID, "error parsing configuration list: no plugins in list");
        }
        List<NetworkConfig> parsed = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            JsonElement p = arr.get(i);
            if (!p.isJsonObject()) {
                throw new CniException(INVALID, "failed to parse plugin config " + i, "not a JSON object");
            }
            try {
                parsed.add(NetworkConfig.of(p.getAsJsonObject()).requireType());
            } catch (CniException e) {
                throw new CniException(INVALID, "failed to parse plugin config " + i, e.getMessage(), e);
            }
        }
        return base.withPlugins(parsed);
    }

    /** This list with {@code extra} plugins appended (the network's plugin folder). */
    public NetworkConfigList withPlugins(List<NetworkConfig> extra) {
        List<NetworkConfig> all = new ArrayList<>(plugins);
        all.addAll(extra);
        return new NetworkConfigList(name, cniVersion, disableCheck, disableGC, loadOnlyInlinedPlugins, all, bytes);
    }

    /**
     * Wraps a single deprecated {@code .conf} config into a list, like libcni's ConfListFromConf: the list's
     * bytes are {@code {"cniVersion","name","plugins":[config]}} with keys sorted as Go marshals them.
     */
    public static NetworkConfigList wrap(NetworkConfig single) throws CniException {
        single.requireType();
        JsonObject list = new JsonObject();
        JsonElement v = single.get("cniVersion");
        list.add("cniVersion", v == null ? new JsonPrimitive("") : v);
        JsonElement n = single.get("name");
        list.add("name", n == null ? new JsonPrimitive("") : n);
        JsonArray plugins = new JsonArray();
        plugins.add(JsonSupport.sortedKeys(single.raw()));
        list.add("plugins", plugins);
        return parse(JsonSupport.compact(list).getBytes(StandardCharsets.UTF_8));
    }

    /** Highest version from cniVersion + cniVersions not newer than what we implement (libcni's rule). */
    private static String pickVersion(String cniVersion, JsonObject raw) throws CniException {
        JsonElement rawVersions = raw.get("cniVersions");
        if (rawVersions == null) {
            return cniVersion;
        }
        if (!rawVersions.isJsonArray()) {
            throw new CniException(INVALID, "error parsing configuration list: invalid type for cniVersions", rawVersions.toString());
        }
        List<String> candidates = new ArrayList<>();
        int i = 0;
        for (JsonElement e : rawVersions.getAsJsonArray()) {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw new CniException(INVALID, "error parsing configuration list: invalid type for cniVersions index " + i, e.toString());
            }
            addIfNotNewer(candidates, e.getAsString());
            i++;
        }
        if (!cniVersion.isEmpty()) {
            addIfNotNewer(candidates, cniVersion);
        }
        String best = null;
        for (String c : candidates) {
            if (best == null || CniVersion.compare(c, best) > 0) {
                best = c;
            }
        }
        return best == null ? cniVersion : best;
    }

    private static void addIfNotNewer(List<String> candidates, String v) throws CniException {
        try {
            if (CniVersion.compare(v, CniVersion.CURRENT) <= 0) {
                candidates.add(v);
            }
        } catch (CniException e) {
            throw new CniException(INVALID, "error parsing configuration list: invalid cniVersions entry", v, e);
        }
    }

    /** A boolean that may also be written as the string "true"/"false" (any case). */
    private static boolean readBool(JsonObject raw, String key) throws CniException {
        JsonElement e = raw.get(key);
        if (e == null) {
            return false;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) {
            return e.getAsBoolean();
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            switch (e.getAsString().toLowerCase(Locale.ROOT)) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    throw new CniException(INVALID, "error parsing configuration list: invalid value for " + key, e.toString());
            }
        }
        throw new CniException(INVALID, "error parsing configuration list: invalid type for " + key, e.toString());
    }
}
