package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.containers.testing.TestImages;
import io.jnet.testing.KernelTest;
import io.jnet.testing.Sandbox;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A container's files: an overlay whose writes land in the container's upper dir and whose deletions are
 * whiteouts there, over layers that never change and that two images share; named volumes that outlive
 * containers, read-only binds, and a read-only root.
 */
@KernelTest // --net none where the network is not the point: no plugin runs, the tests stay quick
class ContainerFilesIT {
    @Test
    void writes_land_in_the_upper_dir_and_layers_are_shared_and_untouched(Sandbox sb) throws Exception {
        try (ContainerCli c = new ContainerCli(sb)) {
            byte[] base = TestImages.Layer.busybox().tar();
            byte[] app = new TestImages.Layer().whiteout("etc/motd").file("etc/app.conf", "app\n", 0644).tar();
            c.load(List.of(new TestImages.Image("busybox", List.of(base), List.of("sh")),
                    new TestImages.Image("localhost/app:1", List.of(base, app), List.of("sh"))));
            JsonArray images = JsonParser.parseString(c.run("--json", "image", "ls").ok().stdout()).getAsJsonArray();
            assertEquals(2, images.size());
            String baseDir = images.get(0).getAsJsonObject().getAsJsonArray("layers").get(0).getAsJsonObject().get("path").getAsString();
            String appBaseDir = images.get(1).getAsJsonObject().getAsJsonArray("layers").get(0).getAsJsonObject().get("path").getAsString();
            assertEquals(baseDir, appBaseDir, "both images list the same base layer directory");
            try (var layers = Files.list(c.dataDir.resolve("images/layers"))) {
                assertEquals(2, layers.count(), "three layer references, two layers stored");
            }
            assertEquals("welcome to the base layer\n", c.run("run", "--net", "none", "--rm", "busybox", "cat", "/etc/motd").ok().stdout());
            CliProcess.Result hidden = c.run("run", "--net", "none", "--rm", "localhost/app:1", "cat", "/etc/motd");
            assertNotEquals(0, hidden.exitCode(), "app's whiteout hides the base layer's motd: " + hidden.stdout());
            assertEquals("app\n", c.run("run", "--net", "none", "--rm", "localhost/app:1", "cat", "/etc/app.conf").ok().stdout());

            c.run("run", "--net", "none", "-d", "--name", "w", "busybox", "sh", "-c", "echo new > /etc/new; rm /etc/motd; echo ready; sleep 600").ok();
            ContainerLimitsIT.awaitLog(c, "w", "ready");
            JsonObject overlay = c.inspect("w").getAsJsonObject("overlay");
            Path upper = Path.of(overlay.get("upperdir").getAsString());
            Path layer = Path.of(overlay.getAsJsonArray("lowerdir").get(0).getAsString());
            assertEquals(Path.of(baseDir), layer);
            assertEquals("new\n", Files.readString(upper.resolve("etc/new")), "the write is in the upper dir");
            assertFalse(Files.exists(layer.resolve("etc/new")), "and not in the layer");
            int mode = (Integer) Files.getAttribute(upper.resolve("etc/motd"), "unix:mode", LinkOption.NOFOLLOW_LINKS);
            assertEquals(0020000, mode & 0170000, "the deletion is a whiteout (character device) in the upper dir");
            assertEquals("welcome to the base layer\n", Files.readString(layer.resolve("etc/motd")), "the layer still has the file");
            assertNotEquals(0, c.run("exec", "w", "cat", "/etc/motd").exitCode(), "the container no longer sees it");
            CliProcess.Result inUse = c.run("image", "rm", "busybox").assertExit(4);
            assertTrue(inUse.stderr().contains("is used by a container"), inUse.stderr());
            c.run("rm", "-f", "w").ok();
            assertFalse(Files.exists(upper), "rm removes the upper dir");
            assertTrue(Files.exists(layer.resolve("etc/motd")));

            CliProcess.Result removed = c.run("image", "rm", "localhost/app:1").ok();
            assertTrue(removed.stdout().contains("deleted layer " + TestImages.digest(app)), removed.stdout());
            assertFalse(removed.stdout().contains(TestImages.digest(base)), "the base layer stays for busybox: " + removed.stdout());
            assertTrue(Files.isDirectory(Path.of(baseDir)));
            c.assertNothingLeft();
        }
    }

    @Test
    void volumes_outlive_containers_and_read_only_mounts_refuse_writes(Sandbox sb) throws Exception {
        try (ContainerCli c = new ContainerCli(sb)) {
            c.loadBusybox();
            c.run("run", "--net", "none", "--rm", "-v", "data:/data", "busybox", "sh", "-c", "echo kept > /data/note").ok();
            c.run("run", "--net", "none", "--name", "writer", "-v", "data:/data", "busybox", "sh", "-c", "echo also > /data/second").ok();
            c.run("rm", "writer").ok();
            assertEquals("kept\nalso\n", c.run("run", "--net", "none", "--rm", "-v", "data:/data", "busybox", "cat", "/data/note", "/data/second").ok().stdout(),
                    "the volume's data is in the next container");
            String volumes = c.run("volume", "ls").ok().stdout();
            assertTrue(volumes.lines().anyMatch(l -> l.startsWith("data ")), volumes);
            assertEquals("kept\n", Files.readString(c.dataDir.resolve("volumes/data/_data/note")));

            Path hostDir = Files.createDirectory(sb.tempDir().resolve("site"));
            Files.writeString(hostDir.resolve("index.html"), "from the host\n");
            CliProcess.Result ro = c.run("run", "--net", "none", "--rm", "-v", hostDir + ":/www:ro", "busybox", "sh", "-c", "cat /www/index.html; echo x > /www/new");
            assertNotEquals(0, ro.exitCode());
            assertEquals("from the host\n", ro.stdout());
            assertTrue(ro.stderr().contains("Read-only file system"), ro.stderr());
            assertFalse(Files.exists(hostDir.resolve("new")));
            c.run("run", "--net", "none", "--rm", "-v", hostDir + ":/www", "busybox", "sh", "-c", "echo back > /www/new").ok();
            assertEquals("back\n", Files.readString(hostDir.resolve("new")), "a read-write bind writes to the host");

            CliProcess.Result readOnly = c.run("run", "--net", "none", "--rm", "--read-only", "-v", "data:/data", "busybox", "sh", "-c",
                    "touch /rootfile || echo root-refused; touch /tmp/x || echo tmp-refused; echo ok > /data/rw && echo volume-writable");
            assertEquals(List.of("root-refused", "tmp-refused", "volume-writable"), readOnly.stdout().lines().toList(), readOnly.stderr());

            CliProcess.Result busy = c.run("run", "--net", "none", "-d", "--name", "holder", "-v", "data:/data", "busybox", "sleep", "600").ok();
            assertTrue(busy.stdout().strip().matches("[0-9a-f]{64}"));
            CliProcess.Result refused = c.run("volume", "rm", "data").assertExit(4);
            assertTrue(refused.stderr().contains("volume data is used by holder"), refused.stderr());
            c.run("rm", "-f", "holder").ok();
            assertTrue(Files.exists(c.dataDir.resolve("volumes/data/_data/note")), "rm keeps named volumes");
            c.run("volume", "rm", "data").ok();
            assertFalse(Files.exists(c.dataDir.resolve("volumes/data")));
            c.assertNothingLeft();
        }
    }
}
