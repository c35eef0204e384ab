package io.jnet.containers;

import io.jnet.containers.fs.FileLocks;
import io.jnet.containers.fs.MountTable;
import io.jnet.containers.runc.Runc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code jnet gc} for containers. A container's lock is free only when no {@code jnet} works on it, and its
 * supervisor lock only when nothing waits for it; the kernel drops both when their process dies, so a free lock
 * on a container still "creating", or a free supervisor lock on a container that runc reports stopped, tells
 * that the process that should clean up is gone.
 */
final class Collector {
    /** A directory without a record younger than this may be a {@code jnet run} between mkdir and lock. */
    private static final long ORPHAN_MIN_AGE_MILLIS = 60_000;

    private final ContainerStore store;
    private final Runc runc;
    private final NetworkBackend network;
    private final Cleanup cleanup;
    private final Map<String, Runc.State> states;
    private final List<String> done = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    Collector(ContainerStore store, Runc runc, NetworkBackend network, Cleanup cleanup, Map<String, Runc.State> states) {
        this.store = store;
        this.runc = runc;
        this.network = network;
        this.cleanup = cleanup;
        this.states = states;
    }

    List<String> collect() {
        List<String> ids = store.ids();
        for (String id : ids) {
            ContainerPaths p = store.paths(id);
            Optional<FileLocks.Held> lock;
            try {
                lock = FileLocks.tryLock(p.lock());
            } catch (IOException e) {
                failures.add(id + ": " + e.getMessage());
                continue;
            }
            if (lock.isEmpty()) {
                continue; // a live jnet is working on it
            }
            try (FileLocks.Held l = lock.get()) {
                Optional<ContainerRecord> r = store.read(id);
                if (r.isEmpty()) {
                    orphan(id, p);
                } else {
                    container(r.get(), p);
                }
            }
        }
        for (String name : store.orphanNames()) {
            store.dropName(name);
            done.add("dropped the name " + name + " (its container is gone)");
        }
        for (String id : states.keySet()) {
            if (!ids.contains(id)) {
                runc.delete(id);
                done.add("deleted runc's container " + id + " (jnet has no record of it)");
            }
        }
        if (!failures.isEmpty()) {
            throw ContainerException.failed("gc of containers incomplete: " + String.join("; ", failures), "fix the cause and run jnet gc again", null);
        }
        return done;
    }

    private void container(ContainerRecord r, ContainerPaths p) {
        if (r.phase().equals(ContainerRecord.CREATING)) {
            report("removed " + r.name() + " (a jnet run died while creating it)", cleanup.remove(r));
            return;
        }
        if (FileLocks.isHeld(p.supervisorLock())) {
            return; // its supervisor is alive and will clean up
        }
        Runc.State s = states.get(r.id());
        if (s != null && s.running()) {
            if (!r.remove()) {
                return; // running on without a supervisor: jnet stop or jnet rm ends it
            }
            runc.kill(r.id(), "KILL", true);
            report("stopped and removed " + r.name() + " (--rm, and its jnet run died)", cleanup.remove(r));
            return;
        }
        if (r.remove()) {
            report("removed " + r.name() + " (--rm, exited without its jnet run)", cleanup.remove(r));
        } else if (s != null || MountTable.isMountPoint(p.rootfs()) || (r.netns() != null && network.namespaceExists(r.netns()))) {
            report("released " + r.name() + " (exited without its jnet run: task, network, namespace, mount)", cleanup.teardown(r));
        }
    }

    private void orphan(String id, ContainerPaths p) {
        try {
            long age = System.currentTimeMillis() - Files.getLastModifiedTime(p.dir(), LinkOption.NOFOLLOW_LINKS).toMillis();
            if (age < ORPHAN_MIN_AGE_MILLIS) {
                return;
            }
        } catch (IOException e) {
            return;
        }
        report("removed the directory of container " + id.substring(0, 12) + " (no record)", cleanup.removeOrphan(id));
    }

    private void report(String what, List<String> problems) {
        if (problems.isEmpty()) {
            done.add(what);
        } else {
            failures.addAll(problems);
        }
    }
}
