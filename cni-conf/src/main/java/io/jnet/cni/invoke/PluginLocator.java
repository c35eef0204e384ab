package io.jnet.cni.invoke;

import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.Validation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds plugin executables in CNI_PATH. */
public final class PluginLocator {
    private PluginLocator() {}

    /**
     * The first regular, executable file named {@code type} in {@code dirs}, in order (symlinks are followed,
     * like the reference's stat). {@code type} must be a bare file name so a config can never point outside
     * the plugin directories.
     *
     * @throws CniException code 7 for a bad type, code 5 when no directory holds the plugin
     */
    public static Path find(String type, List<Path> dirs) throws CniException {
        Validation.pluginType(type);
        if (dirs.isEmpty()) {
            throw new CniException(CniException.IO_FAILURE, "failed to find plugin \"" + type + "\"", "no paths provided (CNI_PATH is empty)");
        }
        for (Path dir : dirs) {
            Path candidate = dir.resolve(type);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new CniException(CniException.IO_FAILURE, "failed to find plugin \"" + type + "\" in path " + dirs);
    }

    /** Splits a colon-separated CNI_PATH into directories, dropping empty entries. */
    public static List<Path> splitPath(String cniPath) {
        List<Path> out = new ArrayList<>();
        if (cniPath == null) {
            return out;
        }
        for (String p : cniPath.split(":")) {
            if (!p.isEmpty()) {
                out.add(Path.of(p));
            }
        }
        return out;
    }
}
