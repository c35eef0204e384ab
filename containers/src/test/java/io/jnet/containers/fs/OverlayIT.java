package io.jnet.containers.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.containers.image.ImageStore;
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
 * The overlay a container gets, mounted on the store's layers: whiteouts and opaque directories of an upper
 * layer hide the lower layer's files, writes land in the upper dir (copy-up), deletions become whiteouts there,
 * and the layers never change.
 */
@KernelTest
class OverlayIT {
    @Test
    void layers_stack_writes_go_up_and_the_layers_stay_as_they_were(Sandbox sb) throws Exception {
        Path root = sb.tempDir();
        ImageStore store = new ImageStore(root.resolve("images"));
        byte[] top = new TestImages.Layer().whiteout("etc/motd").dir("www", 0755).opaque("www").file("www/app.html", "app\n", 0644).tar();
        store.load(TestImages.write(root, "a.tar", TestImages.dockerArchive(List.of(
                new TestImages.Image("app", List.of(TestImages.Layer.busybox().tar(), top), List.of("sh"))))), null);
        List<Path> lowers = store.lowerDirs(store.get("app"));
        List<String> layersBefore = snapshot(lowers);
        Path upper = Files.createDirectory(root.resolve("upper"));
        Path work = Files.createDirectory(root.resolve("work"));
        Path merged = Files.createDirectory(root.resolve("merged"));
        Overlay overlay = new Overlay(lowers, upper, work, merged);
        overlay.mount();
        try {
            assertTrue(MountTable.isMountPoint(merged));
            assertFalse(Files.exists(merged.resolve("etc/motd"), LinkOption.NOFOLLOW_LINKS), "hidden by the top layer's whiteout");
            assertTrue(Files.exists(merged.resolve("etc/passwd")), "the rest of the base layer's /etc shows");
            try (Stream<Path> www = Files.list(merged.resolve("www"))) {
                assertEquals(List.of("app.html"), www.map(p -> p.getFileName().toString()).toList(), "the opaque /www hides the base's");
            }

            Files.writeString(merged.resolve("etc/new"), "written in the container\n");
            Files.writeString(merged.resolve("etc/passwd"), "changed\n", java.nio.file.StandardOpenOption.APPEND);
            Files.delete(merged.resolve("bin/ls"));
            assertEquals("written in the container\n", Files.readString(upper.resolve("etc/new")), "a new file lands in the upper dir");
            assertTrue(Files.readString(upper.resolve("etc/passwd")).endsWith("changed\n"), "a changed file is copied up");
            int mode = (Integer) Files.getAttribute(upper.resolve("bin/ls"), "unix:mode", LinkOption.NOFOLLOW_LINKS);
            assertEquals(Syscalls.S_IFCHR, mode & 0170000, "deleting a lower file leaves a whiteout in the upper dir");
            assertEquals(0L, Files.getAttribute(upper.resolve("bin/ls"), "unix:rdev", LinkOption.NOFOLLOW_LINKS));
            assertEquals(layersBefore, snapshot(lowers), "the layers are untouched");
        } finally {
            Overlay.unmount(merged);
        }
        assertFalse(MountTable.isMountPoint(merged));
        assertEquals(List.of(), MountTable.under(root), "no mount left under the test's directory");
    }

    /** Every path of the layers with its size and modification time. */
    private static List<String> snapshot(List<Path> layers) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (Path l : layers) {
            try (Stream<Path> s = Files.walk(l)) {
                for (Path p : s.sorted().toList()) {
                    out.add(p + " " + Files.size(p) + " " + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS));
                }
            }
        }
        return out;
    }
}
