package io.jnet.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import io.jnet.testing.ExecResult;
import java.io.StringReader;
import java.util.Set;

/** A CNI error as a plugin must print it: exactly one JSON object on stdout, and a non-zero exit. */
record CniError(int code, String msg, String details, String cniVersion) {

    /** Parses and checks the shape of the error {@code r} printed; fails when it is not a well-formed CNI error. */
    static CniError of(ExecResult r) {
        assertTrue(r.exitCode() != 0, "expected a failure: " + r.describe());
        String out = r.stdout().strip();
        assertFalse(out.isEmpty(), "a CNI error goes to stdout: " + r.describe());
        JsonObject o;
        try {
            JsonReader reader = new JsonReader(new StringReader(out));
            JsonElement e = JsonParser.parseReader(reader);
            // one document and nothing after it
            assertEquals(com.google.gson.stream.JsonToken.END_DOCUMENT, reader.peek(), "trailing output after the error: " + out);
            o = e.getAsJsonObject();
        } catch (Exception e) {
            throw new AssertionError("stdout is not one JSON object: " + r.describe(), e);
        }
        for (String k : o.keySet()) {
            assertTrue(Set.of("cniVersion", "code", "msg", "details").contains(k), "unexpected key " + k + " in " + out);
        }
        if (!o.has("code") || !o.get("code").isJsonPrimitive() || !o.getAsJsonPrimitive("code").isNumber()) {
            fail("no numeric code: " + out);
        }
        if (!o.has("msg") || !o.get("msg").isJsonPrimitive() || o.get("msg").getAsString().isBlank()) {
            fail("no msg: " + out);
        }
        assertTrue(o.has("cniVersion") && o.get("cniVersion").isJsonPrimitive(), "no cniVersion: " + out);
        String details = o.has("details") ? o.get("details").getAsString() : "";
        return new CniError(o.get("code").getAsInt(), o.get("msg").getAsString(), details, o.get("cniVersion").getAsString());
    }

    /** The code of the reference's error, or -1 when it printed no parseable error. */
    static int codeOrMinusOne(ExecResult r) {
        try {
            return JsonParser.parseString(r.stdout().strip()).getAsJsonObject().get("code").getAsInt();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return code + " " + msg + (details.isEmpty() ? "" : " (" + details + ")");
    }
}
