package io.jnet.cni;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads JSON golden files from src/test/resources. */
public final class TestResources {
    private TestResources() {}

    public static String text(String path) {
        try (InputStream in = TestResources.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonObject json(String path) {
        return JsonParser.parseString(text(path)).getAsJsonObject();
    }

    public static JsonObject parse(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }
}
