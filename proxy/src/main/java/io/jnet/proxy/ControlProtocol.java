package io.jnet.proxy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The proxy's control requests, one JSON object per line over its Unix socket, one request per connection:
 * {@code {"op":"publish","owner":O,"bindings":[...]}}, {@code {"op":"unpublish","owner":O}}, {@code {"op":"list"}};
 * the answer is {@code {"ok":true}} (with {@code "published"} for list) or {@code {"ok":false,"error":"..."}}.
 */
final class ControlProtocol {
    /** Requests are a few KiB; a line longer than this is refused unread. */
    static final int MAX_LINE = 4 * 1024 * 1024;

    private ControlProtocol() {}

    static JsonObject publish(String owner, List<Binding> bindings) {
        JsonObject o = new JsonObject();
        o.addProperty("op", "publish");
        o.addProperty("owner", owner);
        JsonArray a = new JsonArray();
        bindings.forEach(b -> a.add(b.toJson()));
        o.add("bindings", a);
        return o;
    }

    static JsonObject unpublish(String owner) {
        JsonObject o = new JsonObject();
        o.addProperty("op", "unpublish");
        o.addProperty("owner", owner);
        return o;
    }

    static JsonObject list() {
        JsonObject o = new JsonObject();
        o.addProperty("op", "list");
        return o;
    }

    /** Serves one request line against {@code proxy}; never throws, a bad request gets an error answer. */
    static JsonObject handle(String line, PortProxy proxy) {
        try {
            JsonElement e = JsonParser.parseString(line);
            if (!e.isJsonObject()) {
                return error("a request is a JSON object");
            }
            JsonObject req = e.getAsJsonObject();
            String op = string(req, "op");
            switch (op) {
                case "publish" -> {
                    List<Binding> bindings = new ArrayList<>();
                    JsonElement list = req.get("bindings");
                    if (list == null || !list.isJsonArray()) {
                        return error("publish needs a bindings list");
                    }
                    for (JsonElement b : list.getAsJsonArray()) {
                        bindings.add(Binding.fromJson(b));
                    }
                    proxy.publish(owner(req), bindings);
                    return ok();
                }
                case "unpublish" -> {
                    proxy.unpublish(owner(req));
                    return ok();
                }
                case "list" -> {
                    JsonObject out = ok();
                    out.add("published", toJson(proxy.published()));
                    return out;
                }
                default -> {
                    return error("unknown op \"" + op + "\"");
                }
            }
        } catch (RuntimeException | java.io.IOException ex) {
            return error(ex.getMessage());
        }
    }

    static JsonObject toJson(Map<String, List<Binding>> published) {
        JsonObject o = new JsonObject();
        published.forEach((owner, bs) -> {
            JsonArray a = new JsonArray();
            bs.forEach(b -> a.add(b.toJson()));
            o.add(owner, a);
        });
        return o;
    }

    private static String owner(JsonObject req) {
        String owner = string(req, "owner");
        if (owner.isEmpty() || owner.length() > 1024) {
            throw new IllegalArgumentException("owner must be 1 to 1024 characters");
        }
        return owner;
    }

    private static String string(JsonObject o, String key) {
        JsonElement v = o.get(key);
        if (v == null || !v.isJsonPrimitive()) {
            throw new IllegalArgumentException("missing \"" + key + "\"");
        }
        return v.getAsString();
    }

    static JsonObject ok() {
        JsonObject o = new JsonObject();
        o.addProperty("ok", true);
        return o;
    }

    static JsonObject error(String message) {
        JsonObject o = new JsonObject();
        o.addProperty("ok", false);
        o.addProperty("error", message == null ? "failed" : message);
        return o;
    }
}
