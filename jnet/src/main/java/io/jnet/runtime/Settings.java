package io.jnet.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the jnet runtime keeps and finds things. Each value comes from a command-line option, else an
 * environment variable, else a default, so tests point all of them at temporary directories.
 *
 * @param configDir   network configurations ({@code JNET_CONFIG_DIR}, default {@code /etc/cni/net.d})
 * @param cniPath     plugin directories in lookup order ({@code JNET_CNI_PATH}, default jnet's own plugins
 *                    then {@code /opt/cni/bin})
 * @param cacheDir    libcni's result cache root ({@code JNET_CACHE_DIR}, default {@code /var/lib/cni})
 * @param stateDir    jnet's own state: the lab's namespaces and responder ({@code JNET_STATE_DIR},
 *                    default {@code /run/jnet}, gone at reboot like the namespaces it describes)
 * @param netnsPrefix prepended to every namespace name the CLI is given ({@code JNET_NETNS_PREFIX},
 *                    default empty), so a test's {@code red} never meets the real lab's {@code red}
 */
public record Settings(Path configDir, List<Path> cniPath, Path cacheDir, Path stateDir, String netnsPrefix) {
    public static final Path DEFAULT_CONFIG_DIR = Path.of("/etc/cni/net.d");
    public static final Path DEFAULT_CACHE_DIR = Path.of("/var/lib/cni");
    public static final Path DEFAULT_STATE_DIR = Path.of("/run/jnet");
    public static final Path SYSTEM_PLUGIN_DIR = Path.of("/opt/cni/bin");
    /** Set by the launcher script to the dist directory (holding bin/, cni/, lib/). */
    public static final String HOME_PROPERTY = "jnet.home";

    public Settings {
        cniPath = List.copyOf(cniPath);
        netnsPrefix = netnsPrefix == null ? "" : netnsPrefix;
        if (netnsPrefix.contains("/")) {
            throw new JnetException(JnetException.Kind.USAGE, "the namespace prefix must not contain '/'",
                    "use a plain prefix such as 'lab1-'");
        }
    }

    /**
     * Resolves every value: an option given on the command line (null when absent) wins over the
     * environment variable, which wins over the default.
     */
    public static Settings resolve(Path configDir, String cniPath, Path cacheDir, Path stateDir, String netnsPrefix,
            Map<String, String> env) {
        return new Settings(
                pick(configDir, env.get("JNET_CONFIG_DIR"), DEFAULT_CONFIG_DIR),
                cniPath != null ? split(cniPath) : env.get("JNET_CNI_PATH") != null && !env.get("JNET_CNI_PATH").isEmpty()
                        ? split(env.get("JNET_CNI_PATH")) : defaultCniPath(),
                pick(cacheDir, env.get("JNET_CACHE_DIR"), DEFAULT_CACHE_DIR),
                pick(stateDir, env.get("JNET_STATE_DIR"), DEFAULT_STATE_DIR),
                netnsPrefix != null ? netnsPrefix : env.getOrDefault("JNET_NETNS_PREFIX", ""));
    }

    /** jnet's own plugins (dist/cni next to the launcher) when known, then /opt/cni/bin. */
    public static List<Path> defaultCniPath() {
        List<Path> dirs = new ArrayList<>();
        home().map(h -> h.resolve("cni")).filter(Files::isDirectory).ifPresent(dirs::add);
        dirs.add(SYSTEM_PLUGIN_DIR);
        return dirs;
    }

    /** The dist directory the launcher passed us, if we were started by it. */
    public static java.util.Optional<Path> home() {
        String h = System.getProperty(HOME_PROPERTY);
        return h == null || h.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(Path.of(h).toAbsolutePath().normalize());
    }

    /** host-local's data directory under our cache dir ({@code /var/lib/cni/networks} by default, as the reference). */
    public Path ipamDataDir() {
        return cacheDir.resolve("networks");
    }

    private static Path pick(Path option, String env, Path dflt) {
        if (option != null) {
            return option;
        }
        return env != null && !env.isEmpty() ? Path.of(env) : dflt;
    }

    private static List<Path> split(String path) {
        List<Path> out = new ArrayList<>();
        for (String p : path.split(":")) {
            if (!p.isEmpty()) {
                out.add(Path.of(p));
            }
        }
        return out;
    }
}
