package io.jnet.plugin.bridge;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.jnet.cni.invoke.Delegation;
import io.jnet.cni.invoke.PluginExecutor;
import io.jnet.cni.invoke.PluginLocator;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.JsonSupport;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Asks a delegated plugin which versions it speaks (VERSION), so GC goes only to IPAM plugins that know GC (>= 1.1.0), as libcni does. */
final class IpamVersions {
    private IpamVersions() {}

    static boolean supports(String type, Map<String, String> env, String version) throws CniException {
        Map<String, String> e = new HashMap<>(env);
        e.put("CNI_COMMAND", "VERSION");
        PluginExecutor exec = new PluginExecutor(Delegation.DEFAULT_TIMEOUT, System.err);
        byte[] stdin = ("{\"cniVersion\":\"" + version + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] out = exec.exec(PluginLocator.find(type, PluginLocator.splitPath(env.get("CNI_PATH"))), stdin, e);
        JsonObject o = JsonSupport.parseObject(out, "VERSION answer of " + type);
        var list = JsonSupport.optArray(o, "supportedVersions", CniException.DECODING_FAILURE);
        if (list == null) {
            return false;
        }
        for (JsonElement v : list) {
            if (v.isJsonPrimitive() && version.equals(v.getAsString())) {
                return true;
            }
        }
        return false;
    }
}
