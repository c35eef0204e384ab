package io.jnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.containers.fs.MountTable;
import io.jnet.containers.fs.Overlay;
import io.jnet.containers.testing.TestImages;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.Sandbox;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The jnet CLI set up for containers in a sandbox: its data dir (images, volumes, containers) and runc's state
 * in the sandbox's temp dirs, and a cgroup parent of the test's own, so that what a test leaves is found: mounts
 * under the data dir, cgroups under the parent, runc tasks, namespaces, veths, rules, leases, processes.
 */
final class ContainerCli implements AutoCloseable {
    static final Path CGROUPS = Path.of("/sys/fs/cgroup");

    final Sandbox sb;
    final CliProcess cli;
    final Path dataDir;
    final String cgroupParent;

    ContainerCli(Sandbox sb) {
        this.sb = sb;
        this.cli = new CliProcess(sb);
        Path root = sb.tempDir();
        try {
            // searchable (not listable) by others, so --userns containers can reach their root file system
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        this.dataDir = root.resolve("data");
        this.cgroupParent = "jnet-it-" + sb.prefix().substring(0, sb.prefix().length() - 1);
        cli.extraEnv.put("JNET_DATA_DIR", dataDir.toString());
        cli.extraEnv.put("JNET_CGROUP_PARENT", cgroupParent);
    }

    CliProcess.Result run(String... args) {
        return cli.run(args);
    }

    /** Loads images through {@code jnet image load} from a docker-archive written in a temp dir. */
    void load(List<TestImages.Image> images) {
        Path archive = TestImages.write(sb.tempDir(), "images.tar", TestImages.dockerArchive(images));
        run("image", "load", archive.toString()).ok();
    }

    void loadBusybox() {
        load(List.of(TestImages.busybox("busybox")));
    }

    /** {@code jnet --json ps}: the container entries. */
    List<JsonObject> containers() {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : JsonParser.parseString(run("--json", "ps").ok().stdout()).getAsJsonArray()) {
            if (e.getAsJsonObject().has("kind") && e.getAsJsonObject().get("kind").getAsString().equals("container")) {
                out.add(e.getAsJsonObject());
            }
        }
        return out;
    }

    JsonObject inspect(String name) {
        return JsonParser.parseString(run("inspect", name).ok().stdout()).getAsJsonObject();
    }

    /** The container's directory in the data dir. */
    Path containerDir(String name) {
        return Path.of(inspect(name).get("bundle").getAsString());
    }

    /** The cgroup directories under the test's parent, in every hierarchy (v1 controllers, v2 or the hybrid unified tree). */
    List<Path> cgroups() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path parent : cgroupParents()) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, Files::isDirectory)) {
                ds.forEach(out::add);
            }
        }
        return out;
    }

    private List<Path> cgroupParents() throws IOException {
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(CGROUPS.resolve(cgroupParent))) {
            out.add(CGROUPS.resolve(cgroupParent)); // v2
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(CGROUPS, Files::isDirectory)) {
            for (Path h : ds) {
                if (Files.isDirectory(h.resolve(cgroupParent))) {
                    out.add(h.resolve(cgroupParent));
                }
            }
        }
        return out;
    }

    /** Processes whose command line or environment names this test's state or data dir (runc, supervisors, runc init). */
    List<String> processes() throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    String env = new String(Files.readAllBytes(p.resolve("environ")));
                    if (cmd.contains(cli.stateDir.toString()) || cmd.contains(dataDir.toString()) || env.contains("JNET_DATA_DIR=" + dataDir + "\0")) {
                        out.add(p.getFileName() + ": " + cmd.strip());
                    }
                } catch (IOException gone) {
                    // exited meanwhile
                }
            }
        }
        return out;
    }

    /**
     * Everything containers made is gone: no mount under the data dir, no cgroup, no runc task, no container
     * directory or name, no namespace but the sandbox's, no veth on the host, no rule naming an attachment, no
     * lease, no cached result, no namespace resolv.conf, no process.
     */
    void assertNothingLeft() throws Exception {
        assertEquals(List.of(), MountTable.under(dataDir), "mounts");
        assertEquals(List.of(), cgroups(), "cgroups");
        Path runcRoot = cli.stateDir.resolve("runc");
        if (Files.isDirectory(runcRoot)) {
            String tasks = sb.execHere("runc", "--root", runcRoot.toString(), "list", "-q").assertOk().stdout();
            assertEquals("", tasks.strip(), "runc tasks");
        }
        Path containers = dataDir.resolve("containers");
        if (Files.isDirectory(containers)) {
            try (Stream<Path> s = Files.list(containers)) {
                assertEquals(List.of("names"), s.map(p -> p.getFileName().toString()).toList(), "container directories");
            }
            try (Stream<Path> s = Files.list(containers.resolve("names"))) {
                assertEquals(List.of(), s.toList(), "container names");
            }
        }
        List<String> sandboxNs = List.of(sb.prefix() + "host");
        assertEquals(List.of(), NetNs.list().stream().filter(n -> n.startsWith(sb.prefix()) && !sandboxNs.contains(n)).toList(), "namespaces");
        assertEquals(List.of(), KernelState.links(sb, sb.host()).stream().filter(l -> l.startsWith("veth")).toList(), "veths on the host");
        for (String table : List.of("nat", "filter")) {
            String rules = sb.exec(sb.host(), "iptables-save", "-t", table).assertOk().stdout();
            assertEquals(List.of(), rules.lines().filter(l -> l.contains("id: \"")).toList(), "rules of attachments in " + table);
        }
        assertEquals(List.of(), KernelState.files(cli.cacheDir.resolve("results")), "cached results");
        assertEquals(List.of(), KernelState.files(cli.cacheDir.resolve("networks")).stream()
                .filter(f -> !f.endsWith("/lock") && !f.contains("/last_reserved_ip")).toList(), "leases");
        assertEquals(List.of(), KernelState.files(Path.of(cli.extraEnv.get("JNET_NETNS_ETC_DIR"))), "namespaces' resolv.conf files");
        assertEquals(List.of(), processes(), "processes (runc, supervisors, the DNS resolver)");
    }

    /**
     * After the test, passed or not: containers removed, anything still mounted or running undone, and the test's
     * cgroup parent removed (rmdir fails while a container's cgroup is still in it).
     */
    @Override
    public void close() throws IOException {
        List<String> problems = new ArrayList<>();
        if (Files.isDirectory(dataDir.resolve("containers"))) {
            for (JsonObject c : containersQuietly()) {
                cli.run("rm", "-f", c.get("name").getAsString());
            }
        }
        for (Path m : MountTable.under(dataDir)) {
            Overlay.unmount(m);
            problems.add("mount " + m);
        }
        Path runcRoot = cli.stateDir.resolve("runc");
        if (Files.isDirectory(runcRoot)) {
            for (String id : sb.execHere("runc", "--root", runcRoot.toString(), "list", "-q").stdout().strip().lines().toList()) {
                if (!id.isBlank()) {
                    sb.execHere("runc", "--root", runcRoot.toString(), "delete", "-f", id);
                    problems.add("runc task " + id);
                }
            }
        }
        for (Path parent : cgroupParents()) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, Files::isDirectory)) {
                for (Path child : ds) {
                    problems.add("cgroup " + child);
                    Files.deleteIfExists(child);
                }
            }
            Files.deleteIfExists(parent);
        }
        assertTrue(cgroupParents().isEmpty(), "the test's cgroup parent is removed");
        if (!problems.isEmpty()) {
            throw new AssertionError("containers left things behind: " + problems);
        }
    }

    private List<JsonObject> containersQuietly() {
        try {
            return containers();
        } catch (AssertionError | RuntimeException e) {
            return List.of();
        }
    }

    static JsonArray array(String json) {
        return JsonParser.parseString(json).getAsJsonArray();
    }
}
