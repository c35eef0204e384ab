package io.jnet.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process may create namespaces and configure them. */
final class Privileges {
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;

    private Privileges() {}

    /** Null when kernel tests can run, else why not. */
    static String missing() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                    if ((caps & (1L << CAP_NET_ADMIN)) == 0 || (caps & (1L << CAP_SYS_ADMIN)) == 0) {
                        return "needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) to create network namespaces";
                    }
                    return null;
                }
            }
            return "cannot read capabilities from /proc/self/status";
        } catch (IOException | NumberFormatException e) {
            return "cannot read capabilities: " + e.getMessage();
        }
    }
}
