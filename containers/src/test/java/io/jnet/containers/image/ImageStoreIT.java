package io.jnet.containers.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.containers.ContainerException;
import io.jnet.containers.fs.Syscalls;
import io.jnet.containers.testing.TestImages;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The image store with real archives built from busybox: both formats, layers shared by digest, whiteouts turned
 * into overlayfs's, and hostile or corrupt archives refused with nothing made and nothing written outside.
 * Root is needed to keep the archive's owners and make the whiteout devices.
 */
@KernelTest
class ImageStoreIT {
    static final byte[] BASE = TestImages.Layer.busybox().tar();
    static final byte[] APP = new TestImages.Layer()
            .whiteout("etc/motd")
            .dir("www", 0755).opaque("www")
            .file("www/app.html", "app\n", 0644)
            .hardlink("bin/sh-copy", "bin/busybox")
            .file("bin/setuid-tool", "#!/bin/sh\n", 04755)
            .tar();

    @Test
    void both_formats_load_and_a_shared_base_layer_is_stored_once(Sandbox sb) throws Exception {
        ImageStore store = new ImageStore(sb.tempDir().resolve("images"));
        Path dir = sb.tempDir();
        Path docker = TestImages.write(dir, "docker.tar", TestImages.dockerArchive(List.of(
                TestImages.busybox("busybox:latest"), new TestImages.Image("app:1", List.of(BASE, APP), List.of("httpd")))));
        List<ImageStore.Loaded> loaded = store.load(docker, null);
        assertEquals(2, loaded.size());
        assertEquals(1, loaded.get(0).layersUnpacked());
        assertEquals(1, loaded.get(1).layersUnpacked());
        assertEquals(1, loaded.get(1).layersShared(), "app's base is busybox's layer");
        assertEquals(2, store.storedLayers().size());

        byte[] third = new TestImages.Layer().file("etc/third", "3\n", 0644).tar();
        Path oci = TestImages.write(dir, "oci.tar", TestImages.ociArchive(List.of(new TestImages.Image("localhost/third:2", List.of(BASE, third),
                List.of("sh"))), true));
        ImageStore.Loaded l = store.load(oci, null).get(0);
        assertEquals("localhost/third:2", l.image().displayName());
        assertEquals(1, l.layersUnpacked());
        assertEquals(1, l.layersShared());
        assertEquals(3, store.storedLayers().size(), "the base layer is in the store once for three images");

        // whiteouts became overlayfs whiteouts; attributes kept; a hard link to a lower layer's file is a copy
        Path app = store.layerDir(TestImages.digest(APP));
        Path motd = app.resolve("etc/motd");
        assertEquals("0/0 char", Files.getAttribute(motd, "unix:rdev", LinkOption.NOFOLLOW_LINKS).equals(0L)
                && isCharDevice(motd) ? "0/0 char" : "not a whiteout", "etc/motd hidden by a 0/0 character device");
        assertFalse(Files.exists(app.resolve("etc/.wh.motd"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("y", Syscalls.getXattr(app.resolve("www"), "trusted.overlay.opaque"));
        assertFalse(Files.exists(app.resolve("www/.wh..wh..opq"), LinkOption.NOFOLLOW_LINKS));
        assertArrayEquals(Files.readAllBytes(TestImages.BUSYBOX), Files.readAllBytes(app.resolve("bin/sh-copy")));
        assertEquals(04755, (Integer) Files.getAttribute(app.resolve("bin/setuid-tool"), "unix:mode") & 07777, "setuid kept");
        Path base = store.layerDir(TestImages.digest(BASE));
        assertEquals("busybox", Files.readSymbolicLink(base.resolve("bin/sh")).toString());
        assertEquals(01777, (Integer) Files.getAttribute(base.resolve("tmp"), "unix:mode") & 07777);

        // lookups by name, short name, ID prefix; rm of app keeps the shared base, rm of the last user deletes it
        assertEquals(loaded.get(0).image().id(), store.get("docker.io/library/busybox").id());
        assertEquals(loaded.get(1).image().id(), store.get(loaded.get(1).image().shortId()).id());
        assertEquals(ContainerException.Kind.NOT_FOUND, assertThrows(ContainerException.class, () -> store.get("nosuch")).kind());
        List<String> removed = store.remove("app:1", false, id -> false);
        assertTrue(removed.contains("deleted layer " + TestImages.digest(APP)), removed.toString());
        assertFalse(removed.contains("deleted layer " + TestImages.digest(BASE)), removed.toString());
        assertEquals(ContainerException.Kind.CONFLICT, assertThrows(ContainerException.class,
                () -> store.remove("busybox", false, id -> true)).kind(), "an image a container uses stays");
        store.remove("busybox", false, id -> false);
        store.remove("localhost/third:2", false, id -> false);
        assertEquals(List.of(), store.storedLayers());
        assertEquals(List.of(), store.list());
    }

    @Test
    void import_of_a_directory_and_of_a_tarball_give_the_same_layer(Sandbox sb) throws Exception {
        ImageStore store = new ImageStore(sb.tempDir().resolve("images"));
        Path rootfs = sb.tempDir().resolve("rootfs");
        Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(TestImages.BUSYBOX, rootfs.resolve("bin/busybox"));
        Files.createSymbolicLink(rootfs.resolve("bin/sh"), Path.of("busybox"));
        Files.createLink(rootfs.resolve("bin/busybox2"), rootfs.resolve("bin/busybox"));
        ImageStore.Loaded fromDir = store.importRootfs(rootfs, ImageRef.parse("local/box"), List.of("/bin/sh"), List.of("PATH=/bin"), "");
        assertEquals(1, fromDir.layersUnpacked());
        Path layer = store.layerDir(fromDir.image().config().diffIds().get(0));
        assertEquals(Files.getAttribute(layer.resolve("bin/busybox"), "unix:ino"), Files.getAttribute(layer.resolve("bin/busybox2"), "unix:ino"),
                "hard links stay hard links");
        assertEquals("busybox", Files.readSymbolicLink(layer.resolve("bin/sh")).toString());
        assertEquals(List.of("/bin/sh"), store.get("local/box").config().cmd());

        Path tgz = TestImages.write(sb.tempDir(), "rootfs.tar.gz", TestImages.gzip(TestImages.Layer.busybox().tar()));
        ImageStore.Loaded fromTar = store.importRootfs(tgz, ImageRef.parse("local/bb:1"), List.of("sh"), List.of(), "/www");
        assertEquals(TestImages.digest(TestImages.Layer.busybox().tar()), fromTar.image().config().diffIds().get(0),
                "the diff ID is the digest of the uncompressed tar");
        assertEquals(2, store.storedLayers().size());
        ImageStore.Loaded again = store.importRootfs(tgz, ImageRef.parse("local/bb:2"), List.of("sh"), List.of(), "/www");
        assertEquals(1, again.layersShared());
        assertEquals(2, store.storedLayers().size());
    }

    @Test
    void hostile_and_corrupt_archives_are_refused_and_leave_nothing(Sandbox sb) throws Exception {
        Path root = sb.tempDir();
        ImageStore store = new ImageStore(root.resolve("images"));
        store.load(TestImages.write(root, "ok.tar", TestImages.dockerArchive(List.of(TestImages.busybox("busybox")))), null);
        List<String> before = tree(root.resolve("images"));
        Path outside = Files.createDirectory(root.resolve("outside"));
        Path victim = Files.writeString(root.resolve("victim"), "untouched\n");

        byte[] dotdot = new TestImages.Layer().file("../../escaped", "x", 0644).tar();
        byte[] absolute = new TestImages.Layer().file(root.resolve("absolute").toString(), "x", 0644).tar();
        byte[] viaSymlink = new TestImages.Layer().symlink("a", outside.toString()).file("a/pwned", "x", 0644).tar();
        byte[] viaDirSymlink = new TestImages.Layer().symlink("etc", "../../../../..").file("etc/victim", "x", 0644).tar();
        byte[] hardlinkOut = new TestImages.Layer().hardlink("h", "../../../victim").tar();
        byte[] whiteoutDotDot = new TestImages.Layer().file("a/.wh...", "", 0644).tar();
        for (byte[] layer : List.of(dotdot, absolute, viaSymlink, viaDirSymlink, hardlinkOut, whiteoutDotDot)) {
            Path archive = TestImages.write(root, "bad.tar", TestImages.dockerArchive(List.of(
                    new TestImages.Image("evil", List.of(BASE, layer), List.of("sh")))));
            ContainerException e = assertThrows(ContainerException.class, () -> store.load(archive, null));
            assertEquals(ContainerException.Kind.USAGE, e.kind(), e.getMessage());
            assertTrue(e.getMessage().startsWith("corrupt"), e.getMessage());
            assertEquals(before, tree(root.resolve("images")), "nothing made for: " + e.getMessage());
        }
        assertEquals(List.of(""), tree(outside), "nothing written outside the store");
        assertEquals("untouched\n", Files.readString(victim));
        assertFalse(Files.exists(root.resolve("escaped")) || Files.exists(root.resolve("absolute")));

        // a layer whose digest is not the config's (one the store lacks: a layer it has is not read again), a cut-off
        // archive, something that is no archive
        byte[] good = TestImages.dockerArchive(List.of(TestImages.busybox("x")));
        String config = new TestImages.Image("y", List.of(APP), List.of("sh")).config();
        byte[] tampered = new TestImages.Layer()
                .file("l/layer.tar", new TestImages.Layer().file("x", "tampered", 0644).tar(), 0644)
                .file("c.json", config, 0644)
                .file("manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":[\"y\"],\"Layers\":[\"l/layer.tar\"]}]", 0644).tar();
        byte[] cut = java.util.Arrays.copyOf(good, good.length / 2);
        byte[] noise = "this is not a tar archive at all".repeat(100).getBytes();
        for (byte[] bad : List.of(tampered, cut, noise, TestImages.gzip(cut))) {
            Path archive = TestImages.write(root, "bad.tar", bad);
            ContainerException e = assertThrows(ContainerException.class, () -> store.load(archive, null));
            assertEquals(ContainerException.Kind.USAGE, e.kind(), e.getMessage());
            assertEquals(before, tree(root.resolve("images")), "nothing made for: " + e.getMessage());
        }
    }

    private static boolean isCharDevice(Path p) throws Exception {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & 0170000) == Syscalls.S_IFCHR;
    }

    /** Every path under dir, except the lock file, sorted. */
    static List<String> tree(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).filter(p -> !p.equals("lock")).sorted().toList();
        }
    }
}
