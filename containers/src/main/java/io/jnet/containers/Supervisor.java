package io.jnet.containers;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.containers.fs.AtomicFiles;
import io.jnet.containers.fs.FileLocks;
import io.jnet.containers.runc.Runc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The process that waits for a container, as containerd's shim or podman's conmon does: it starts
 * {@code runc run} (runc stays the container's parent and exits with its status), holds the container's
 * supervisor lock while it waits, then records the exit status and releases what the container held on the
 * host (or removes it all with {@code --rm}). A foreground {@code jnet run} is its own supervisor; a detached
 * one hands the container to {@code jnet container-shim}, a process of its own session.
 */
final class Supervisor {
    private final ContainerStore store;
    private final Runc runc;
    private final Cleanup cleanup;

    Supervisor(ContainerStore store, Runc runc, Cleanup cleanup) {
        this.store = store;
        this.runc = runc;
        this.cleanup = cleanup;
    }

    /** The exit status jnet recorded, or null. */
    Integer exitCode(ContainerPaths p) {
        try {
            JsonObject o = JsonParser.parseString(Files.readString(p.exit())).getAsJsonObject();
            return o.get("exitCode").getAsInt();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * After the container's runc exited: its status is written down, then the container is torn down (its lock
     * taken first, so a {@code jnet rm} does not run at the same time), or removed with {@code --rm}.
     *
     * @return what could not be undone
     */
    List<String> finish(ContainerRecord r, int exitCode) {
        ContainerPaths p = store.paths(r.id());
        try {
            JsonObject o = new JsonObject();
            o.addProperty("exitCode", exitCode);
            o.addProperty("finished", Instant.now().toString());
            AtomicFiles.write(p.exit(), o.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the status is lost, the clean-up below still matters more
        }
        try {
            Optional<FileLocks.Held> lock = FileLocks.lock(p.lock(), 60_000);
            if (lock.isEmpty()) {
                return List.of("the container is locked by another jnet; jnet gc cleans it up later");
            }
            try (FileLocks.Held l = lock.get()) {
                if (store.read(r.id()).isEmpty()) {
                    return List.of(); // removed meanwhile (jnet rm -f)
                }
                return r.remove() ? cleanup.remove(r) : cleanup.teardown(r);
            }
        } catch (IOException e) {
            return List.of("lock: " + e.getMessage());
        }
    }

    /** Waits until runc reports the container running, or {@code runc run} ended; true when it runs. */
    boolean awaitRunning(String id, Process runcRun, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (!runcRun.isAlive()) {
                return false;
            }
            Optional<Runc.State> s = runc.state(id);
            if (s.isPresent() && s.get().status().equals("running")) {
                return true;
            }
            Thread.sleep(50);
        }
        return runcRun.isAlive();
    }
}
