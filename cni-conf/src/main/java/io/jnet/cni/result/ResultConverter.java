package io.jnet.cni.result;

import com.google.gson.JsonObject;
import io.jnet.cni.spec.CniException;

/** Converts result JSON between spec versions through the 1.1.0 model. */
public final class ResultConverter {
    private ResultConverter() {}

    /**
     * Reads {@code json} (in its own version, or {@code fallbackVersion} when it names none) and prints it as
     * {@code toVersion}.
     */
    public static JsonObject convert(JsonObject json, String fallbackVersion, String toVersion) throws CniException {
        return ResultWriter.toJson(ResultReader.parse(json, fallbackVersion), toVersion);
    }
}
