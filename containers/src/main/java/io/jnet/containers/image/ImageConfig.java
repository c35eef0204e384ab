package io.jnet.containers.image;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.containers.ContainerException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What jnet reads of an image's configuration (the OCI image config, which docker-archive uses too): the layers
 * by uncompressed digest, and the process defaults a container starts from. The bytes are kept as they came,
 * because the image ID is their digest.
 */
public record ImageConfig(byte[] bytes, List<String> diffIds, List<String> env, List<String> entrypoint, List<String> cmd,
        String workingDir, String user, String architecture, String os, String created) {

    public ImageConfig {
        diffIds = List.copyOf(diffIds);
        env = List.copyOf(env);
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
    }

    /** The image ID: the digest of the config bytes, as docker and podman compute it. */
    public String id() {
        return Digest.of(bytes);
    }

    /** Parses config bytes; anything missing that a container needs is a corrupt image (usage error). */
    public static ImageConfig parse(byte[] bytes) {
        JsonObject o;
        try {
            o = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw corrupt("the image config is not a JSON object");
        }
        JsonObject rootfs = object(o, "rootfs");
        if (rootfs == null || !"layers".equals(string(rootfs, "type")) || !(rootfs.get("diff_ids") instanceof JsonArray ids)) {
            throw corrupt("the image config has no rootfs of type layers");
        }
        List<String> diffIds = new ArrayList<>();
        for (JsonElement e : ids) {
            String d = e.isJsonPrimitive() ? e.getAsString() : "";
            if (!Digest.isSha256(d)) {
                throw corrupt("the image config lists a layer that is not a sha256 digest: " + e);
            }
            diffIds.add(d);
        }
        if (diffIds.isEmpty()) {
            throw corrupt("the image has no layers");
        }
        JsonObject c = object(o, "config");
        if (c == null) {
            c = new JsonObject();
        }
        return new ImageConfig(bytes, diffIds, strings(c, "Env"), strings(c, "Entrypoint"), strings(c, "Cmd"),
                nonNull(string(c, "WorkingDir")), nonNull(string(c, "User")), nonNull(string(o, "architecture")),
                nonNull(string(o, "os")), nonNull(string(o, "created")));
    }

    /** A config for a one-layer image made by {@code jnet image import}. */
    public static byte[] forImport(String diffId, List<String> cmd, List<String> env, String workingDir, String created) {
        JsonObject config = new JsonObject();
        JsonArray e = new JsonArray();
        env.forEach(e::add);
        config.add("Env", e);
        JsonArray c = new JsonArray();
        cmd.forEach(c::add);
        config.add("Cmd", c);
        if (!workingDir.isEmpty()) {
            config.addProperty("WorkingDir", workingDir);
        }
        JsonObject rootfs = new JsonObject();
        rootfs.addProperty("type", "layers");
        JsonArray ids = new JsonArray();
        ids.add(diffId);
        rootfs.add("diff_ids", ids);
        JsonObject o = new JsonObject();
        o.addProperty("architecture", Platform.architecture());
        o.addProperty("os", "linux");
        o.addProperty("created", created);
        o.add("config", config);
        o.add("rootfs", rootfs);
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    static ContainerException corrupt(String why) {
        return ContainerException.usage("corrupt image: " + why, "load an archive written by docker save, podman save or skopeo copy");
    }

    private static JsonObject object(JsonObject o, String key) {
        return o.get(key) instanceof JsonObject j ? j : null;
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static List<String> strings(JsonObject o, String key) {
        List<String> out = new ArrayList<>();
        if (o.get(key) instanceof JsonArray a) {
            for (JsonElement e : a) {
                if (e.isJsonPrimitive()) {
                    out.add(e.getAsString());
                }
            }
        }
        return out;
    }
}
