package io.jnet.netlink.ns;

import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.internal.Errno;
import io.jnet.netlink.internal.Syscalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Prepares /run/netns the way {@code ip netns add} does, once per process. */
final class MountPoints {
    private static volatile boolean prepared;

    private MountPoints() {}

    /**
     * Makes the directory a shared mount (bind-mounting it on itself first when it is not a mount
     * point), so namespaces mounted there stay visible in other mount namespaces.
     */
    static synchronized void ensureSharedRunDir(Path dir) throws NetlinkException {
        if (prepared) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (IOException e) {
            throw new NetlinkException(Errno.EINVAL, "create " + dir + ": " + e.getMessage(), null);
        }
        try {
            Syscalls.mount("none", dir.toString(), null, Syscalls.MS_SHARED | Syscalls.MS_REC);
        } catch (NetlinkException e) {
            if (e.errno() != Errno.EINVAL) {
                throw e;
            }
            Syscalls.mount(dir.toString(), dir.toString(), "none", Syscalls.MS_BIND | Syscalls.MS_REC);
            Syscalls.mount("none", dir.toString(), null, Syscalls.MS_SHARED | Syscalls.MS_REC);
        }
        prepared = true;
    }
}
