package io.jnet.runtime;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names given with {@code jnet attach --alias}, per attachment (network, container ID, interface), kept in one
 * file under the DNS state dir. Read and written only under the DNS lock.
 */
final class DnsAliases {
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?");

    private final Path file;

    DnsAliases(Path file) {
        this.file = file;
    }

    /** The aliases checked (host names: letters, digits, '-', dot-separated labels) and without repeats. */
    static List<String> check(List<String> aliases) {
        List<String> out = new ArrayList<>();
        for (String a : aliases) {
            boolean ok = a != null && !a.isEmpty() && a.length() <= 253;
            if (ok) {
                for (String label : a.split("\\.", -1)) {
                    ok &= LABEL.matcher(label).matches();
                }
            }
            if (!ok) {
                throw JnetException.usage("bad alias '" + a + "'", "use a host name: letters, digits and '-', labels joined by '.', e.g. db or db-1");
            }
            if (!out.contains(a.toLowerCase(Locale.ROOT))) {
                out.add(a.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    static String key(String network, String containerId, String ifname) {
        return network + "/" + containerId + "/" + ifname;
    }

    /** Every attachment's aliases. */
    Map<String, List<String>> read() throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                List<String> names = new ArrayList<>();
                e.getValue().getAsJsonArray().forEach(n -> names.add(n.getAsString()));
                out.put(e.getKey(), names);
            }
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new IOException("unreadable " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Sets one attachment's aliases (none: forgets it) and drops those of attachments not in {@code live}. */
    void write(Map<String, List<String>> all, Set<String> live) throws IOException {
        JsonObject o = new JsonObject();
        for (Map.Entry<String, List<String>> e : all.entrySet()) {
            if (live.contains(e.getKey()) && !e.getValue().isEmpty()) {
                JsonArray a = new JsonArray();
                e.getValue().forEach(a::add);
                o.add(e.getKey(), a);
            }
        }
        if (o.size() == 0) {
            Files.deleteIfExists(file);
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, o.toString() + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
