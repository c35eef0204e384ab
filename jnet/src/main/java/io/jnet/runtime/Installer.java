package io.jnet.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs jnet's plugins into a CNI plugin directory as small scripts that run jnet's launchers (the
 * launchers find their jars relative to themselves, so a plain copy would not run). A file jnet did not
 * write is never replaced without {@code force}; nothing is written unless every plugin can be.
 */
public final class Installer {
    public static final List<String> PLUGINS = List.of("bridge", "host-local", "portmap");
    static final String MARKER = "# installed by jnet install";

    private final Path from;
    private final Path dir;

    public Installer(Path from, Path dir) {
        this.from = from.toAbsolutePath().normalize();
        this.dir = dir.toAbsolutePath().normalize();
    }

    public List<Path> install(boolean force) {
        for (String p : PLUGINS) {
            Path src = from.resolve(p);
            if (!Files.isRegularFile(src) || !Files.isExecutable(src)) {
                throw JnetException.notFound("jnet's " + p + " plugin is not in " + from, "build it: mvn -q -DskipTests package");
            }
            Path target = dir.resolve(p);
            if (Files.exists(target) && !force && !ours(target)) {
                throw JnetException.conflict(target + " exists and was not installed by jnet",
                        "use --force to replace it, or --dir to install elsewhere");
            }
        }
        List<Path> out = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (String p : PLUGINS) {
                Path target = dir.resolve(p);
                Path tmp = Files.createTempFile(dir, ".jnet-" + p, ".tmp");
                String script = "#!/bin/sh\n" + MARKER + ": runs jnet's " + p + " plugin\nexec " + quote(from.resolve(p).toString()) + " \"$@\"\n";
                Files.writeString(tmp, script, StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                out.add(target);
            }
        } catch (IOException e) {
            throw JnetException.failed("cannot install into " + dir + ": " + e.getMessage(), "run as root, or choose --dir", e);
        }
        return out;
    }

    private static boolean ours(Path target) {
        try {
            return Files.size(target) < 4096 && Files.readString(target, StandardCharsets.UTF_8).contains(MARKER);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
