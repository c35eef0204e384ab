package io.jnet.cni.config;

import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.JsonSupport;
import io.jnet.context.CallContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads network configurations from files and directories with libcni's rules: {@code *.conflist} files in
 * byte order, first matching name wins; then the deprecated single-plugin {@code *.conf}/{@code *.json} files,
 * wrapped into a list; the network's plugin folder {@code <dir>/<name>/*.conf} appended unless
 * {@code loadOnlyInlinedPlugins}.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /** Loads network {@code name} from {@code dir} (e.g. {@code /etc/cni/net.d}); code 7 when there is none. */
    public static NetworkConfigList loadByName(Path dir, String name) throws CniException {
        List<Path> lists = confFiles(dir, ".conflist");
        for (Path f : lists) {
            // A broken list anywhere before the match fails the whole lookup, as in libcni.
            NetworkConfigList list = loadConflist(f);
            if (list.name().equals(name)) {
                return list;
            }
        }
        List<Path> singles = confFiles(dir, ".conf", ".json");
        if (singles.isEmpty()) {
            if (lists.isEmpty()) {
                throw new CniException(CniException.INVALID_NETWORK_CONFIG, "no net configurations found in " + dir);
            }
            throw notFound(dir, name);
        }
        for (Path f : singles) {
            NetworkConfig conf = loadConf(f);
            if (name.equals(conf.name())) {
                return NetworkConfigList.wrap(conf);
            }
        }
        throw notFound(dir, name);
    }

    private static CniException notFound(Path dir, String name) {
        return new CniException(CniException.INVALID_NETWORK_CONFIG,
                "no net configuration with name \"" + name + "\" in " + dir);
    }

    /**
     * Loads one {@code .conflist} file plus, unless {@code loadOnlyInlinedPlugins}, the plugin configs in
     * {@code <its dir>/<network name>/*.conf}. A list that ends up with no plugin is code 7.
     */
    public static NetworkConfigList loadConflist(Path file) throws CniException {
        NetworkConfigList list;
        try {
            list = NetworkConfigList.parseAllowingNoPlugins(read(file));
        } catch (CniException e) {
            throw new CniException(e.code(), e.msg() + " (" + file + ")", e.details(), e);
        }
        if (!list.loadOnlyInlinedPlugins()) {
            list = list.withPlugins(pluginFolder(parentOf(file), list.name()));
        }
        if (list.plugins().isEmpty()) {
            throw new CniException(CniException.INVALID_NETWORK_CONFIG, "no plugin configs found", file.toString());
        }
        return list;
    }

    /** Loads a single-plugin {@code .conf}/{@code .json} file; it must name a {@code type}. */
    public static NetworkConfig loadConf(Path file) throws CniException {
        try {
            return NetworkConfig.parse(read(file)).requireType();
        } catch (CniException e) {
            throw new CniException(e.code(), e.msg() + " (" + file + ")", e.details(), e);
        }
    }

    /** The plugin configs in {@code <dir>/<networkName>/*.conf}, in byte order; empty when the folder is absent. */
    public static List<NetworkConfig> pluginFolder(Path dir, String networkName) throws CniException {
        List<NetworkConfig> out = new ArrayList<>();
        if (networkName.isEmpty() || networkName.contains("/") || networkName.equals(".") || networkName.equals("..")) {
            return out; // never escape the config directory through a crafted network name
        }
        for (Path f : confFiles(dir.resolve(networkName), ".conf")) {
            out.add(loadConf(f));
        }
        return out;
    }

    /**
     * The non-directory entries of {@code dir} whose extension (text from the last dot) is one of
     * {@code extensions}, sorted by the bytes of their names. A missing directory has none.
     */
    public static List<Path> confFiles(Path dir, String... extensions) throws CniException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String n = p.getFileName().toString();
                int dot = n.lastIndexOf('.');
                String ext = dot < 0 ? "" : n.substring(dot);
                for (String e : extensions) {
                    if (ext.equals(e)) {
                        out.add(p);
                        break;
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new CniException(CniException.IO_FAILURE, "cannot list configuration directory", dir + ": " + e.getMessage(), e);
        }
        out.sort((a, b) -> JsonSupport.compareBytes(a.getFileName().toString(), b.getFileName().toString()));
        return out;
    }

    private static Path parentOf(Path file) {
        Path parent = CallContext.current().absolute(file).getParent();
        return parent == null ? Path.of("/") : parent;
    }

    private static byte[] read(Path file) throws CniException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CniException(CniException.IO_FAILURE, "error reading " + file, e.getMessage(), e);
        }
    }
}
