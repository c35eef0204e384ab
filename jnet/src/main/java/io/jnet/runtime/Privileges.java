package io.jnet.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process may change namespaces, links and rules: checked before anything is changed. */
public final class Privileges {
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;

    private Privileges() {}

    /** Refuses (exit 5) without CAP_NET_ADMIN and CAP_SYS_ADMIN, naming what was about to happen. */
    public static void require(String what) {
        long caps = effective();
        if (caps >= 0 && ((caps & (1L << CAP_NET_ADMIN)) == 0 || (caps & (1L << CAP_SYS_ADMIN)) == 0)) {
            throw new JnetException(JnetException.Kind.PERMISSION, what + " needs CAP_NET_ADMIN and CAP_SYS_ADMIN",
                    "run it as root, e.g. sudo jnet ...");
        }
    }

    // -1 when unknown (no /proc): then the kernel will say so itself
    private static long effective() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring(7).strip(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
