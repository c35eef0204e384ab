package io.jnet.containers;

import com.google.gson.JsonObject;
import io.jnet.containers.fs.AtomicFiles;
import io.jnet.containers.fs.FileLocks;
import io.jnet.containers.fs.Overlay;
import io.jnet.containers.fs.Syscalls;
import io.jnet.containers.fs.Trees;
import io.jnet.containers.image.Image;
import io.jnet.containers.image.ImageStore;
import io.jnet.containers.spec.InRoot;
import io.jnet.containers.spec.MountSpec;
import io.jnet.containers.spec.OciSpec;
import io.jnet.containers.spec.UserSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Makes a container up to the point where runc takes over: checks everything first (nothing is made for bad
 * input), then the directory and name, the overlay mount, the network namespace and its attachments, the
 * hosts files and the OCI spec. Any failure undoes what was made. The result holds the container's lock, so
 * that no gc mistakes it for the leftovers of a dead {@code jnet run}.
 */
final class ContainerCreator {
    /** A container ready for {@code runc run}, its lock held by the caller. */
    record Prepared(ContainerRecord record, ContainerPaths paths, JsonObject spec, FileLocks.Held lock) {}

    /** Input checked against the image and the host, not yet made. */
    private record Checked(RunRequest req, String name, Image image, List<NetworkBackend.Request> nets, String hostname) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ContainerSettings settings;
    private final ContainerStore store;
    private final ImageStore images;
    private final Volumes volumes;
    private final NetworkBackend network;
    private final Cleanup cleanup;
    private final java.util.Map<String, String> callerEnv;

    ContainerCreator(ContainerSettings settings, ContainerStore store, ImageStore images, Volumes volumes, NetworkBackend network,
            Cleanup cleanup, java.util.Map<String, String> callerEnv) {
        this.settings = settings;
        this.store = store;
        this.images = images;
        this.volumes = volumes;
        this.network = network;
        this.cleanup = cleanup;
        this.callerEnv = callerEnv;
    }

    /** {@code jnet run --dry-run}: the spec the container would get, nothing made. */
    JsonObject dryRun(RunRequest req) {
        Checked c = check(req);
        String id = newId();
        ContainerPaths paths = store.paths(id);
        List<Path> lowers = images.lowerDirs(c.image());
        UserSpec user = resolveUser(c, lowers);
        List<OciSpec.Bind> binds = binds(c, paths, false);
        return OciSpec.build(params(c, id, paths, user, binds));
    }

    Prepared create(RunRequest req) {
        Checked c = check(req);
        String id = newId();
        ContainerPaths paths = store.create(id);
        FileLocks.Held lock;
        try {
            lock = FileLocks.lock(paths.lock());
        } catch (IOException e) {
            removeQuietly(paths.dir());
            throw ContainerException.failed("cannot lock " + paths.lock() + ": " + e.getMessage(), "check --data-dir", e);
        }
        if (!store.claimName(c.name(), id)) {
            lock.close();
            removeQuietly(paths.dir());
            throw nameInUse(c.name());
        }
        ContainerRecord record = new ContainerRecord(id, c.name(), req.image(), c.image().id(), c.image().config().diffIds(),
                Instant.now().toString(), command(c), c.hostname(), req.hostNetwork() ? "host" : req.noNetwork() ? "none" : "bridge",
                req.hostNetwork() ? null : c.name(), List.of(), req.mounts(), req.limits(), req.readOnly(), req.pidHost(), req.userns(),
                req.remove(), req.detach(), settings.cgroupsPath(id), ContainerRecord.CREATING);
        try {
            store.write(record);
            try (FileLocks.Held storeLock = images.lock()) {
                Image image = images.get(c.image().id()); // it may have been removed since the check
                List<Path> lowers = images.lowerDirs(image);
                for (Path d : List.of(paths.upper(), paths.work(), paths.rootfs())) {
                    Files.createDirectory(d);
                }
                if (req.userns()) {
                    // the container's root owns the top of its upper dir, so it may write to / (copy-up runs as the
                    // mounter); before the mount, which takes the root's owner from it
                    Syscalls.lchown(paths.upper(), (int) settings.usernsBase(), (int) settings.usernsBase());
                }
                new Overlay(lowers, paths.upper(), paths.work(), paths.rootfs()).mount();
            }
            List<NetworkBackend.Attached> attached = new ArrayList<>();
            if (record.netns() != null) {
                network.createNamespace(record.netns());
                for (int i = 0; i < c.nets().size(); i++) {
                    attached.add(network.attach(record.netns(), c.nets().get(i), "eth" + i));
                    record = record.withNetworks(attached);
                    store.write(record);
                }
            }
            List<String> addresses = attached.stream().flatMap(a -> a.addresses().stream()).toList();
            List<String> nameservers = attached.stream().flatMap(a -> a.nameservers().stream()).toList();
            HostFiles.write(paths, c.hostname(), c.name(), addresses, nameservers, Path.of("/etc/resolv.conf"));
            UserSpec user = UserSpec.resolve(userOf(c), paths.rootfs());
            List<OciSpec.Bind> binds = binds(c, paths, true);
            if (req.userns()) {
                makeMountPoints(paths.rootfs(), binds);
            }
            JsonObject spec = OciSpec.build(params(c, id, paths, user, binds));
            AtomicFiles.write(paths.spec(), ContainerRecord.GSON.toJson(spec).getBytes(StandardCharsets.UTF_8));
            record = record.withPhase(ContainerRecord.CREATED);
            store.write(record);
            return new Prepared(record, paths, spec, lock);
        } catch (IOException | RuntimeException e) {
            List<String> undo = cleanup.remove(record);
            lock.close();
            if (e instanceof ContainerException ce) {
                if (!undo.isEmpty()) {
                    ce.addSuppressed(new IOException("undo incomplete: " + String.join("; ", undo)));
                }
                throw ce;
            }
            String how = undo.isEmpty() ? "undone" : "undo incomplete: " + String.join("; ", undo);
            throw ContainerException.failed("creating container " + c.name() + " failed (" + how + "): " + e.getMessage(),
                    undo.isEmpty() ? "" : "jnet gc finishes the clean-up", e);
        }
    }

    /** Every check that needs no change: a failure here leaves the host exactly as it was. */
    private Checked check(RunRequest req) {
        if (!Files.isExecutable(settings.runc())) {
            throw ContainerException.failed("runc not found at " + settings.runc(), "install it (apt-get install runc) or set JNET_RUNC", null);
        }
        String name = req.name();
        if (name != null) {
            if (!ContainerStore.NAME.matcher(name).matches()) {
                throw ContainerException.usage("bad container name '" + name + "'", "use 1-63 letters, digits, '_', '.' or '-', starting with a letter or digit");
            }
            if (store.nameOwner(name).isPresent()) {
                throw nameInUse(name);
            }
        }
        Image image = images.get(req.image());
        if (name == null) {
            name = generateName(image);
        }
        List<NetworkBackend.Request> nets = networkRequests(req);
        if (!req.hostNetwork() && network.namespaceExists(name)) {
            throw ContainerException.conflict("a network namespace named " + name + " exists already", "pick another --name (jnet netns ls lists the namespaces)");
        }
        if (!nets.isEmpty()) {
            network.check(nets);
        }
        for (String e : req.env()) {
            if (e.isEmpty() || e.startsWith("=") || e.indexOf('\0') >= 0) {
                throw ContainerException.usage("bad -e '" + e + "'", "write KEY=VALUE, or KEY to pass this shell's value");
            }
        }
        if (req.workdir() != null && !req.workdir().startsWith("/")) {
            throw ContainerException.usage("-w " + req.workdir() + " is not an absolute path", "write it from the container's root, e.g. -w /app");
        }
        String hostname = req.hostname() != null ? req.hostname() : name;
        if (!hostname.matches("[a-zA-Z0-9]([a-zA-Z0-9.-]{0,61}[a-zA-Z0-9])?")) {
            throw ContainerException.usage("bad --hostname '" + hostname + "'", "use letters, digits, '-' and '.', at most 63");
        }
        UserSpec.checkSyntax(req.user());
        List<String> destinations = new ArrayList<>();
        for (MountSpec m : req.mounts()) {
            if (destinations.contains(m.destination())) {
                throw ContainerException.usage("two -v mount " + m.destination(), "mount one thing at each path");
            }
            destinations.add(m.destination());
            if (!m.volume() && !Files.exists(Path.of(m.source()))) {
                throw ContainerException.notFound("the host path " + m.source() + " does not exist", "create it first, or use a named volume (-v NAME:" + m.destination() + ")");
            }
        }
        if (req.userns() && !userNamespacesAllowed()) {
            throw new ContainerException(ContainerException.Kind.PERMISSION, "this kernel does not allow user namespaces (user.max_user_namespaces is 0)",
                    "run without --userns");
        }
        if (req.userns()) {
            searchableByOthers(settings.containersDir());
            if (req.mounts().stream().anyMatch(MountSpec::volume)) {
                searchableByOthers(settings.volumesDir());
            }
        }
        Checked c = new Checked(req, name, image, nets, hostname);
        if (command(c).isEmpty()) {
            throw ContainerException.usage("image " + req.image() + " has no command and none was given", "add one: jnet run " + req.image() + " sh");
        }
        return c;
    }

    private static List<NetworkBackend.Request> networkRequests(RunRequest req) {
        List<String> names = req.networks();
        if (names.size() > 1 && (names.contains(RunRequest.NET_HOST) || names.contains(RunRequest.NET_NONE))) {
            throw ContainerException.usage("--net host and --net none cannot be combined with other networks", "give one --net host, one --net none, or networks");
        }
        if (names.size() != names.stream().distinct().count()) {
            throw ContainerException.usage("a network is given twice", "give each --net once");
        }
        if (req.hostNetwork() || req.noNetwork()) {
            if (!req.ports().isEmpty() || req.ip() != null || !req.aliases().isEmpty()) {
                throw ContainerException.usage("--net " + names.get(0) + " takes no -p, --ip or --alias", "drop them, or use a network");
            }
            return List.of();
        }
        List<NetworkBackend.Request> out = new ArrayList<>();
        List<String> nets = names.isEmpty() ? java.util.Collections.singletonList(null) : names;
        for (int i = 0; i < nets.size(); i++) {
            // published ports and a fixed address belong to the first network, as with docker's --network
            out.add(new NetworkBackend.Request(nets.get(i), i == 0 ? req.ip() : null, i == 0 ? req.ports() : List.of(), req.aliases()));
        }
        return out;
    }

    private List<String> command(Checked c) {
        List<String> cmd = new ArrayList<>(c.image().config().entrypoint());
        cmd.addAll(c.req().command().isEmpty() ? c.image().config().cmd() : c.req().command());
        return cmd;
    }

    private String userOf(Checked c) {
        return c.req().user() != null ? c.req().user() : c.image().config().user();
    }

    /** Without a mounted root (dry run), names resolve in the top-most layer that has the files. */
    private UserSpec resolveUser(Checked c, List<Path> lowers) {
        String u = userOf(c);
        if (u == null || u.isEmpty() || u.matches("[0-9]+(:[0-9]+)?")) {
            return UserSpec.resolve(u, Path.of("/nonexistent"));
        }
        for (Path layer : lowers) {
            if (Files.exists(layer.resolve("etc/passwd"), LinkOption.NOFOLLOW_LINKS)) {
                return UserSpec.resolve(u, layer);
            }
        }
        return UserSpec.resolve(u, lowers.get(0));
    }

    private List<OciSpec.Bind> binds(Checked c, ContainerPaths paths, boolean makeVolumes) {
        List<OciSpec.Bind> binds = new ArrayList<>();
        binds.add(new OciSpec.Bind("/etc/hostname", paths.hostname(), c.req().readOnly()));
        binds.add(new OciSpec.Bind("/etc/hosts", paths.hosts(), c.req().readOnly()));
        binds.add(new OciSpec.Bind("/etc/resolv.conf", paths.resolvConf(), c.req().readOnly()));
        for (MountSpec m : c.req().mounts()) {
            Path source = m.volume() ? (makeVolumes ? volumes.ensure(m.source()) : settings.volumesDir().resolve(m.source()).resolve("_data"))
                    : Path.of(m.source());
            binds.add(new OciSpec.Bind(m.destination(), source, m.readOnly()));
        }
        return binds;
    }

    private OciSpec.Params params(Checked c, String id, ContainerPaths paths, UserSpec user, List<OciSpec.Bind> binds) {
        RunRequest req = c.req();
        List<String> env = environment(c);
        String cwd = req.workdir() != null ? req.workdir() : c.image().config().workingDir().isEmpty() ? "/" : c.image().config().workingDir();
        Path netns = req.hostNetwork() ? null : network.namespacePath(c.name());
        OciSpec.IdMap map = req.userns() ? new OciSpec.IdMap(settings.usernsBase(), ContainerSettings.USERNS_SIZE) : null;
        return new OciSpec.Params(command(c), env, cwd, user, c.hostname(), paths.rootfs(), req.readOnly(), netns, req.pidHost(), map,
                settings.cgroupsPath(id), req.limits(), binds);
    }

    /** The image's environment, then -e (KEY alone takes this shell's value, or is dropped), then HOSTNAME. */
    private List<String> environment(Checked c) {
        java.util.LinkedHashMap<String, String> env = new java.util.LinkedHashMap<>();
        for (String e : c.image().config().env()) {
            int eq = e.indexOf('=');
            env.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        env.putIfAbsent("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOSTNAME", c.hostname());
        for (String e : c.req().env()) {
            int eq = e.indexOf('=');
            if (eq > 0) {
                env.put(e.substring(0, eq), e.substring(eq + 1));
            } else if (callerEnv.containsKey(e)) {
                env.put(e, callerEnv.get(e));
            }
        }
        List<String> out = new ArrayList<>();
        env.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    /**
     * In a user namespace runc runs as the container's root, which may not create directories in the image's
     * layers (owned by the host's root): the mount points are made beforehand, without following links.
     */
    private static void makeMountPoints(Path rootfs, List<OciSpec.Bind> binds) throws IOException {
        List<String> points = new ArrayList<>(List.of("/proc", "/sys", "/dev"));
        binds.forEach(b -> points.add(b.destination()));
        for (int i = 0; i < points.size(); i++) {
            Path target = InRoot.resolve(rootfs, points.get(i));
            if (!target.startsWith(rootfs) || Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Files.createDirectories(target.getParent());
            boolean file = i >= 3 && Files.isRegularFile(binds.get(i - 3).source());
            if (file) {
                Files.createFile(target);
            } else {
                Files.createDirectory(target);
            }
        }
    }

    private String generateName(Image image) {
        String base = image.tags().isEmpty() ? "c" : image.tags().get(0).name();
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[^a-zA-Z0-9_.-]", "");
        if (base.isEmpty() || !Character.isLetterOrDigit(base.charAt(0))) {
            base = "c";
        }
        base = base.length() > 50 ? base.substring(0, 50) : base;
        for (int i = 0; i < 100; i++) {
            String n = base + "-" + HexFormat.of().formatHex(randomBytes(2));
            if (store.nameOwner(n).isEmpty() && !network.namespaceExists(n)) {
                return n;
            }
        }
        throw ContainerException.conflict("no free name for a container of " + image.displayName(), "give one with --name");
    }

    /**
     * runc mounts the root file system as the container's root, which in a user namespace is an ordinary host
     * user: every directory above it must let others through (o+x).
     */
    private static void searchableByOthers(Path dir) {
        for (Path d = dir.toAbsolutePath().getParent(); d != null; d = d.getParent()) {
            try {
                if (Files.isDirectory(d) && !Files.getPosixFilePermissions(d).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                    throw ContainerException.usage("--userns: the container's root (host uid of JNET_USERNS_BASE) cannot pass " + d
                            + " on its way to " + dir, "let others search it (chmod o+x " + d + "), or use a --data-dir under such directories");
                }
            } catch (IOException e) {
                throw ContainerException.failed("cannot read the mode of " + d + ": " + e.getMessage(), "", e);
            }
        }
    }

    private static boolean userNamespacesAllowed() {
        try {
            return Long.parseLong(Files.readString(Path.of("/proc/sys/user/max_user_namespaces")).strip()) > 0;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static ContainerException nameInUse(String name) {
        return ContainerException.conflict("the name " + name + " is in use by a container", "pick another --name, or remove it: jnet rm " + name);
    }

    private static String newId() {
        return HexFormat.of().formatHex(randomBytes(32));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static void removeQuietly(Path dir) {
        try {
            Trees.delete(dir);
        } catch (IOException ignored) {
            // an empty directory we just made; gc takes it if it stays
        }
    }
}
