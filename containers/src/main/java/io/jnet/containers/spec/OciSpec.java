package io.jnet.containers.spec;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;

/**
 * The OCI runtime spec (config.json) runc executes: which namespaces are new and which are joined (the network
 * namespace is jnet's, by path), the cgroup path and limits, the root file system (the overlay's merged view, read-only
 * with {@code --read-only}), the mounts a Linux process expects plus the user's volumes, the process with its user,
 * capabilities and environment. The defaults are those of {@code runc spec} and docker (capabilities, masked
 * paths), so a container behaves the same under jnet.
 */
public final class OciSpec {
    /** Docker's default capabilities: enough for a root process to run services, not to administer the host. */
    static final List<String> CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
            "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
            "CAP_KILL", "CAP_AUDIT_WRITE");
    static final List<String> MASKED = List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
            "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");
    static final List<String> READONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    /** A bind mount of a host path (volume, host directory, or a file jnet wrote such as /etc/hosts). */
    public record Bind(String destination, Path source, boolean readOnly) {}

    /** A user namespace mapping: container IDs 0..size-1 are host IDs hostId..hostId+size-1. */
    public record IdMap(long hostId, long size) {}

    /**
     * Everything the spec is made from, resolved.
     *
     * @param netns    the network namespace to join, or null to stay in the caller's (--net host)
     * @param userns   the mapping of a new user namespace, or null for none
     */
    public record Params(List<String> args, List<String> env, String cwd, UserSpec user, String hostname, Path rootfs,
            boolean readOnly, Path netns, boolean pidHost, IdMap userns, String cgroupsPath, Limits limits, List<Bind> binds) {
        public Params {
            args = List.copyOf(args);
            env = List.copyOf(env);
            binds = List.copyOf(binds);
        }
    }

    private OciSpec() {}

    public static JsonObject build(Params p) {
        JsonObject spec = new JsonObject();
        spec.addProperty("ociVersion", "1.0.2");
        spec.add("process", process(p));
        JsonObject root = new JsonObject();
        root.addProperty("path", p.rootfs().toString());
        root.addProperty("readonly", p.readOnly());
        spec.add("root", root);
        spec.addProperty("hostname", p.hostname());
        spec.add("mounts", mounts(p));
        spec.add("linux", linux(p));
        return spec;
    }

    private static JsonObject process(Params p) {
        JsonObject proc = new JsonObject();
        proc.addProperty("terminal", false);
        JsonObject user = new JsonObject();
        user.addProperty("uid", Integer.toUnsignedLong(p.user().uid()));
        user.addProperty("gid", Integer.toUnsignedLong(p.user().gid()));
        if (!p.user().additionalGids().isEmpty()) {
            JsonArray extra = new JsonArray();
            p.user().additionalGids().forEach(g -> extra.add(Integer.toUnsignedLong(g)));
            user.add("additionalGids", extra);
        }
        proc.add("user", user);
        proc.add("args", strings(p.args()));
        proc.add("env", strings(p.env()));
        proc.addProperty("cwd", p.cwd());
        JsonObject caps = new JsonObject();
        for (String set : List.of("bounding", "effective", "permitted")) {
            caps.add(set, strings(CAPABILITIES));
        }
        proc.add("capabilities", caps);
        JsonArray rlimits = new JsonArray();
        JsonObject nofile = new JsonObject();
        nofile.addProperty("type", "RLIMIT_NOFILE");
        long files = openFilesLimit();
        nofile.addProperty("hard", files);
        nofile.addProperty("soft", files);
        rlimits.add(nofile);
        proc.add("rlimits", rlimits);
        proc.addProperty("noNewPrivileges", false);
        return proc;
    }

    /** This process's hard limit on open files: runc may not raise it, and docker's containers get the daemon's. */
    static long openFilesLimit() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).strip().split("\\s+");
                    return f[1].equals("unlimited") ? 1048576 : Math.min(1048576, Long.parseLong(f[1]));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // fall through to runc's own default
        }
        return 1024;
    }

    private static JsonArray mounts(Params p) {
        JsonArray m = new JsonArray();
        m.add(mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
        m.add(mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        // gid=5 (tty) would not exist in a new user namespace without a mapping for it
        m.add(mount("/dev/pts", "devpts", "devpts", p.userns() == null
                ? List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")
                : List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620")));
        m.add(mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")));
        m.add(mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        if (p.userns() == null) {
            m.add(mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")));
            m.add(mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro")));
        } else {
            // a new user namespace may not mount sysfs for a network namespace it does not own: bind the host's, read-only
            m.add(mount("/sys", "none", "/sys", List.of("rbind", "nosuid", "noexec", "nodev", "ro")));
        }
        for (Bind b : p.binds()) {
            m.add(mount(b.destination(), "bind", b.source().toString(), b.readOnly()
                    ? List.of("rbind", "rprivate", "ro") : List.of("rbind", "rprivate")));
        }
        return m;
    }

    private static JsonObject linux(Params p) {
        JsonObject linux = new JsonObject();
        JsonArray ns = new JsonArray();
        if (!p.pidHost()) {
            ns.add(namespace("pid", null));
        }
        if (p.netns() != null) { // --net host: no network entry, the process stays in the caller's namespace
            ns.add(namespace("network", p.netns()));
        }
        ns.add(namespace("ipc", null));
        ns.add(namespace("uts", null));
        ns.add(namespace("mount", null));
        if (p.userns() != null) {
            ns.add(namespace("user", null));
            linux.add("uidMappings", idMappings(p.userns()));
            linux.add("gidMappings", idMappings(p.userns()));
        }
        linux.add("namespaces", ns);
        linux.addProperty("cgroupsPath", p.cgroupsPath());
        linux.add("resources", resources(p.limits()));
        linux.add("maskedPaths", strings(MASKED));
        linux.add("readonlyPaths", strings(READONLY));
        return linux;
    }

    private static JsonObject resources(Limits l) {
        JsonObject r = new JsonObject();
        JsonArray devices = new JsonArray();
        JsonObject denyAll = new JsonObject();
        denyAll.addProperty("allow", false);
        denyAll.addProperty("access", "rwm");
        devices.add(denyAll); // runc then allows the standard devices it creates (null, zero, tty, random...)
        r.add("devices", devices);
        if (l.memoryBytes() > 0) {
            JsonObject mem = new JsonObject();
            mem.addProperty("limit", l.memoryBytes());
            mem.addProperty("swap", l.memoryBytes()); // memory+swap: no swap beyond the limit, so the limit holds
            r.add("memory", mem);
        }
        if (l.cpuQuotaMicros() > 0) {
            JsonObject cpu = new JsonObject();
            cpu.addProperty("quota", l.cpuQuotaMicros());
            cpu.addProperty("period", Limits.CPU_PERIOD_MICROS);
            r.add("cpu", cpu);
        }
        if (l.pids() > 0) {
            JsonObject pids = new JsonObject();
            pids.addProperty("limit", l.pids());
            r.add("pids", pids);
        }
        return r;
    }

    private static JsonArray idMappings(IdMap m) {
        JsonObject one = new JsonObject();
        one.addProperty("containerID", 0);
        one.addProperty("hostID", m.hostId());
        one.addProperty("size", m.size());
        JsonArray a = new JsonArray();
        a.add(one);
        return a;
    }

    private static JsonObject namespace(String type, Path path) {
        JsonObject o = new JsonObject();
        o.addProperty("type", type);
        if (path != null) {
            o.addProperty("path", path.toString());
        }
        return o;
    }

    private static JsonObject mount(String destination, String type, String source, List<String> options) {
        JsonObject o = new JsonObject();
        o.addProperty("destination", destination);
        o.addProperty("type", type);
        o.addProperty("source", source);
        o.add("options", strings(options));
        return o;
    }

    private static JsonArray strings(List<String> list) {
        JsonArray a = new JsonArray();
        list.forEach(a::add);
        return a;
    }
}
