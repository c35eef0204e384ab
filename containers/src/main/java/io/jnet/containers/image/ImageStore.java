package io.jnet.containers.image;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.containers.ContainerException;
import io.jnet.containers.fs.AtomicFiles;
import io.jnet.containers.fs.FileLocks;
import io.jnet.containers.fs.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The image store, content-addressed like containerd's: each layer is unpacked once into
 * {@code layers/<diff ID>} and shared by every image that lists it; {@code configs/<image ID>.json} keeps each
 * image's config; {@code repositories.json} maps names to image IDs. Every change holds {@code lock} and stages
 * its work under {@code tmp/}, so a failed or killed load leaves nothing (the next change clears {@code tmp/}).
 */
public final class ImageStore {
    private final Path root;
    private final Path layers;
    private final Path configs;
    private final Path tmp;
    private final Path refsFile;

    public ImageStore(Path root) {
        this.root = root;
        this.layers = root.resolve("layers");
        this.configs = root.resolve("configs");
        this.tmp = root.resolve("tmp");
        this.refsFile = root.resolve("repositories.json");
    }

    public Path root() {
        return root;
    }

    /** The store's lock, held by every change (and by container creation while it picks its layers). */
    public FileLocks.Held lock() {
        try {
            createDirs();
            return FileLocks.lock(root.resolve("lock"));
        } catch (IOException e) {
            throw storeError(e);
        }
    }

    /** The directory of an unpacked layer. */
    public Path layerDir(String diffId) {
        return layers.resolve(Digest.hex(diffId));
    }

    /** The image's layer directories for overlayfs's lowerdir: top layer first. */
    public List<Path> lowerDirs(Image image) {
        List<Path> out = new ArrayList<>();
        List<String> ids = image.config().diffIds();
        for (int i = ids.size() - 1; i >= 0; i--) {
            Path d = layerDir(ids.get(i));
            if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                throw ContainerException.failed("layer " + ids.get(i) + " of image " + image.displayName() + " is missing from the store",
                        "load the image again (jnet image load) or remove it (jnet image rm)", null);
            }
            out.add(d);
        }
        return out;
    }

    /** What a load did. */
    public record Loaded(Image image, int layersUnpacked, int layersShared) {}

    /**
     * Loads every image of a docker-archive or OCI archive. Layers are checked against their digests and
     * unpacked to a staging area first; only once every layer of every image is good do they enter the store.
     *
     * @param name a name to give the image (the archive must hold exactly one), or null
     */
    public List<Loaded> load(Path archive, ImageRef name) {
        if (!Files.isRegularFile(archive)) {
            throw ContainerException.notFound("no such file: " + archive, "give the path of a file written by docker save or podman save");
        }
        try (FileLocks.Held l = lock()) {
            clearTmp();
            try (ArchiveReader reader = ArchiveReader.open(archive, tmp)) {
                List<ArchiveImage> images = reader.images();
                if (name != null && images.size() != 1) {
                    throw ContainerException.usage("--name needs an archive with one image; this one has " + images.size(), "load it without --name");
                }
                Map<String, Path> staged = new LinkedHashMap<>();
                List<Loaded> out = new ArrayList<>();
                for (ArchiveImage img : images) {
                    int unpacked = 0;
                    List<Path> below = new ArrayList<>();
                    for (ArchiveImage.Layer layer : img.layers()) {
                        Path dir = layerDir(layer.diffId());
                        if (!Files.isDirectory(dir) && !staged.containsKey(layer.diffId())) {
                            Path stage = Files.createTempDirectory(tmp, "layer-");
                            try (var in = reader.open(layer.entry())) {
                                LayerReader.unpack(in, layer.blobDigest(), layer.diffId(), stage, below);
                            }
                            staged.put(layer.diffId(), stage);
                            unpacked++;
                        }
                        below.add(0, staged.getOrDefault(layer.diffId(), dir));
                    }
                    List<ImageRef> refs = name != null ? List.of(name) : img.refs();
                    out.add(new Loaded(new Image(img.config().id(), refs, img.config()), unpacked, img.layers().size() - unpacked));
                }
                for (Map.Entry<String, Path> s : staged.entrySet()) {
                    Files.move(s.getValue(), layerDir(s.getKey()), StandardCopyOption.ATOMIC_MOVE);
                }
                Map<String, String> refs = readRefs();
                for (Loaded ld : out) {
                    AtomicFiles.write(configFile(ld.image().id()), ld.image().config().bytes());
                    for (ImageRef r : ld.image().tags()) {
                        refs.put(r.toString(), ld.image().id());
                    }
                }
                writeRefs(refs);
                return out.stream().map(ld -> new Loaded(find(ld.image().id()).orElse(ld.image()), ld.layersUnpacked(), ld.layersShared())).toList();
            } finally {
                clearTmp();
            }
        } catch (IOException e) {
            throw storeError(e);
        }
    }

    /**
     * {@code jnet image import}: a one-layer image from a root file system, a tar (gzipped or not) or a directory.
     */
    public Loaded importRootfs(Path source, ImageRef name, List<String> cmd, List<String> env, String workingDir) {
        if (!Files.exists(source)) {
            throw ContainerException.notFound("no such file or directory: " + source, "give a root file system as a tar file or a directory");
        }
        try (FileLocks.Held l = lock()) {
            clearTmp();
            try {
                Path tar = source;
                if (Files.isDirectory(source)) {
                    tar = Files.createTempFile(tmp, "rootfs-", ".tar");
                    RootfsTar.write(source, tar);
                }
                Path stage = Files.createTempDirectory(tmp, "layer-");
                String diffId;
                try (var in = Files.newInputStream(tar)) {
                    diffId = LayerReader.unpack(in, null, null, stage, List.of());
                }
                boolean shared = Files.isDirectory(layerDir(diffId));
                if (!shared) {
                    Files.move(stage, layerDir(diffId), StandardCopyOption.ATOMIC_MOVE);
                }
                byte[] config = ImageConfig.forImport(diffId, cmd, env, workingDir, java.time.Instant.now().toString());
                ImageConfig parsed = ImageConfig.parse(config);
                AtomicFiles.write(configFile(parsed.id()), config);
                Map<String, String> refs = readRefs();
                refs.put(name.toString(), parsed.id());
                writeRefs(refs);
                return new Loaded(find(parsed.id()).orElseThrow(), shared ? 0 : 1, shared ? 1 : 0);
            } finally {
                clearTmp();
            }
        } catch (IOException e) {
            throw storeError(e);
        }
    }

    /** Every image, by name. */
    public List<Image> list() {
        Map<String, String> refs = readRefs();
        Map<String, List<ImageRef>> tagsById = new TreeMap<>();
        for (String id : configIds()) {
            tagsById.put(id, new ArrayList<>());
        }
        refs.forEach((ref, id) -> tagsById.computeIfAbsent(id, k -> new ArrayList<>()).add(ImageRef.parse(ref)));
        List<Image> out = new ArrayList<>();
        tagsById.forEach((id, tags) -> readConfig(id).ifPresent(c -> out.add(new Image(id, tags, c))));
        out.sort((a, b) -> a.displayName().compareTo(b.displayName()));
        return out;
    }

    /** An image by name ({@code busybox}, {@code busybox:1.36}), full ID, or an ID prefix of at least 4 hex digits. */
    public Optional<Image> find(String nameOrId) {
        String id = resolveId(nameOrId);
        if (id == null) {
            return Optional.empty();
        }
        Optional<ImageConfig> c = readConfig(id);
        if (c.isEmpty()) {
            return Optional.empty();
        }
        List<ImageRef> tags = new ArrayList<>();
        readRefs().forEach((ref, i) -> {
            if (i.equals(id)) {
                tags.add(ImageRef.parse(ref));
            }
        });
        return Optional.of(new Image(id, tags, c.get()));
    }

    /** Like {@link #find} but a clear not-found error. */
    public Image get(String nameOrId) {
        return find(nameOrId).orElseThrow(() -> ContainerException.notFound("no image " + nameOrId + " in the store",
                "jnet image ls lists the images; jnet image load FILE or jnet image import ROOTFS NAME adds one"));
    }

    /**
     * {@code jnet image rm}: a name loses its tag; an ID (or the last name of an image) removes the image, and
     * then every layer no image lists any more. An image a container uses stays unless {@code force}.
     *
     * @param inUse tells whether a container uses an image ID
     * @return the removed image IDs and layers, as lines to print
     */
    public List<String> remove(String nameOrId, boolean force, Predicate<String> inUse) {
        try (FileLocks.Held l = lock()) {
            Image image = get(nameOrId);
            Map<String, String> refs = readRefs();
            List<String> done = new ArrayList<>();
            boolean byName = refs.containsKey(normalizedName(nameOrId));
            if (byName && image.tags().size() > 1) {
                refs.remove(normalizedName(nameOrId));
                writeRefs(refs);
                done.add("untagged " + normalizedName(nameOrId));
                return done;
            }
            if (inUse.test(image.id()) && !force) {
                throw ContainerException.conflict("image " + image.displayName() + " is used by a container",
                        "remove the container first (jnet ps lists them), or jnet image rm -f");
            }
            refs.values().removeIf(id -> id.equals(image.id()));
            writeRefs(refs);
            image.tags().forEach(t -> done.add("untagged " + t));
            Files.deleteIfExists(configFile(image.id()));
            done.add("deleted " + image.id());
            Set<String> used = new HashSet<>();
            for (String id : configIds()) {
                readConfig(id).ifPresent(c -> used.addAll(c.diffIds()));
            }
            for (String diffId : image.config().diffIds()) {
                if (!used.contains(diffId) && Files.isDirectory(layerDir(diffId), LinkOption.NOFOLLOW_LINKS)) {
                    Trees.delete(layerDir(diffId));
                    done.add("deleted layer " + diffId);
                }
            }
            return done;
        } catch (IOException e) {
            throw storeError(e);
        }
    }

    /** The size of an unpacked layer, 0 when it is missing. */
    public long layerSize(String diffId) {
        try {
            Path d = layerDir(diffId);
            return Files.isDirectory(d) ? Trees.size(d) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The layer directories in the store (for tests and gc: what is stored once). */
    public List<String> storedLayers() {
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(layers)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(layers)) {
                ds.forEach(p -> out.add("sha256:" + p.getFileName()));
            } catch (IOException e) {
                throw storeError(e);
            }
        }
        return out;
    }

    private String resolveId(String nameOrId) {
        if (Digest.isSha256(nameOrId)) {
            return nameOrId;
        }
        String hexPrefix = nameOrId.startsWith("sha256:") ? nameOrId.substring(7) : nameOrId;
        if (hexPrefix.matches("[0-9a-f]{4,64}")) {
            List<String> matches = configIds().stream().filter(id -> Digest.hex(id).startsWith(hexPrefix)).toList();
            if (matches.size() == 1) {
                return matches.get(0);
            }
            if (matches.size() > 1) {
                throw ContainerException.usage("the ID prefix " + hexPrefix + " matches " + matches.size() + " images", "give more of the ID");
            }
        }
        if (nameOrId.startsWith("sha256:")) {
            return null;
        }
        return readRefs().get(normalizedName(nameOrId));
    }

    private static String normalizedName(String name) {
        return ImageRef.parse(name).toString();
    }

    private List<String> configIds() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(configs)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(configs, "*.json")) {
            for (Path p : ds) {
                String id = "sha256:" + p.getFileName().toString().replace(".json", "");
                if (Digest.isSha256(id)) {
                    out.add(id);
                }
            }
        } catch (IOException e) {
            throw storeError(e);
        }
        return out;
    }

    private Optional<ImageConfig> readConfig(String id) {
        try {
            return Optional.of(ImageConfig.parse(Files.readAllBytes(configFile(id))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw storeError(e);
        }
    }

    private Path configFile(String id) {
        return configs.resolve(Digest.hex(id) + ".json");
    }

    private Map<String, String> readRefs() {
        Map<String, String> out = new TreeMap<>();
        try {
            if (Files.exists(refsFile)) {
                JsonObject o = JsonParser.parseString(Files.readString(refsFile)).getAsJsonObject().getAsJsonObject("refs");
                o.entrySet().forEach(e -> out.put(e.getKey(), e.getValue().getAsString()));
            }
        } catch (IOException | RuntimeException e) {
            throw ContainerException.failed("cannot read " + refsFile + ": " + e.getMessage(), "check --data-dir", e);
        }
        return out;
    }

    private void writeRefs(Map<String, String> refs) throws IOException {
        JsonObject names = new JsonObject();
        refs.forEach(names::addProperty);
        JsonObject o = new JsonObject();
        o.add("refs", names);
        AtomicFiles.write(refsFile, o.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void createDirs() throws IOException {
        for (Path d : List.of(root, layers, configs, tmp)) {
            Trees.makeDirs(d, "rwx------");
        }
    }

    /** Leftovers of a load or import that died; only called under the lock. */
    private void clearTmp() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp)) {
            for (Path p : ds) {
                Trees.delete(p);
            }
        }
    }

    private static ContainerException storeError(IOException e) {
        return ContainerException.failed("image store: " + e.getMessage(), "check --data-dir (and that there is space left)", e);
    }
}
