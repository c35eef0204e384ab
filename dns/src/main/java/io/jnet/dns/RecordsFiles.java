package io.jnet.dns;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonParseException;
import io.jnet.inet.IpPrefix;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The on-disk form of {@link NetworkRecords}: {@code <dir>/<network>.json}, written atomically (temp file and
 * rename) so the resolver never reads half a file.
 */
public final class RecordsFiles {
    static final String SUFFIX = ".json";

    private RecordsFiles() {}

    /** Every network file in {@code dir}, sorted by name; a missing directory holds none. */
    public static List<NetworkRecords> readAll(Path dir) throws IOException {
        List<NetworkRecords> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            ds.forEach(files::add);
        }
        files.sort(null);
        for (Path f : files) {
            out.add(read(f));
        }
        return out;
    }

    /** One network's file. */
    public static NetworkRecords read(Path file) throws IOException {
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            List<NetworkRecords.Host> hosts = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("hosts")) {
                JsonObject h = e.getAsJsonObject();
                hosts.add(new NetworkRecords.Host(h.get("id").getAsString(), strings(h.getAsJsonArray("names")),
                        addresses(h.getAsJsonArray("addresses"))));
            }
            List<IpPrefix> subnets = new ArrayList<>();
            for (String s : strings(o.getAsJsonArray("subnets"))) {
                subnets.add(IpPrefix.parse(s));
            }
            return new NetworkRecords(o.get("network").getAsString(), o.get("internal").getAsBoolean(),
                    addresses(o.getAsJsonArray("gateways")), subnets, hosts);
        } catch (JsonParseException | IllegalStateException | NullPointerException | IllegalArgumentException
                | UnsupportedOperationException e) {
            throw new IOException("bad records file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes (replaces) the network's file, mode 0600. */
    public static void write(Path dir, NetworkRecords r) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("network", r.network());
        o.addProperty("internal", r.internal());
        o.add("gateways", texts(r.gateways()));
        JsonArray subnets = new JsonArray();
        r.subnets().forEach(s -> subnets.add(s.toString()));
        o.add("subnets", subnets);
        JsonArray hosts = new JsonArray();
        for (NetworkRecords.Host h : r.hosts()) {
            JsonObject ho = new JsonObject();
            ho.addProperty("id", h.id());
            JsonArray names = new JsonArray();
            h.names().forEach(names::add);
            ho.add("names", names);
            ho.add("addresses", texts(h.addresses()));
            hosts.add(ho);
        }
        o.add("hosts", hosts);
        Files.createDirectories(dir);
        Path target = file(dir, r.network());
        Path tmp = dir.resolve("." + r.network() + ".tmp");
        Files.writeString(tmp, o.toString() + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The file of a network. */
    public static Path file(Path dir, String network) {
        return dir.resolve(network + SUFFIX);
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    private static List<InetAddress> addresses(JsonArray a) {
        List<InetAddress> out = new ArrayList<>();
        a.forEach(e -> out.add(IpPrefix.literal(e.getAsString())));
        return out;
    }

    private static JsonArray texts(List<InetAddress> addrs) {
        JsonArray a = new JsonArray();
        addrs.forEach(x -> a.add(IpPrefix.text(x)));
        return a;
    }
}
