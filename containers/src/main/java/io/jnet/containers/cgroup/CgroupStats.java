package io.jnet.containers.cgroup;

import com.google.gson.JsonObject;
import io.jnet.containers.fs.MountTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's cgroup as the host has it: cgroup v2 (one unified tree at /sys/fs/cgroup: {@code memory.max},
 * {@code cpu.max}, {@code pids.max}) or cgroup v1 (one tree per controller: {@code memory/…/memory.limit_in_bytes},
 * {@code cpu/…/cpu.cfs_quota_us}, {@code pids/…/pids.max}). runc writes whichever exists; this reads the limits and
 * the current usage back from the same files, so {@code jnet inspect} shows what the kernel enforces.
 */
public final class CgroupStats {
    private final boolean v2;
    /** v2: "" to the unified mount; v1: controller name to its mount. */
    private final Map<String, Path> mounts;

    CgroupStats(boolean v2, Map<String, Path> mounts) {
        this.v2 = v2;
        this.mounts = Map.copyOf(mounts);
    }

    /** The host's layout, from this process's mount table. */
    public static CgroupStats host() {
        return of(MountTable.read());
    }

    static CgroupStats of(List<MountTable.Mount> table) {
        Map<String, Path> v1 = new LinkedHashMap<>();
        for (MountTable.Mount m : table) {
            if (m.fsType().equals("cgroup2") && m.mountPoint().equals(Path.of("/sys/fs/cgroup"))) {
                return new CgroupStats(true, Map.of("", m.mountPoint()));
            }
            if (m.fsType().equals("cgroup")) {
                for (String opt : m.superOptions().split(",")) {
                    if (List.of("memory", "cpu", "cpuacct", "pids").contains(opt)) {
                        v1.putIfAbsent(opt, m.mountPoint());
                    }
                }
            }
        }
        return new CgroupStats(false, v1);
    }

    public int version() {
        return v2 ? 2 : 1;
    }

    /** The directories of a cgroup path (as in the OCI spec's cgroupsPath, absolute): one on v2, one per controller on v1. */
    public Map<String, Path> directories(String cgroupsPath) {
        Map<String, Path> out = new LinkedHashMap<>();
        String rel = cgroupsPath.startsWith("/") ? cgroupsPath.substring(1) : cgroupsPath;
        mounts.forEach((controller, mount) -> out.put(controller.isEmpty() ? "unified" : controller, mount.resolve(rel)));
        return out;
    }

    /** Whether any directory of the cgroup exists (it goes when runc deletes the container). */
    public boolean exists(String cgroupsPath) {
        return directories(cgroupsPath).values().stream().anyMatch(Files::isDirectory);
    }

    /** Limits and usage, with the file each number came from; empty when the cgroup is gone. */
    public JsonObject read(String cgroupsPath) {
        JsonObject o = new JsonObject();
        o.addProperty("version", version());
        o.addProperty("path", cgroupsPath);
        if (!exists(cgroupsPath)) {
            o.addProperty("exists", false);
            return o;
        }
        o.addProperty("exists", true);
        JsonObject files = new JsonObject();
        if (v2) {
            Path d = mounts.get("").resolve(strip(cgroupsPath));
            put(o, files, "memoryLimit", d.resolve("memory.max"));
            put(o, files, "memoryUsage", d.resolve("memory.current"));
            put(o, files, "memoryPeak", d.resolve("memory.peak"));
            putKey(o, files, "oomKills", d.resolve("memory.events"), "oom_kill");
            put(o, files, "cpuMax", d.resolve("cpu.max"));
            putKey(o, files, "cpuUsageMicros", d.resolve("cpu.stat"), "usage_usec");
            put(o, files, "pidsLimit", d.resolve("pids.max"));
            put(o, files, "pidsCurrent", d.resolve("pids.current"));
        } else {
            dir("memory", cgroupsPath).ifPresent(d -> {
                put(o, files, "memoryLimit", d.resolve("memory.limit_in_bytes"));
                put(o, files, "memoryUsage", d.resolve("memory.usage_in_bytes"));
                put(o, files, "memoryPeak", d.resolve("memory.max_usage_in_bytes"));
                putKey(o, files, "oomKills", d.resolve("memory.oom_control"), "oom_kill");
            });
            dir("cpu", cgroupsPath).ifPresent(d -> {
                put(o, files, "cpuQuotaMicros", d.resolve("cpu.cfs_quota_us"));
                put(o, files, "cpuPeriodMicros", d.resolve("cpu.cfs_period_us"));
            });
            dir("cpuacct", cgroupsPath).ifPresent(d -> put(o, files, "cpuUsageNanos", d.resolve("cpuacct.usage")));
            dir("pids", cgroupsPath).ifPresent(d -> {
                put(o, files, "pidsLimit", d.resolve("pids.max"));
                put(o, files, "pidsCurrent", d.resolve("pids.current"));
            });
        }
        o.add("files", files);
        return o;
    }

    /** The controllers' directories that exist for this path (v1), for reporting leftovers. */
    public List<Path> existing(String cgroupsPath) {
        List<Path> out = new ArrayList<>();
        directories(cgroupsPath).values().stream().filter(Files::isDirectory).forEach(out::add);
        return out;
    }

    private java.util.Optional<Path> dir(String controller, String cgroupsPath) {
        Path m = mounts.get(controller);
        return m == null ? java.util.Optional.empty() : java.util.Optional.of(m.resolve(strip(cgroupsPath)));
    }

    private static String strip(String p) {
        return p.startsWith("/") ? p.substring(1) : p;
    }

    private static void put(JsonObject o, JsonObject files, String key, Path file) {
        String v = readFirstLine(file);
        if (v != null) {
            if (v.matches("-?[0-9]+")) {
                o.addProperty(key, Long.parseLong(v));
            } else {
                o.addProperty(key, v);
            }
            files.addProperty(key, file.toString());
        }
    }

    /** A "key value" line of a flat-keyed file such as memory.events or memory.oom_control. */
    private static void putKey(JsonObject o, JsonObject files, String key, Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] kv = line.strip().split("\\s+");
                if (kv.length == 2 && kv[0].equals(name) && kv[1].matches("[0-9]+")) {
                    o.addProperty(key, Long.parseLong(kv[1]));
                    files.addProperty(key, file + " (" + name + ")");
                }
            }
        } catch (IOException e) {
            // not there (an older kernel, or the controller is absent)
        }
    }

    private static String readFirstLine(Path f) {
        try {
            List<String> lines = Files.readAllLines(f);
            return lines.isEmpty() ? null : lines.get(0).strip();
        } catch (IOException e) {
            return null;
        }
    }
}
