package io.jnet.differential;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** What one plugin process did: exit status, stdout (a result or a CNI error) and stderr. */
record Outcome(int exit, String stdout, String stderr) {

    boolean ok() {
        return exit == 0;
    }

    /** The printed result, or the error object of a failure; null when stdout is empty or not JSON. */
    JsonObject json() {
        if (stdout.isBlank()) {
            return null;
        }
        try {
            return JsonParser.parseString(stdout).getAsJsonObject();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The CNI error code of a failure, -1 when stdout holds none. */
    int code() {
        JsonObject o = json();
        return o != null && o.has("code") ? o.get("code").getAsInt() : -1;
    }

    /** The error's message, "" when there is none. */
    String msg() {
        JsonObject o = json();
        return o != null && o.has("msg") ? o.get("msg").getAsString() : "";
    }

    String describe() {
        return "exit " + exit + (stdout.isBlank() ? "" : "\n    stdout: " + stdout.strip())
                + (stderr.isBlank() ? "" : "\n    stderr: " + stderr.strip().replace("\n", "\n            "));
    }
}
