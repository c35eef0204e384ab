package io.jnet.cni.runtime;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.jnet.cni.spec.CniArg;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.JsonSupport;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One result-cache entry in libcni's {@code cniCacheV1} format:
 * {@code {"kind":"cniCacheV1","containerId","config":"<base64>","ifName","networkName","netns","cniArgs":[[k,v]],
 * "capabilityArgs":{},"result":{}}}, the last four omitted when empty, like Go's omitempty.
 *
 * @param containerId    container ID
 * @param config         the conflist bytes the attachment was added with
 * @param ifname         interface name
 * @param networkName    network name
 * @param netns          netns path, may be empty
 * @param cniArgs        CNI_ARGS pairs
 * @param capabilityArgs capability args given at ADD (empty object when none)
 * @param result         the final ADD result as the last plugin printed it, or null
 */
public record CachedAttachment(String containerId, byte[] config, String ifname, String networkName, String netns,
        List<CniArg> cniArgs, JsonObject capabilityArgs, JsonObject result) {

    /** The {@code kind} libcni writes and accepts. */
    public static final String KIND = "cniCacheV1";

    private static final int BAD = CniException.DECODING_FAILURE;

    public CachedAttachment {
        config = config == null ? new byte[0] : config.clone();
        netns = netns == null ? "" : netns;
        cniArgs = cniArgs == null ? List.of() : List.copyOf(cniArgs);
        capabilityArgs = capabilityArgs == null ? new JsonObject() : capabilityArgs.deepCopy();
        result = result == null ? null : result.deepCopy();
    }

    @Override
    public byte[] config() {
        return config.clone();
    }

    @Override
    public JsonObject capabilityArgs() {
        return capabilityArgs.deepCopy();
    }

    @Override
    public JsonObject result() {
        return result == null ? null : result.deepCopy();
    }

    /** The runtime conf to DEL this attachment with (what GC uses). */
    public RuntimeConf runtimeConf() {
        return new RuntimeConf(containerId, netns, ifname, cniArgs, capabilityArgs);
    }

    /** The entry as libcni serialises it (field order of its struct; maps with sorted keys, as Go writes them). */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", KIND);
        o.addProperty("containerId", containerId);
        o.addProperty("config", Base64.getEncoder().encodeToString(config));
        o.addProperty("ifName", ifname);
        o.addProperty("networkName", networkName);
        if (!netns.isEmpty()) {
            o.addProperty("netns", netns);
        }
        if (!cniArgs.isEmpty()) {
            JsonArray pairs = new JsonArray();
            for (CniArg a : cniArgs) {
                JsonArray pair = new JsonArray();
                pair.add(a.key());
                pair.add(a.value());
                pairs.add(pair);
            }
            o.add("cniArgs", pairs);
        }
        if (!capabilityArgs.isEmpty()) {
            o.add("capabilityArgs", JsonSupport.sortedKeys(capabilityArgs));
        }
        if (result != null && !result.isEmpty()) {
            o.add("result", JsonSupport.sortedKeys(result));
        }
        return o;
    }

    /** Whether this JSON claims to be a v1 cache entry. */
    static boolean isV1(JsonObject o) {
        JsonElement k = o.get("kind");
        return k != null && k.isJsonPrimitive() && KIND.equals(k.getAsString());
    }

    /** Reads a v1 entry; code 6 when a field has the wrong shape. */
    public static CachedAttachment fromJson(JsonObject o) throws CniException {
        if (!isV1(o)) {
            throw new CniException(BAD, "not a cniCacheV1 entry", String.valueOf(o.get("kind")));
        }
        byte[] config;
        try {
            String b64 = JsonSupport.optString(o, "config", BAD);
            config = b64 == null ? new byte[0] : Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new CniException(BAD, "invalid base64 in cached config", e.getMessage(), e);
        }
        List<CniArg> args = new ArrayList<>();
        JsonArray pairs = JsonSupport.optArray(o, "cniArgs", BAD);
        if (pairs != null) {
            for (JsonElement p : pairs) {
                if (!p.isJsonArray() || p.getAsJsonArray().size() != 2) {
                    throw new CniException(BAD, "invalid cniArgs entry", p.toString());
                }
                args.add(new CniArg(p.getAsJsonArray().get(0).getAsString(), p.getAsJsonArray().get(1).getAsString()));
            }
        }
        return new CachedAttachment(nonNull(JsonSupport.optString(o, "containerId", BAD)), config,
                nonNull(JsonSupport.optString(o, "ifName", BAD)), nonNull(JsonSupport.optString(o, "networkName", BAD)),
                JsonSupport.optString(o, "netns", BAD), args, JsonSupport.optObject(o, "capabilityArgs", BAD),
                JsonSupport.optObject(o, "result", BAD));
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
