package io.jnet.engine;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.engine.Frames.FrameWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Errors the engine itself answers, in the form the caller's program would have printed them: a CNI error
 * document on stdout for a plugin (exit 1), one {@code jnet: ... (hint: ...)} line on stderr for the CLI.
 */
final class Replies {
    private Replies() {}

    /** CNI codes the engine uses. */
    static final int IO_FAILURE = 5;
    static final int DECODING_FAILURE = 6;
    static final int TRY_AGAIN_LATER = 11;

    static void error(FrameWriter w, String program, byte[] config, int cniCode, String msg, String details, String hint) throws IOException {
        if (Programs.CLI.equals(program)) {
            w.write(Frames.ERR, "jnet: " + msg + (hint == null ? "" : " (hint: " + hint + ")") + "\n");
            w.write(Frames.EXIT, Frames.u32(1));
            return;
        }
        w.write(Frames.OUT, cniError(config, cniCode, msg, details));
        w.write(Frames.EXIT, Frames.u32(1));
    }

    /** A CNI error document, in the version the config names when it names one. */
    static String cniError(byte[] config, int code, String msg, String details) {
        JsonObject o = new JsonObject();
        o.addProperty("cniVersion", configVersion(config));
        o.addProperty("code", code);
        o.addProperty("msg", msg);
        if (details != null && !details.isEmpty()) {
            o.addProperty("details", details);
        }
        return new com.google.gson.GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create().toJson(o);
    }

    private static String configVersion(byte[] config) {
        JsonObject c = parseObject(config);
        JsonElement v = c == null ? null : c.get("cniVersion");
        if (v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()
                && v.getAsString().matches("[0-9]+\\.[0-9]+\\.[0-9]+")) {
            return v.getAsString();
        }
        return "1.1.0";
    }

    /** The config as an object, or null when it is not one. */
    static JsonObject parseObject(byte[] config) {
        if (config == null || config.length == 0) {
            return null;
        }
        try {
            JsonElement e = JsonParser.parseString(new String(config, StandardCharsets.UTF_8));
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
