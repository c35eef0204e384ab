package io.jnet.cni.runtime;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.jnet.cni.config.NetworkConfig;
import io.jnet.cni.spec.CniException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds what one plugin of a list reads on stdin: its own object from the list, plus the list's {@code name}
 * and {@code cniVersion}, the {@code prevResult}, and a {@code runtimeConfig} holding only the capability args
 * the plugin enabled in {@code capabilities} (left untouched when none match).
 */
public final class PluginStdin {
    private PluginStdin() {}

    /**
     * @param plugin         the plugin's object from the list
     * @param name           the list's name
     * @param cniVersion     the list's version
     * @param prevResult     the previous result (ADD) or the cached one (DEL/CHECK), or null
     * @param capabilityArgs the runtime's capability args
     */
    public static NetworkConfig build(NetworkConfig plugin, String name, String cniVersion, JsonObject prevResult,
            JsonObject capabilityArgs) throws CniException {
        Map<String, JsonElement> inject = new LinkedHashMap<>();
        inject.put("name", new JsonPrimitive(name));
        inject.put("cniVersion", new JsonPrimitive(cniVersion));
        if (prevResult != null) {
            inject.put("prevResult", prevResult);
        }
        JsonObject rc = runtimeConfig(plugin, capabilityArgs);
        if (!rc.isEmpty()) {
            inject.put("runtimeConfig", rc);
        }
        return plugin.with(inject);
    }

    /** The capability args whose key the plugin's {@code capabilities} set to true, in the plugin's order. */
    public static JsonObject runtimeConfig(NetworkConfig plugin, JsonObject capabilityArgs) {
        JsonObject rc = new JsonObject();
        if (capabilityArgs == null) {
            return rc;
        }
        plugin.capabilities().forEach((capability, enabled) -> {
            if (enabled && capabilityArgs.has(capability)) {
                rc.add(capability, capabilityArgs.get(capability).deepCopy());
            }
        });
        return rc;
    }

    /** Injects arbitrary keys (GC and STATUS send name, cniVersion and, for GC, the valid attachments). */
    public static NetworkConfig inject(NetworkConfig plugin, Map<String, JsonElement> values) throws CniException {
        return plugin.with(values);
    }
}
