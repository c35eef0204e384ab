package io.jnet.cni.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.jnet.cni.result.Dns;
import io.jnet.cni.result.Result;
import io.jnet.cni.result.ResultReader;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.CniVersion;
import io.jnet.cni.spec.JsonSupport;
import io.jnet.cni.spec.Validation;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One plugin's network configuration (what a plugin reads on stdin, or one entry of a conflist's
 * {@code plugins}). The raw JSON is kept whole, so keys this class does not know pass through untouched;
 * typed getters read the well-known ones.
 */
public final class NetworkConfig {
    private static final int BAD = CniException.DECODING_FAILURE;

    private final JsonObject raw;
    private final byte[] bytes;

    private NetworkConfig(JsonObject raw, byte[] bytes) {
        this.raw = raw;
        this.bytes = bytes;
    }

    /**
     * Parses a config. Well-known keys must have the right JSON type (code 6 otherwise); nothing is required,
     * since what is required depends on who reads it ({@link #requireType()}, the skeleton's name check).
     */
    public static NetworkConfig parse(byte[] bytes) throws CniException {
        JsonObject raw = JsonSupport.parseObject(bytes, "network configuration");
        checkTypes(raw);
        return new NetworkConfig(raw, bytes.clone());
    }

    /** Wraps an already parsed object; its compact text becomes {@link #bytes()}. */
    public static NetworkConfig of(JsonObject raw) throws CniException {
        JsonObject copy = raw.deepCopy();
        checkTypes(copy);
        return new NetworkConfig(copy, JsonSupport.compact(copy).getBytes(StandardCharsets.UTF_8));
    }

    private static void checkTypes(JsonObject raw) throws CniException {
        JsonSupport.optString(raw, "cniVersion", BAD);
        JsonSupport.optString(raw, "name", BAD);
        JsonSupport.optString(raw, "type", BAD);
        JsonObject caps = JsonSupport.optObject(raw, "capabilities", BAD);
        if (caps != null) {
            for (String k : caps.keySet()) {
                JsonSupport.optBoolean(caps, k, BAD);
            }
        }
        JsonObject ipam = JsonSupport.optObject(raw, "ipam", BAD);
        if (ipam != null) {
            JsonSupport.optString(ipam, "type", BAD);
        }
        JsonSupport.optObject(raw, "runtimeConfig", BAD);
        JsonSupport.optObject(raw, "args", BAD);
        JsonSupport.optObject(raw, "prevResult", BAD);
        ResultReader.dns(raw);
    }

    /** Checks that {@code type} names a plugin: present and a bare file name (code 7 otherwise). */
    public NetworkConfig requireType() throws CniException {
        String t = type();
        if (t == null || t.isEmpty()) {
            throw new CniException(CniException.INVALID_NETWORK_CONFIG, "error parsing configuration: missing 'type'");
        }
        Validation.pluginType(t);
        return this;
    }

    /** The original bytes (for a conflist entry: the compact JSON of that entry). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** A deep copy of the whole JSON object, unknown keys included. */
    public JsonObject raw() {
        return raw.deepCopy();
    }

    /** The raw value of any key, or null (a copy: changing it changes nothing here). */
    public JsonElement get(String key) {
        JsonElement e = raw.get(key);
        return e == null || e.isJsonNull() ? null : e.deepCopy();
    }

    /** Whether the key is present and not null. */
    public boolean has(String key) {
        return get(key) != null;
    }

    /** {@code cniVersion}, or 0.1.0 when absent or empty (as the spec says). */
    public String cniVersion() {
        String v = stringOrNull("cniVersion");
        return v == null || v.isEmpty() ? CniVersion.IMPLICIT : v;
    }

    /** {@code name}, or null. */
    public String name() {
        return stringOrNull("name");
    }

    /** {@code type}, or null. */
    public String type() {
        return stringOrNull("type");
    }

    /** {@code capabilities}: the capability names this plugin accepts in runtimeConfig, in file order. */
    public Map<String, Boolean> capabilities() {
        JsonElement caps = raw.get("capabilities");
        if (caps == null || !caps.isJsonObject()) {
            return Map.of();
        }
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : caps.getAsJsonObject().entrySet()) {
            out.put(e.getKey(), e.getValue().isJsonPrimitive() && e.getValue().getAsBoolean());
        }
        return Collections.unmodifiableMap(out);
    }

    /** The {@code ipam} object, or null. */
    public JsonObject ipam() {
        return objectOrNull("ipam");
    }

    /** The {@code ipam.type}, or null. */
    public String ipamType() {
        JsonObject ipam = ipam();
        JsonElement t = ipam == null ? null : ipam.get("type");
        return t == null || t.isJsonNull() ? null : t.getAsString();
    }

    /** The {@code dns} object as a value; {@link Dns#EMPTY} when absent. */
    public Dns dns() {
        try {
            return ResultReader.dns(raw);
        } catch (CniException e) {
            throw new IllegalStateException("checked at parse time", e);
        }
    }

    /** {@code runtimeConfig}, empty when absent. */
    public JsonObject runtimeConfig() {
        JsonObject o = objectOrNull("runtimeConfig");
        return o == null ? new JsonObject() : o;
    }

    /** {@code args} (e.g. {@code args.cni.ips}), empty when absent. */
    public JsonObject args() {
        JsonObject o = objectOrNull("args");
        return o == null ? new JsonObject() : o;
    }

    /** The raw {@code prevResult} object, or null. */
    public JsonObject prevResultJson() {
        return objectOrNull("prevResult");
    }

    /**
     * {@code prevResult} read into the 1.1.0 model, parsed in the config's version (like the reference), or
     * null when there is none.
     *
     * @throws CniException code 6 when it is malformed, code 1 when the config's version is unknown
     */
    public Result prevResult() throws CniException {
        JsonObject prev = prevResultJson();
        return prev == null ? null : ResultReader.parseAs(prev, cniVersion());
    }

    /** A string key, or null when absent; code 6 when it is not a string. */
    public String getString(String key) throws CniException {
        return JsonSupport.optString(raw, key, BAD);
    }

    /** A boolean key with a default; code 6 when it is not a boolean. */
    public boolean getBoolean(String key, boolean dflt) throws CniException {
        Boolean b = JsonSupport.optBoolean(raw, key, BAD);
        return b == null ? dflt : b;
    }

    /** An integer key, or null; code 6 when it is not an integer. */
    public Integer getInt(String key) throws CniException {
        return JsonSupport.optInt(raw, key, BAD);
    }

    /** This config with keys set (or replaced); used to inject name, cniVersion, prevResult, runtimeConfig. */
    public NetworkConfig with(Map<String, JsonElement> values) throws CniException {
        JsonObject copy = raw.deepCopy();
        values.forEach((k, v) -> copy.add(k, v == null ? null : v.deepCopy()));
        return of(copy);
    }

    private String stringOrNull(String key) {
        JsonElement e = raw.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private JsonObject objectOrNull(String key) {
        JsonElement e = raw.get(key);
        return e == null || !e.isJsonObject() ? null : e.getAsJsonObject().deepCopy();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkConfig c && c.raw.equals(raw) && Arrays.equals(c.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return raw.hashCode();
    }

    @Override
    public String toString() {
        return JsonSupport.compact(raw);
    }
}
