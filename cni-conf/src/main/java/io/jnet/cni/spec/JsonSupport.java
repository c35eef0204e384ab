package io.jnet.cni.spec;

import com.google.gson.FormattingStyle;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Strict JSON parsing and the two output styles CNI uses, plus typed field access that reports CNI errors. */
public final class JsonSupport {
    private JsonSupport() {}

    private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();
    // The reference plugins print with json.MarshalIndent(v, "", "    "): four spaces, "key": value.
    private static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping()
            .setFormattingStyle(FormattingStyle.PRETTY.withIndent("    ")).create();

    /** Parses strict JSON (no comments, no trailing garbage) that must be an object; code 6 otherwise. */
    public static JsonObject parseObject(byte[] bytes, String what) throws CniException {
        return parseObject(new String(bytes, StandardCharsets.UTF_8), what);
    }

    /** Parses strict JSON text that must be an object; code 6 otherwise. */
    public static JsonObject parseObject(String text, String what) throws CniException {
        JsonElement e = parse(text, what);
        if (!e.isJsonObject()) {
            throw new CniException(CniException.DECODING_FAILURE, "error parsing " + what, "not a JSON object");
        }
        return e.getAsJsonObject();
    }

    /** Parses strict JSON text of any kind; code 6 on malformed input. */
    public static JsonElement parse(String text, String what) throws CniException {
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement e = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new CniException(CniException.DECODING_FAILURE, "error parsing " + what, "trailing data after JSON value");
            }
            return e;
        } catch (JsonParseException | IOException | IllegalStateException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new CniException(CniException.DECODING_FAILURE, "error parsing " + what, reason, e);
        }
    }

    /** Compact JSON text (what libcni writes to cache files and plugin stdin). */
    public static String compact(JsonElement e) {
        return COMPACT.toJson(e);
    }

    /** Indented JSON text (what plugins print on stdout), without a trailing newline. */
    public static String pretty(JsonElement e) {
        return PRETTY.toJson(e);
    }

    /** A deep copy whose object keys are in byte order at every level, like Go marshals a map. */
    public static JsonElement sortedKeys(JsonElement e) {
        if (e == null) {
            return null;
        }
        if (e.isJsonObject()) {
            Map<String, JsonElement> sorted = new TreeMap<>(JsonSupport::compareBytes);
            for (Map.Entry<String, JsonElement> en : e.getAsJsonObject().entrySet()) {
                sorted.put(en.getKey(), sortedKeys(en.getValue()));
            }
            JsonObject o = new JsonObject();
            sorted.forEach(o::add);
            return o;
        }
        if (e.isJsonArray()) {
            JsonArray a = new JsonArray();
            for (JsonElement x : e.getAsJsonArray()) {
                a.add(sortedKeys(x));
            }
            return a;
        }
        return e.deepCopy();
    }

    /** Compares strings by their UTF-8 bytes (Go's string order, also used for file names). */
    public static int compareBytes(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    // ---- typed field access; absent and null both read as "not set" ----

    private static JsonElement field(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e;
    }

    private static CniException wrongType(int code, String key, String expected, JsonElement got) {
        return new CniException(code, "invalid type for \"" + key + "\"", "expected " + expected + ", got " + got);
    }

    /** A string field, or null when absent. */
    public static String optString(JsonObject o, String key, int code) throws CniException {
        JsonElement e = field(o, key);
        if (e == null) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw wrongType(code, key, "a string", e);
        }
        return e.getAsString();
    }

    /** An integer field, or null when absent. */
    public static Integer optInt(JsonObject o, String key, int code) throws CniException {
        JsonElement e = field(o, key);
        if (e == null) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw wrongType(code, key, "a number", e);
        }
        try {
            return e.getAsJsonPrimitive().getAsBigDecimal().intValueExact();
        } catch (ArithmeticException | NumberFormatException ex) {
            throw wrongType(code, key, "an integer", e);
        }
    }

    /** A boolean field, or null when absent. */
    public static Boolean optBoolean(JsonObject o, String key, int code) throws CniException {
        JsonElement e = field(o, key);
        if (e == null) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw wrongType(code, key, "a boolean", e);
        }
        return e.getAsBoolean();
    }

    /** An object field, or null when absent. */
    public static JsonObject optObject(JsonObject o, String key, int code) throws CniException {
        JsonElement e = field(o, key);
        if (e == null) {
            return null;
        }
        if (!e.isJsonObject()) {
            throw wrongType(code, key, "an object", e);
        }
        return e.getAsJsonObject();
    }

    /** An array field, or null when absent. */
    public static JsonArray optArray(JsonObject o, String key, int code) throws CniException {
        JsonElement e = field(o, key);
        if (e == null) {
            return null;
        }
        if (!e.isJsonArray()) {
            throw wrongType(code, key, "an array", e);
        }
        return e.getAsJsonArray();
    }

    /** An array of strings, empty when absent. */
    public static List<String> stringList(JsonObject o, String key, int code) throws CniException {
        JsonArray a = optArray(o, key, code);
        List<String> out = new ArrayList<>();
        if (a == null) {
            return out;
        }
        for (JsonElement e : a) {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw wrongType(code, key, "an array of strings", a);
            }
            out.add(e.getAsString());
        }
        return out;
    }

    /** Each element of an array field that must hold objects; empty when absent. */
    public static List<JsonObject> objectList(JsonObject o, String key, int code) throws CniException {
        JsonArray a = optArray(o, key, code);
        List<JsonObject> out = new ArrayList<>();
        if (a == null) {
            return out;
        }
        for (JsonElement e : a) {
            if (!e.isJsonObject()) {
                throw wrongType(code, key, "an array of objects", a);
            }
            out.add(e.getAsJsonObject());
        }
        return out;
    }
}
