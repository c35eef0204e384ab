package io.jnet.cni.spec;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One attachment of a network to a container, as GC's {@code cni.dev/valid-attachments} lists it.
 *
 * @param containerId the container ID ({@code containerID} in JSON)
 * @param ifname      the interface name inside the container ({@code ifname} in JSON)
 */
public record Attachment(String containerId, String ifname) {
    /** The key GC's valid-attachment list is sent under. */
    public static final String VALID_ATTACHMENTS_KEY = "cni.dev/valid-attachments";
    /** The misspelt key the 1.1.0 spec text used; runtimes send both and plugins read both. */
    public static final String LEGACY_ATTACHMENTS_KEY = "cni.dev/attachments";

    public Attachment {
        if (containerId == null || ifname == null) {
            throw new IllegalArgumentException("attachment needs a container ID and an ifname");
        }
    }

    /** The JSON object {@code {"containerID":..., "ifname":...}}. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("containerID", containerId);
        o.addProperty("ifname", ifname);
        return o;
    }

    /** A JSON array of attachments. */
    public static JsonArray toJson(List<Attachment> attachments) {
        JsonArray a = new JsonArray();
        attachments.forEach(x -> a.add(x.toJson()));
        return a;
    }

    /**
     * Reads the valid attachments from a GC config: {@code cni.dev/valid-attachments}, else the legacy key;
     * empty when neither is there. Malformed entries are code 6.
     */
    public static List<Attachment> fromConfig(JsonObject config) throws CniException {
        JsonElement list = config.get(VALID_ATTACHMENTS_KEY);
        if (list == null || list.isJsonNull()) {
            list = config.get(LEGACY_ATTACHMENTS_KEY);
        }
        List<Attachment> out = new ArrayList<>();
        if (list == null || list.isJsonNull()) {
            return out;
        }
        if (!list.isJsonArray()) {
            throw new CniException(CniException.DECODING_FAILURE, "invalid valid-attachments list", list.toString());
        }
        for (JsonElement e : list.getAsJsonArray()) {
            if (!e.isJsonObject()) {
                throw new CniException(CniException.DECODING_FAILURE, "invalid attachment", e.toString());
            }
            String id = JsonSupport.optString(e.getAsJsonObject(), "containerID", CniException.DECODING_FAILURE);
            String ifname = JsonSupport.optString(e.getAsJsonObject(), "ifname", CniException.DECODING_FAILURE);
            if (id == null || ifname == null) {
                throw new CniException(CniException.DECODING_FAILURE, "invalid attachment", e.toString());
            }
            out.add(new Attachment(id, ifname));
        }
        return List.copyOf(out);
    }
}
