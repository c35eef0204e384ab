package io.jnet.cni.spec;

import com.google.gson.JsonObject;

/**
 * A CNI error: the {@code code}, {@code msg} and {@code details} a plugin prints on stdout when it fails
 * (spec "Error" object), and what the runtime reads back from a failing plugin.
 */
public class CniException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Incompatible CNI version. */
    public static final int INCOMPATIBLE_CNI_VERSION = 1;
    /** Unsupported field in the network configuration; the details name the key and value. */
    public static final int UNSUPPORTED_FIELD = 2;
    /** Container unknown or does not exist. */
    public static final int UNKNOWN_CONTAINER = 3;
    /** Invalid or missing environment variables; the details name them. */
    public static final int INVALID_ENVIRONMENT_VARIABLES = 4;
    /** I/O failure, e.g. reading stdin or writing stdout. */
    public static final int IO_FAILURE = 5;
    /** Failed to decode content, e.g. unparseable JSON. */
    public static final int DECODING_FAILURE = 6;
    /** Invalid network configuration. */
    public static final int INVALID_NETWORK_CONFIG = 7;
    /** Try again later: a transient condition. */
    public static final int TRY_AGAIN_LATER = 11;
    /** STATUS: the plugin is not available (cannot serve ADD). */
    public static final int NOT_AVAILABLE = 50;
    /** STATUS: the plugin is not available and existing containers may be affected. */
    public static final int NOT_AVAILABLE_CONTAINERS_AFFECTED = 51;
    /** First plugin-specific code. */
    public static final int PLUGIN_SPECIFIC = 100;
    /** An internal failure with no better code (libcni's {@code ErrInternal}). */
    public static final int INTERNAL = 999;

    private final int code;
    private final String msg;
    private final String details;

    /** A CNI error with details (may be empty or null). */
    public CniException(int code, String msg, String details) {
        this(code, msg, details, null);
    }

    /** A CNI error without details. */
    public CniException(int code, String msg) {
        this(code, msg, "", null);
    }

    /** A CNI error caused by another exception. */
    public CniException(int code, String msg, String details, Throwable cause) {
        super(describe(msg, details), cause);
        this.code = code;
        this.msg = msg == null ? "" : msg;
        this.details = details == null ? "" : details;
    }

    private static String describe(String msg, String details) {
        return details == null || details.isEmpty() ? msg : msg + ": " + details;
    }

    /** The numeric CNI error code. */
    public int code() {
        return code;
    }

    /** The short message ({@code msg}). */
    public String msg() {
        return msg;
    }

    /** The longer explanation ({@code details}), empty when there is none. */
    public String details() {
        return details;
    }

    /**
     * The error as the JSON object a plugin prints: {@code {"cniVersion","code","msg","details"}},
     * {@code details} omitted when empty.
     */
    public JsonObject toJson(String cniVersion) {
        JsonObject o = new JsonObject();
        o.addProperty("cniVersion", cniVersion);
        o.addProperty("code", code);
        o.addProperty("msg", msg);
        if (!details.isEmpty()) {
            o.addProperty("details", details);
        }
        return o;
    }

    /**
     * Reads an error object printed by a plugin. Missing fields become 0 / empty; the caller decides
     * whether that is acceptable.
     */
    public static CniException fromJson(JsonObject o) {
        int code = 0;
        if (o.has("code") && o.get("code").isJsonPrimitive() && o.get("code").getAsJsonPrimitive().isNumber()) {
            code = o.get("code").getAsInt();
        }
        String msg = o.has("msg") && o.get("msg").isJsonPrimitive() ? o.get("msg").getAsString() : "";
        String details = o.has("details") && o.get("details").isJsonPrimitive() ? o.get("details").getAsString() : "";
        return new CniException(code, msg, details);
    }
}
