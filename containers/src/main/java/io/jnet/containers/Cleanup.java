package io.jnet.containers;

import io.jnet.containers.fs.MountTable;
import io.jnet.containers.fs.Overlay;
import io.jnet.containers.fs.Trees;
import io.jnet.containers.runc.Runc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Undoing a container, step by step and each step safe to repeat, so that a {@code jnet rm}, a supervisor
 * seeing its container exit, a failed {@code jnet run} and {@code jnet gc} after a crash all share it: runc's
 * task (process, cgroup, state), the network attachments (CNI DEL through the plugins) and the namespace, the
 * overlay mount; then, for a removal, the directory with the upper dir and the name.
 */
final class Cleanup {
    private final ContainerStore store;
    private final Runc runc;
    private final NetworkBackend network;

    Cleanup(ContainerStore store, Runc runc, NetworkBackend network) {
        this.store = store;
        this.runc = runc;
        this.network = network;
    }

    /**
     * Releases what a stopped container holds on the host: everything but its directory (upper dir, logs) and name.
     *
     * @return what could not be undone; empty when all of it went
     */
    List<String> teardown(ContainerRecord r) {
        List<String> failures = new ArrayList<>();
        try {
            runc.delete(r.id());
        } catch (RuntimeException e) {
            failures.add("runc delete: " + e.getMessage());
        }
        if (r.netns() != null) {
            try {
                network.detachAll(r.netns());
            } catch (RuntimeException e) {
                failures.add("detach: " + e.getMessage());
            }
            try {
                network.deleteNamespace(r.netns());
            } catch (RuntimeException e) {
                failures.add("namespace: " + e.getMessage());
            }
        }
        try {
            Overlay.unmount(store.paths(r.id()).rootfs());
        } catch (IOException e) {
            failures.add("unmount: " + e.getMessage());
        }
        return failures;
    }

    /** Teardown, then the directory and the name: the container is gone. Nothing is removed after a failed teardown step that would strand it. */
    List<String> remove(ContainerRecord r) {
        List<String> failures = teardown(r);
        ContainerPaths p = store.paths(r.id());
        if (MountTable.isMountPoint(p.rootfs())) {
            failures.add("the root file system is still mounted at " + p.rootfs());
            return failures;
        }
        try {
            Trees.delete(p.dir());
            store.releaseName(r.name(), r.id());
        } catch (IOException | RuntimeException e) {
            failures.add("remove " + p.dir() + ": " + e.getMessage());
        }
        return failures;
    }

    /** A container directory without a readable record: unmount what may be mounted there, stop runc's task, remove it. */
    List<String> removeOrphan(String id) {
        List<String> failures = new ArrayList<>();
        try {
            runc.delete(id);
        } catch (RuntimeException e) {
            failures.add("runc delete: " + e.getMessage());
        }
        Path dir = store.paths(id).dir();
        try {
            Overlay.unmount(store.paths(id).rootfs());
            Trees.delete(dir);
        } catch (IOException e) {
            failures.add("remove " + dir + ": " + e.getMessage());
        }
        return failures;
    }
}
