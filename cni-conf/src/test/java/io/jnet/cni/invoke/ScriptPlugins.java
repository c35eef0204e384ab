package io.jnet.cni.invoke;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes tiny /bin/sh plugins for tests. */
public final class ScriptPlugins {
    private ScriptPlugins() {}

    /** Writes an executable script {@code dir/name} with {@code body} after the shebang. */
    public static Path write(Path dir, String name, String body) throws IOException {
        Files.createDirectories(dir);
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }
}
