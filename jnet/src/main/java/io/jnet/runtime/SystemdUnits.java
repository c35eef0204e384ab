package io.jnet.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Socket-activation units for hosts that want the engine always on: systemd owns {@code /run/jnet/engine.sock}
 * (0600 in a 0700 directory) and starts the engine of the installed dist on the first connection, handing it
 * the listening socket on stdin ({@code --inherit}). The engine still retires when the dist changes; systemd starts
 * the new one on the next call.
 */
public final class SystemdUnits {
    public static final Path DEFAULT_DIR = Path.of("/etc/systemd/system");
    static final String SOCKET_UNIT = "jnet-engine.socket";
    static final String SERVICE_UNIT = "jnet-engine.service";

    private SystemdUnits() {}

    /** Writes both units for the dist at {@code home} into {@code unitDir}; returns their paths. */
    public static List<Path> write(Path home, Path unitDir) {
        String socket = """
                [Unit]
                Description=jnet engine socket (CNI plugins and the jnet CLI)

                [Socket]
                ListenStream=/run/jnet/engine.sock
                SocketMode=0600
                DirectoryMode=0700

                [Install]
                WantedBy=sockets.target
                """;
        String service = """
                [Unit]
                Description=jnet engine (resident JVM behind jnet's CNI plugins)
                Requires=jnet-engine.socket
                After=jnet-engine.socket

                [Service]
                ExecStart=%s --dir /run/jnet --inherit --idle 0
                StandardInput=socket
                StandardOutput=journal
                StandardError=journal
                Environment=MALLOC_ARENA_MAX=2
                """.formatted(home.resolve("lib/jvm/engine"));
        try {
            Files.createDirectories(unitDir);
            Path s = writeAtomically(unitDir.resolve(SOCKET_UNIT), socket);
            Path v = writeAtomically(unitDir.resolve(SERVICE_UNIT), service);
            return List.of(s, v);
        } catch (IOException e) {
            throw JnetException.failed("cannot write systemd units into " + unitDir + ": " + e.getMessage(),
                    "run as root, or choose --systemd-dir", e);
        }
    }

    private static Path writeAtomically(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".jnet-new");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
