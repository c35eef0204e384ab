package io.jnet.containers.image;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.containers.ContainerException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads the images of a {@code docker save} archive ({@code manifest.json}, also written by {@code podman save}
 * and Docker 25+ next to an OCI layout) or of an OCI image layout archive ({@code oci-layout}, {@code index.json},
 * {@code blobs/}: {@code skopeo copy ... oci-archive:}, {@code podman save --format oci-archive}). A gzipped
 * archive is inflated to a temporary file first, because the formats need random access (docker puts the
 * manifest last).
 */
final class ArchiveReader implements AutoCloseable {
    /** Manifests, indexes and configs are small; anything bigger is not one. */
    private static final int MAX_JSON = 16 << 20;
    private static final String INDEX_MEDIA = "application/vnd.oci.image.index.v1+json";
    private static final String DOCKER_LIST_MEDIA = "application/vnd.docker.distribution.manifest.list.v2+json";

    private final TarFile tar;
    private final Map<String, TarArchiveEntry> entries = new HashMap<>();
    private final Path inflated;

    private ArchiveReader(TarFile tar, Path inflated) {
        this.tar = tar;
        this.inflated = inflated;
        for (TarArchiveEntry e : tar.getEntries()) {
            entries.put(normalize(e.getName()), e);
        }
    }

    /** Opens an archive; {@code scratch} receives the inflated copy of a gzipped one (removed on close). */
    static ArchiveReader open(Path file, Path scratch) throws IOException {
        Path inflated = null;
        if (Compression.of(file) == Compression.GZIP) {
            inflated = Files.createTempFile(scratch, "archive-", ".tar");
            try (InputStream in = GzipCompressorInputStream.builder().setInputStream(new BufferedInputStream(Files.newInputStream(file))).setDecompressConcatenated(true).get()) {
                Files.copy(in, inflated, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                Files.deleteIfExists(inflated);
                throw ImageConfig.corrupt("the gzip stream is broken: " + e.getMessage());
            }
        }
        try {
            return new ArchiveReader(new TarFile(inflated != null ? inflated : file), inflated);
        } catch (IOException | RuntimeException e) {
            if (inflated != null) {
                Files.deleteIfExists(inflated);
            }
            throw ImageConfig.corrupt("not a tar archive (" + e.getMessage() + ")");
        }
    }

    /** The images in the archive, in the archive's order. */
    List<ArchiveImage> images() throws IOException {
        if (entries.containsKey("manifest.json")) {
            return dockerImages();
        }
        if (entries.containsKey("index.json") && entries.containsKey("oci-layout")) {
            return ociImages();
        }
        throw ContainerException.usage("not an image archive: it holds neither manifest.json (docker save) nor oci-layout and index.json (OCI)",
                "for a root file system tarball use: jnet image import FILE NAME");
    }

    /** The bytes of an entry as stored. */
    InputStream open(String name) throws IOException {
        TarArchiveEntry e = entries.get(normalize(name));
        if (e == null || !e.isFile()) {
            throw ImageConfig.corrupt("the archive names '" + name + "' but has no such file");
        }
        return tar.getInputStream(e);
    }

    private List<ArchiveImage> dockerImages() throws IOException {
        JsonArray manifest = json("manifest.json").isJsonArray() ? json("manifest.json").getAsJsonArray() : null;
        if (manifest == null || manifest.isEmpty()) {
            throw ImageConfig.corrupt("manifest.json is not a list of images");
        }
        List<ArchiveImage> out = new ArrayList<>();
        for (JsonElement m : manifest) {
            JsonObject o = m.getAsJsonObject();
            String configName = text(o, "Config");
            byte[] configBytes = bytes(configName);
            String stated = digestInName(configName);
            if (stated != null && !stated.equals(Digest.of(configBytes))) {
                throw ImageConfig.corrupt("the config " + configName + " does not match its digest");
            }
            ImageConfig config = ImageConfig.parse(configBytes);
            JsonArray layers = o.get("Layers") instanceof JsonArray a ? a : new JsonArray();
            if (layers.size() != config.diffIds().size()) {
                throw ImageConfig.corrupt("manifest.json lists " + layers.size() + " layers, the config " + config.diffIds().size());
            }
            List<ArchiveImage.Layer> ls = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                String name = layers.get(i).getAsString();
                ls.add(new ArchiveImage.Layer(name, digestInName(name), config.diffIds().get(i)));
            }
            List<ImageRef> refs = new ArrayList<>();
            if (o.get("RepoTags") instanceof JsonArray tags) {
                for (JsonElement t : tags) {
                    refs.add(ImageRef.parse(t.getAsString()));
                }
            }
            out.add(new ArchiveImage(refs, config, ls));
        }
        return out;
    }

    private List<ArchiveImage> ociImages() throws IOException {
        List<ArchiveImage> out = new ArrayList<>();
        JsonObject index = object(json("index.json"), "index.json");
        for (JsonElement d : array(index, "manifests", "index.json")) {
            JsonObject desc = object(d, "a descriptor of index.json");
            List<ImageRef> refs = refsOf(desc);
            JsonObject manifest = object(JsonParser.parseString(new String(blob(text(desc, "digest")), StandardCharsets.UTF_8)), "a manifest");
            String media = desc.has("mediaType") ? text(desc, "mediaType") : manifest.has("mediaType") ? text(manifest, "mediaType") : "";
            if (media.equals(INDEX_MEDIA) || media.equals(DOCKER_LIST_MEDIA) || manifest.has("manifests")) {
                manifest = object(JsonParser.parseString(new String(blob(pickPlatform(manifest)), StandardCharsets.UTF_8)), "a manifest");
            }
            byte[] configBytes = blob(text(object(manifest.get("config"), "the manifest's config"), "digest"));
            ImageConfig config = ImageConfig.parse(configBytes);
            JsonArray layers = array(manifest, "layers", "the manifest");
            if (layers.size() != config.diffIds().size()) {
                throw ImageConfig.corrupt("the manifest lists " + layers.size() + " layers, the config " + config.diffIds().size());
            }
            List<ArchiveImage.Layer> ls = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                String digest = text(object(layers.get(i), "a layer descriptor"), "digest");
                ls.add(new ArchiveImage.Layer(blobName(digest), digest, config.diffIds().get(i)));
            }
            out.add(new ArchiveImage(refs, config, ls));
        }
        if (out.isEmpty()) {
            throw ImageConfig.corrupt("index.json lists no image");
        }
        return out;
    }

    /** The names an OCI descriptor carries: containerd's full name, else a ref.name that is a full name. */
    private static List<ImageRef> refsOf(JsonObject desc) {
        if (!(desc.get("annotations") instanceof JsonObject a)) {
            return List.of();
        }
        if (a.has("io.containerd.image.name")) {
            return List.of(ImageRef.parse(a.get("io.containerd.image.name").getAsString()));
        }
        if (a.has("org.opencontainers.image.ref.name")) {
            String r = a.get("org.opencontainers.image.ref.name").getAsString();
            if (r.contains(":") || r.contains("/")) {
                return List.of(ImageRef.parse(r));
            }
        }
        return List.of();
    }

    /** From an image index: the manifest for linux on this machine's architecture. */
    private String pickPlatform(JsonObject index) {
        for (JsonElement m : array(index, "manifests", "an image index")) {
            JsonObject d = object(m, "an index entry");
            JsonObject p = d.get("platform") instanceof JsonObject o ? o : null;
            if (p != null && "linux".equals(text(p, "os")) && Platform.architecture().equals(text(p, "architecture"))) {
                return text(d, "digest");
            }
        }
        throw ContainerException.notFound("the archive has no image for linux/" + Platform.architecture(),
                "save the image for this platform (e.g. docker save after docker pull --platform linux/" + Platform.architecture() + ")");
    }

    /** A blob by digest, checked against it. */
    private byte[] blob(String digest) throws IOException {
        byte[] b = bytes(blobName(digest));
        if (!Digest.of(b).equals(digest)) {
            throw ImageConfig.corrupt("the blob " + digest + " does not match its digest");
        }
        return b;
    }

    private static String blobName(String digest) {
        if (!Digest.isSha256(digest)) {
            throw ImageConfig.corrupt("a descriptor's digest is not sha256: " + digest);
        }
        return "blobs/sha256/" + Digest.hex(digest);
    }

    /** Docker 25+ and OCI layouts name blobs by digest; the stated digest is then checked. */
    private static String digestInName(String name) {
        String n = normalize(name);
        if (n.startsWith("blobs/sha256/")) {
            String d = "sha256:" + n.substring("blobs/sha256/".length());
            return Digest.isSha256(d) ? d : null;
        }
        if (n.endsWith(".json") && n.length() == 69) {
            String d = "sha256:" + n.substring(0, 64);
            return Digest.isSha256(d) ? d : null;
        }
        return null;
    }

    private byte[] bytes(String name) throws IOException {
        TarArchiveEntry e = entries.get(normalize(name));
        if (e == null || !e.isFile()) {
            throw ImageConfig.corrupt("the archive names '" + name + "' but has no such file");
        }
        if (e.getSize() > MAX_JSON) {
            throw ImageConfig.corrupt(name + " is " + e.getSize() + " bytes, too big for a manifest or config");
        }
        try (InputStream in = tar.getInputStream(e)) {
            byte[] b = in.readAllBytes();
            if (b.length != e.getSize()) {
                throw ImageConfig.corrupt(name + " is cut short");
            }
            return b;
        }
    }

    private JsonElement json(String name) throws IOException {
        try {
            return JsonParser.parseString(new String(bytes(name), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            if (e instanceof ContainerException ce) {
                throw ce;
            }
            throw ImageConfig.corrupt(name + " is not JSON");
        }
    }

    private static JsonObject object(JsonElement e, String what) {
        if (e == null || !e.isJsonObject()) {
            throw ImageConfig.corrupt(what + " is not a JSON object");
        }
        return e.getAsJsonObject();
    }

    private static JsonArray array(JsonObject o, String key, String what) {
        if (!(o.get(key) instanceof JsonArray a)) {
            throw ImageConfig.corrupt(what + " has no list '" + key + "'");
        }
        return a;
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive()) {
            throw ImageConfig.corrupt("'" + key + "' is missing");
        }
        return e.getAsString();
    }

    private static String normalize(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        while (n.startsWith("/")) {
            n = n.substring(1);
        }
        return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
    }

    @Override
    public void close() throws IOException {
        try {
            tar.close();
        } finally {
            if (inflated != null) {
                Files.deleteIfExists(inflated);
            }
        }
    }
}
