package io.jnet.containers.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Images for tests, built from Debian's busybox-static, no registry: layer tars and the two archive formats
 * {@code jnet image load} reads (docker-archive as {@code docker save} writes it, OCI image layout as
 * {@code skopeo copy ... oci-archive:} writes it). Everything is deterministic (time 0, owner root), so the same
 * layer built twice has the same digest, as a base layer shared between real images does.
 */
public final class TestImages {
    public static final Path BUSYBOX = Path.of("/bin/busybox");
    static final List<String> APPLETS = List.of("sh", "ls", "cat", "echo", "id", "hostname", "ps", "sleep", "dd", "touch", "rm", "httpd",
            "wget", "ping", "readlink", "mount", "seq", "ip", "grep", "wc", "head", "mkdir", "stat", "test", "true", "false", "kill",
            "ln", "printf", "nc", "chmod", "chown", "date", "env", "pwd", "uname", "tr", "sed", "mv", "cp", "df", "free", "top");

    private TestImages() {}

    /** A layer tar under construction; entries keep the order they are added in. */
    public static final class Layer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

        public Layer() {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        /** The base of a busybox image: the usual directories, /bin/busybox with its applets, root and nobody. */
        public static Layer busybox() {
            Layer l = new Layer();
            for (String d : List.of("bin", "dev", "etc", "proc", "root", "sys", "tmp", "usr", "var", "www")) {
                l.dir(d, d.equals("tmp") ? 01777 : 0755);
            }
            try {
                l.file("bin/busybox", Files.readAllBytes(BUSYBOX), 0755);
            } catch (IOException e) {
                throw new UncheckedIOException("busybox-static is needed: " + BUSYBOX, e);
            }
            APPLETS.forEach(a -> l.symlink("bin/" + a, "busybox"));
            l.file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n", 0644);
            l.file("etc/group", "root:x:0:\nnogroup:x:65534:\n", 0644);
            l.file("etc/motd", "welcome to the base layer\n", 0644);
            l.file("www/index.html", "hello from busybox httpd\n", 0644);
            return l;
        }

        public Layer dir(String name, int mode) {
            TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true);
            return put(e, mode, null);
        }

        public Layer file(String name, String content, int mode) {
            return file(name, content.getBytes(StandardCharsets.UTF_8), mode);
        }

        public Layer file(String name, byte[] content, int mode) {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(content.length);
            return put(e, mode, content);
        }

        public Layer symlink(String name, String target) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
            e.setLinkName(target);
            return put(e, 0777, null);
        }

        public Layer hardlink(String name, String target) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
            e.setLinkName(target);
            return put(e, 0644, null);
        }

        /** Hides {@code path} of the layers below ({@code dir/.wh.name}). */
        public Layer whiteout(String path) {
            int slash = path.lastIndexOf('/');
            return file(path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1), new byte[0], 0644);
        }

        /** Hides everything of the layers below in {@code dir} ({@code dir/.wh..wh..opq}). */
        public Layer opaque(String dir) {
            return file(dir + "/.wh..wh..opq", new byte[0], 0644);
        }

        private Layer put(TarArchiveEntry e, int mode, byte[] content) {
            try {
                e.setMode(mode);
                e.setUserId(0);
                e.setGroupId(0);
                e.setModTime(0);
                tar.putArchiveEntry(e);
                if (content != null) {
                    tar.write(content);
                }
                tar.closeArchiveEntry();
                return this;
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        /** The finished tar. */
        public byte[] tar() {
            try {
                tar.finish();
                tar.close();
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** One image: a name (or null), its layers bottom first (uncompressed tars), its default command. */
    public record Image(String name, List<byte[]> layers, List<String> cmd) {
        public Image {
            layers = List.copyOf(layers);
            cmd = List.copyOf(cmd);
        }

        public String config() {
            JsonObject c = new JsonObject();
            JsonArray env = new JsonArray();
            env.add("PATH=/usr/sbin:/usr/bin:/sbin:/bin");
            c.add("Env", env);
            JsonArray cmdArr = new JsonArray();
            cmd.forEach(cmdArr::add);
            c.add("Cmd", cmdArr);
            JsonObject rootfs = new JsonObject();
            rootfs.addProperty("type", "layers");
            JsonArray ids = new JsonArray();
            layers.forEach(l -> ids.add(digest(l)));
            rootfs.add("diff_ids", ids);
            JsonObject o = new JsonObject();
            o.addProperty("architecture", "amd64");
            o.addProperty("os", "linux");
            o.addProperty("created", "1970-01-01T00:00:00Z");
            o.add("config", c);
            o.add("rootfs", rootfs);
            return o.toString();
        }
    }

    /** A busybox image with just the base layer. */
    public static Image busybox(String name) {
        return new Image(name, List.of(Layer.busybox().tar()), List.of("sh"));
    }

    /** {@code docker save}'s layout: {@code manifest.json}, {@code <config digest>.json}, {@code <n>/layer.tar}. */
    public static byte[] dockerArchive(List<Image> images) {
        Layer out = new Layer();
        JsonArray manifest = new JsonArray();
        List<String> written = new ArrayList<>();
        for (Image img : images) {
            JsonArray layerNames = new JsonArray();
            for (byte[] l : img.layers()) {
                String dir = hex(l);
                if (!written.contains(dir)) {
                    out.file(dir + "/layer.tar", l, 0644);
                    written.add(dir);
                }
                layerNames.add(dir + "/layer.tar");
            }
            String config = img.config();
            String configName = hex(config.getBytes(StandardCharsets.UTF_8)) + ".json";
            out.file(configName, config, 0644);
            JsonObject m = new JsonObject();
            m.addProperty("Config", configName);
            JsonArray tags = new JsonArray();
            if (img.name() != null) {
                tags.add(img.name());
            }
            m.add("RepoTags", tags);
            m.add("Layers", layerNames);
            manifest.add(m);
        }
        out.file("manifest.json", manifest.toString(), 0644);
        return out.tar();
    }

    /** An OCI image layout archive, layers gzipped when asked; names as {@code org.opencontainers.image.ref.name}. */
    public static byte[] ociArchive(List<Image> images, boolean gzip) {
        Layer out = new Layer();
        out.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}", 0644);
        JsonArray manifests = new JsonArray();
        List<String> written = new ArrayList<>();
        for (Image img : images) {
            JsonArray layers = new JsonArray();
            for (byte[] l : img.layers()) {
                byte[] blob = gzip ? gzip(l) : l;
                blob(out, written, blob);
                layers.add(descriptor(gzip ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.oci.image.layer.v1.tar", blob));
            }
            byte[] config = img.config().getBytes(StandardCharsets.UTF_8);
            blob(out, written, config);
            JsonObject manifest = new JsonObject();
            manifest.addProperty("schemaVersion", 2);
            manifest.addProperty("mediaType", "application/vnd.oci.image.manifest.v1+json");
            manifest.add("config", descriptor("application/vnd.oci.image.config.v1+json", config));
            manifest.add("layers", layers);
            byte[] mBytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
            blob(out, written, mBytes);
            JsonObject d = descriptor("application/vnd.oci.image.manifest.v1+json", mBytes);
            if (img.name() != null) {
                JsonObject ann = new JsonObject();
                ann.addProperty("org.opencontainers.image.ref.name", img.name());
                d.add("annotations", ann);
            }
            manifests.add(d);
        }
        JsonObject index = new JsonObject();
        index.addProperty("schemaVersion", 2);
        index.add("manifests", manifests);
        out.file("index.json", index.toString(), 0644);
        return out.tar();
    }

    private static void blob(Layer out, List<String> written, byte[] b) {
        String h = hex(b);
        if (!written.contains(h)) {
            out.file("blobs/sha256/" + h, b, 0644);
            written.add(h);
        }
    }

    private static JsonObject descriptor(String mediaType, byte[] b) {
        JsonObject d = new JsonObject();
        d.addProperty("mediaType", mediaType);
        d.addProperty("digest", digest(b));
        d.addProperty("size", b.length);
        return d;
    }

    public static byte[] gzip(byte[] b) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
                gz.write(b);
            }
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String digest(byte[] b) {
        return "sha256:" + hex(b);
    }

    static String hex(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes bytes to a file in {@code dir} and returns it. */
    public static Path write(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
