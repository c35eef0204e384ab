package io.jnet.netlink.ns;

import io.jnet.explain.Commands;
import io.jnet.explain.Explain;
import io.jnet.netlink.AlreadyExistsException;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.NotFoundException;
import io.jnet.netlink.internal.Errno;
import io.jnet.netlink.internal.Syscalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An open network namespace (a file descriptor on its nsfs inode). Named namespaces live under
 * {@code /run/netns} exactly as {@code ip netns} keeps them, so the two tools see each other's.
 * Code runs inside a namespace only on a dedicated platform thread ({@link #call}), never on a
 * pooled or virtual thread, and that thread ends with the call.
 */
public final class NetNs implements AutoCloseable {
    /** Where named namespaces are bind-mounted, as with {@code ip netns}. */
    public static final Path RUN_DIR = Path.of("/run/netns");

    private final int fd;
    private final Path path;
    private volatile boolean closed;

    private NetNs(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    /** Opens the namespace at {@code path} (a /run/netns entry, a /proc/PID/ns/net file, a bind mount). */
    public static NetNs open(Path path) throws NetlinkException {
        return new NetNs(Syscalls.open(path.toString(), Syscalls.O_RDONLY, 0), path);
    }

    /** Opens a namespace by its {@code ip netns} name. */
    public static NetNs named(String name) throws NetlinkException {
        return open(pathOf(name));
    }

    /** Opens the namespace of a process ({@code ip netns identify} / nsenter -t PID -n). */
    public static NetNs ofPid(long pid) throws NetlinkException {
        return open(Path.of("/proc", Long.toString(pid), "ns", "net"));
    }

    /** Opens the calling thread's namespace. */
    public static NetNs current() throws NetlinkException {
        return open(Path.of("/proc/thread-self/ns/net"));
    }

    /**
     * Creates a named namespace ({@code ip netns add NAME}): an empty file under /run/netns with a
     * fresh namespace bind-mounted on it, /run/netns being made a shared mount first like ip does.
     */
    public static NetNs create(String name) throws NetlinkException {
        Path target = pathOf(name);
        MountPoints.ensureSharedRunDir(RUN_DIR);
        int marker;
        try {
            marker = Syscalls.open(target.toString(), Syscalls.O_RDONLY | Syscalls.O_CREAT | Syscalls.O_EXCL, 0);
        } catch (AlreadyExistsException e) {
            throw new AlreadyExistsException("netns add " + name, "a namespace of that name already exists");
        }
        Syscalls.close(marker);
        try {
            NsThread.run("netns-add-" + name, () -> {
                Syscalls.unshare(Syscalls.CLONE_NEWNET);
                Syscalls.mount("/proc/thread-self/ns/net", target.toString(), "none", Syscalls.MS_BIND);
                return null;
            });
            NetNs made = open(target);
            if (Explain.current().active()) {
                Explain.current().command("ip netns add " + Commands.quote(name));
            }
            return made;
        } catch (NetlinkException | RuntimeException e) {
            unmountQuietly(target);
            deleteQuietly(target);
            throw e;
        }
    }

    /** Deletes a named namespace ({@code ip netns del NAME}); it dies once no process or socket holds it. */
    public static void delete(String name) throws NetlinkException {
        Path target = pathOf(name);
        if (!Files.exists(target)) {
            throw new NotFoundException(Errno.ENOENT, "netns del " + name, "no such namespace");
        }
        try {
            Syscalls.umount2(target.toString(), Syscalls.MNT_DETACH);
        } catch (NetlinkException e) {
            if (e.errno() != Errno.EINVAL) { // EINVAL: not mounted, a stale file; remove it anyway
                throw e;
            }
        }
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new NetlinkException(Errno.EBUSY, "netns del " + name + ": " + e.getMessage(), null);
        }
        if (Explain.current().active()) {
            Explain.current().command("ip netns del " + Commands.quote(name));
        }
    }

    /** Names of the namespaces under /run/netns, sorted ({@code ip netns list}). */
    public static List<String> list() throws IOException {
        if (!Files.isDirectory(RUN_DIR)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(RUN_DIR)) {
            List<String> names = new ArrayList<>(entries.map(p -> p.getFileName().toString()).toList());
            names.sort(null);
            return names;
        }
    }

    /** /run/netns/NAME, refusing names that would point elsewhere. */
    public static Path pathOf(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("bad namespace name '" + name + "': it must be a plain file name");
        }
        return RUN_DIR.resolve(name);
    }

    /**
     * Runs {@code task} inside this namespace on a new platform thread and returns its result.
     * Sockets and /proc/sys files opened by the task stay bound to this namespace after it returns.
     */
    public <T, E extends Exception> T call(NsThread.Task<T, E> task) throws E, NetlinkException {
        checkOpen();
        return NsThread.run("netns-" + path.getFileName(), () -> {
            Syscalls.setns(fd, Syscalls.CLONE_NEWNET, path.toString());
            return task.call();
        });
    }

    /** The nsfs inode number: two handles name the same namespace when their inodes match. */
    public long inode() throws IOException {
        checkOpen();
        // stat follows the descriptor to the nsfs inode, whether it was opened on /proc/PID/ns/net or a bind mount
        return ((Number) Files.getAttribute(Path.of("/proc/self/fd/" + fd), "unix:ino")).longValue();
    }

    /** The descriptor, for IFLA_NET_NS_FD and setns; valid until {@link #close()}. */
    public int fd() {
        checkOpen();
        return fd;
    }

    public Path path() {
        return path;
    }

    /** The {@code ip netns} name when opened from /run/netns, else the path. */
    public String name() {
        return path.startsWith(RUN_DIR) ? path.getFileName().toString() : path.toString();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("namespace handle " + path + " is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Syscalls.close(fd);
        }
    }

    @Override
    public String toString() {
        return "netns " + name();
    }

    private static void unmountQuietly(Path target) {
        try {
            Syscalls.umount2(target.toString(), Syscalls.MNT_DETACH);
        } catch (NetlinkException ignored) {
            // not mounted: the failure happened before the bind mount
        }
    }

    private static void deleteQuietly(Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException ignored) {
            // best effort while unwinding a failed create
        }
    }
}
