package io.jnet.containers;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where containers live and what runs them. Each value comes from the command line, else an environment
 * variable, else a default, so tests point all of them at temporary directories.
 *
 * @param dataDir      images, volumes, containers' upper dirs and logs ({@code --data-dir}, {@code JNET_DATA_DIR},
 *                     default {@code /var/lib/jnet}); they outlive a reboot, as docker's /var/lib/docker does
 * @param runcRoot     runc's state ({@code <state dir>/runc}; under /run, gone at reboot like the processes)
 * @param runc         the runc binary ({@code JNET_RUNC}, default the first {@code runc} on PATH, then /usr/sbin/runc)
 * @param cgroupParent the cgroup every container's cgroup is made under ({@code JNET_CGROUP_PARENT}, default {@code jnet})
 * @param usernsBase   the first host ID that {@code --userns} maps the container's root to ({@code JNET_USERNS_BASE}, default 100000)
 */
public record ContainerSettings(Path dataDir, Path runcRoot, Path runc, String cgroupParent, long usernsBase) {
    public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/jnet");
    public static final long USERNS_SIZE = 65536;
    private static final Pattern CGROUP_PARENT = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*(/[a-zA-Z0-9][a-zA-Z0-9_.-]*)*");

    public ContainerSettings {
        if (!CGROUP_PARENT.matcher(cgroupParent).matches()) {
            throw ContainerException.usage("bad cgroup parent '" + cgroupParent + "'", "use names of letters, digits, '_', '.', '-' joined by '/', e.g. jnet");
        }
    }

    /** Resolves every value: the option (null when absent) over the environment over the default. */
    public static ContainerSettings resolve(Path dataDirOption, Path stateDir, Map<String, String> env) {
        Path data = dataDirOption != null ? dataDirOption
                : env.get("JNET_DATA_DIR") != null && !env.get("JNET_DATA_DIR").isEmpty() ? Path.of(env.get("JNET_DATA_DIR")) : DEFAULT_DATA_DIR;
        String runc = env.get("JNET_RUNC");
        long base = 100000;
        String b = env.get("JNET_USERNS_BASE");
        if (b != null && !b.isEmpty()) {
            try {
                base = Long.parseLong(b);
            } catch (NumberFormatException e) {
                throw ContainerException.usage("bad JNET_USERNS_BASE '" + b + "'", "give a host user ID such as 100000");
            }
        }
        String parent = env.getOrDefault("JNET_CGROUP_PARENT", "");
        return new ContainerSettings(data.toAbsolutePath().normalize(), stateDir.resolve("runc").toAbsolutePath().normalize(),
                runc != null && !runc.isEmpty() ? Path.of(runc) : findRunc(env.getOrDefault("PATH", "")),
                parent.isEmpty() ? "jnet" : parent, base);
    }

    private static Path findRunc(String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "runc"))) {
                return Path.of(dir, "runc");
            }
        }
        return Path.of("/usr/sbin/runc");
    }

    public Path containersDir() {
        return dataDir.resolve("containers");
    }

    public Path volumesDir() {
        return dataDir.resolve("volumes");
    }

    public Path imagesDir() {
        return dataDir.resolve("images");
    }

    /** The cgroup of one container, as the OCI spec's absolute cgroupsPath. */
    public String cgroupsPath(String id) {
        return "/" + cgroupParent + "/" + id;
    }
}
