package io.jnet.runtime;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;

/** JSON output for people and machines: two-space indentation, no HTML escaping. */
public final class Json {
    private static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();

    private Json() {}

    public static String pretty(JsonElement e) {
        return PRETTY.toJson(e);
    }
}
