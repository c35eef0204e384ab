package io.jnet.containers;

import com.google.gson.JsonObject;
import io.jnet.containers.fs.FileLocks;
import io.jnet.containers.fs.Syscalls;
import io.jnet.containers.image.ImageStore;
import io.jnet.containers.runc.Runc;
import io.jnet.context.CallContext;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Containers on jnet networks: {@code run} (in the foreground or detached), {@code exec}, {@code stop}, {@code rm},
 * the list, {@code inspect}, logs, and {@code gc} after crashes. jnet prepares the image and the network and
 * writes the OCI spec; runc makes the namespaces, the cgroup and the pivot_root.
 */
public final class Containers {
    /** Starts the detached supervisor of a container: {@code jnet container-shim ID} with this jnet's settings. */
    @FunctionalInterface
    public interface ShimLauncher {
        ProcessBuilder command(String id);
    }

    private static final long SUPERVISOR_WAIT_MILLIS = 30_000;

    private final ContainerSettings settings;
    private final ContainerStore store;
    private final ImageStore images;
    private final Volumes volumes;
    private final Runc runc;
    private final NetworkBackend network;
    private final Cleanup cleanup;
    private final ContainerCreator creator;
    private final Supervisor supervisor;

    public Containers(ContainerSettings settings, NetworkBackend network, Map<String, String> callerEnv) {
        this.settings = settings;
        this.store = new ContainerStore(settings.containersDir());
        this.images = new ImageStore(settings.imagesDir());
        this.volumes = new Volumes(settings.volumesDir());
        this.runc = new Runc(settings.runc(), settings.runcRoot());
        this.network = network;
        this.cleanup = new Cleanup(store, runc, network);
        this.creator = new ContainerCreator(settings, store, images, volumes, network, cleanup, callerEnv);
        this.supervisor = new Supervisor(store, runc, cleanup);
    }

    public ContainerSettings settings() {
        return settings;
    }

    public ImageStore images() {
        return images;
    }

    /** {@code jnet run --dry-run}: the OCI spec, nothing made. */
    public JsonObject dryRun(RunRequest req) {
        return creator.dryRun(req);
    }

    /**
     * {@code jnet run} in the foreground: the container gets this process's stdin, stdout and stderr, and its
     * exit status is returned. This process is its supervisor.
     */
    public int runForeground(RunRequest req) {
        ContainerCreator.Prepared p = creator.create(req);
        FileLocks.Held sup;
        try {
            sup = FileLocks.tryLock(p.paths().supervisorLock()).orElseThrow(() -> new IOException("supervisor lock taken"));
        } catch (IOException e) {
            cleanup.remove(p.record());
            p.lock().close();
            throw ContainerException.failed("cannot lock " + p.paths().supervisorLock() + ": " + e.getMessage(), "", e);
        }
        Process proc;
        try {
            proc = CallContext.current().prepare(new ProcessBuilder(runc.runCommand(p.paths().dir(), p.record().id()))).inheritIO().start();
        } catch (IOException e) {
            cleanup.remove(p.record());
            sup.close();
            p.lock().close();
            throw runc.missing(e);
        }
        p.lock().close();
        CountDownLatch finished = new CountDownLatch(1);
        // SIGTERM or Ctrl-C to jnet: pass it on to the container, then let the clean-up below finish
        Thread hook = new Thread(() -> {
            if (proc.isAlive()) {
                try {
                    runc.kill(p.record().id(), "TERM", p.record().pidHost());
                } catch (RuntimeException ignored) {
                    // it may have exited meanwhile
                }
            }
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jnet-run-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            int code = waitFor(proc);
            List<String> failures = supervisor.finish(p.record(), code);
            if (!failures.isEmpty()) {
                System.err.println("jnet: cleaning up container " + p.record().name() + " was incomplete: " + String.join("; ", failures)
                        + " (hint: jnet gc finishes it)");
            }
            return code;
        } finally {
            sup.close();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for the latch above
            }
        }
    }

    /**
     * {@code jnet run -d}: hands the container to a supervisor process of its own and returns once runc has
     * started it (or it already exited). Its output goes to its log file.
     */
    public ContainerView runDetached(RunRequest req, ShimLauncher launcher) {
        ContainerCreator.Prepared p = creator.create(req);
        try {
            ProcessBuilder pb = launcher.command(p.record().id());
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.redirectError(ProcessBuilder.Redirect.appendTo(p.paths().supervisorLog().toFile()));
            Process shim;
            try {
                shim = pb.start();
            } catch (IOException e) {
                throw ContainerException.failed("cannot start the container's supervisor: " + e.getMessage(), "", e);
            }
            String line = firstLine(shim, 120);
            if (line == null || !(line.startsWith("started") || line.startsWith("exited"))) {
                shim.destroyForcibly();
                String why = tail(p.paths().supervisorLog());
                List<String> undo = cleanup.remove(p.record());
                throw ContainerException.failed("the container's supervisor failed" + (why.isEmpty() ? "" : ": " + why)
                        + (undo.isEmpty() ? "" : " (undo incomplete: " + String.join("; ", undo) + ")"), "JNET_DEBUG=1 shows more; jnet gc cleans up", null);
            }
        } catch (RuntimeException e) {
            if (!(e instanceof ContainerException)) {
                cleanup.remove(p.record());
            }
            throw e;
        } finally {
            p.lock().close();
        }
        return view(store.read(p.record().id()).orElse(p.record()), null);
    }

    /**
     * The work of {@code jnet container-shim ID}: in a session of its own, run the container with its output
     * appended to its log, tell the waiting {@code jnet run -d} on {@code announce} that it started, wait for
     * it, record its status and clean up.
     */
    public int supervise(String id, PrintStream announce) {
        ContainerRecord r = store.read(id).orElseThrow(() -> ContainerException.notFound("no container " + id, ""));
        ContainerPaths p = store.paths(id);
        try {
            Syscalls.setsid();
        } catch (IOException e) {
            // already a session leader: fine
        }
        try (FileLocks.Held sup = FileLocks.tryLock(p.supervisorLock()).orElseThrow(() -> ContainerException.conflict(
                "container " + r.name() + " has a supervisor already", ""))) {
            ProcessBuilder pb = CallContext.current().prepare(new ProcessBuilder(runc.runCommand(p.dir(), id)));
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(p.log().toFile()));
            pb.redirectErrorStream(true);
            Process proc = pb.start();
            boolean running = supervisor.awaitRunning(id, proc, 60_000);
            announce.println(running ? "started " + runc.state(id).map(Runc.State::pid).orElse(0L) : "exited " + waitFor(proc));
            announce.flush(); // the parent stops reading after this line; nothing else is written here
            int code = waitFor(proc);
            List<String> failures = supervisor.finish(r, code);
            if (!failures.isEmpty()) {
                System.err.println("clean-up incomplete: " + String.join("; ", failures));
            }
            return code;
        } catch (IOException e) {
            throw runc.missing(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** {@code jnet exec}: a new process in the running container's namespaces and cgroup, with this process's stdio. */
    public int exec(String nameOrId, List<String> env, String cwd, String user, List<String> args) {
        ContainerRecord r = store.get(nameOrId);
        if (!view(r, null).state().equals("running")) {
            throw ContainerException.conflict("container " + r.name() + " is not running", "jnet ps shows its state; jnet logs " + r.name() + " its output");
        }
        if (args.isEmpty()) {
            throw ContainerException.usage("no command given", "jnet exec " + r.name() + " sh -c 'ps'");
        }
        if (r.userns() && r.netns() != null && !runc.execJoinsUserNamespaceLast()) {
            throw ContainerException.failed("this runc cannot exec into " + r.name() + ": it has a user namespace and a network namespace "
                    + "jnet made, and runc before 1.2 enters the user namespace first", "use runc 1.2 or newer (JNET_RUNC), or run the command "
                    + "with jnet run --userns", null);
        }
        try {
            return waitFor(CallContext.current().prepare(new ProcessBuilder(runc.execCommand(r.id(), env, cwd, user, args))).inheritIO().start());
        } catch (IOException e) {
            throw runc.missing(e);
        }
    }

    /** {@code jnet stop}: SIGTERM, SIGKILL after {@code timeoutSeconds}; then what it held on the host is released. */
    public ContainerView stop(String nameOrId, int timeoutSeconds) {
        ContainerRecord r = store.get(nameOrId);
        if (view(r, null).running()) {
            runc.kill(r.id(), "TERM", r.pidHost());
            if (!awaitStopped(r.id(), timeoutSeconds * 1000L)) {
                runc.kill(r.id(), "KILL", true);
                awaitStopped(r.id(), 10_000);
            }
        }
        settle(r);
        return store.read(r.id()).map(x -> view(x, null)).orElse(new ContainerView(r, "removed", 0, null));
    }

    /** {@code jnet rm [-f]}: the task, network, namespace, mount, upper dir and name go; named volumes stay. */
    public ContainerRecord remove(String nameOrId, boolean force) {
        ContainerRecord r = store.get(nameOrId);
        ContainerView v = view(r, null);
        if (v.state().equals("creating")) {
            throw ContainerException.conflict("container " + r.name() + " is being created", "wait for its jnet run to finish");
        }
        if (v.running()) {
            if (!force) {
                throw ContainerException.conflict("container " + r.name() + " is " + v.state(), "stop it first (jnet stop " + r.name() + "), or jnet rm -f " + r.name());
            }
            runc.kill(r.id(), "KILL", true);
            awaitStopped(r.id(), 10_000);
        }
        awaitSupervisor(store.paths(r.id()));
        ContainerPaths p = store.paths(r.id());
        try (FileLocks.Held l = FileLocks.lock(p.lock(), SUPERVISOR_WAIT_MILLIS).orElseThrow(() ->
                ContainerException.conflict("container " + r.name() + " is busy (another jnet holds its lock)", "try again in a moment"))) {
            if (store.read(r.id()).isEmpty()) {
                return r; // its --rm supervisor removed it meanwhile
            }
            List<String> failures = cleanup.remove(r);
            if (!failures.isEmpty()) {
                throw ContainerException.failed("removing " + r.name() + " was incomplete: " + String.join("; ", failures), "fix the cause and run jnet rm again, or jnet gc", null);
            }
            return r;
        } catch (IOException e) {
            throw ContainerException.failed("cannot lock " + p.lock() + ": " + e.getMessage(), "", e);
        }
    }

    /** Every container with its current state, by name. */
    public List<ContainerView> list() {
        List<ContainerRecord> all = store.list();
        if (all.isEmpty()) {
            return List.of();
        }
        Map<String, Runc.State> states = runcStates();
        return all.stream().map(r -> view(r, states)).toList();
    }

    public ContainerView view(String nameOrId) {
        return view(store.get(nameOrId), null);
    }

    /** {@code jnet inspect}: the OCI spec, overlay dirs, namespaces, cgroup limits and usage, network attachments. */
    public JsonObject inspect(String nameOrId) {
        ContainerRecord r = store.get(nameOrId);
        return Inspection.of(r, view(r, null), store.paths(r.id()), images, settings, network);
    }

    /** The log file of a container (a detached container's output). */
    public Path logFile(String nameOrId) {
        return store.paths(store.get(nameOrId).id()).log();
    }

    public List<Volumes.Volume> volumes() {
        return volumes.list(store.list());
    }

    public void removeVolume(String name) {
        volumes.remove(name, store.list());
    }

    /** {@code jnet image rm}: refused while a container uses the image, unless forced. */
    public List<String> removeImage(String nameOrId, boolean force) {
        List<ContainerRecord> all = store.list();
        return images.remove(nameOrId, force, id -> all.stream().anyMatch(c -> c.imageId().equals(id)));
    }

    /**
     * After crashes: containers a dead {@code jnet run} left half-made are removed; containers whose supervisor
     * died have what they held released once stopped (removed with {@code --rm}); directories without a record,
     * names without a container and runc tasks without a container go.
     *
     * @return one line per thing done
     */
    public List<String> gc() {
        return new Collector(store, runc, network, cleanup, runcStates()).collect();
    }

    ContainerView view(ContainerRecord r, Map<String, Runc.State> states) {
        ContainerPaths p = store.paths(r.id());
        if (r.phase().equals(ContainerRecord.CREATING)) {
            return new ContainerView(r, FileLocks.isHeld(p.lock()) ? "creating" : "dead", 0, null);
        }
        Optional<Runc.State> s = states != null ? Optional.ofNullable(states.get(r.id())) : runc.state(r.id());
        Integer exit = supervisor.exitCode(p);
        if (s.isPresent() && !s.get().status().equals("stopped")) {
            return new ContainerView(r, s.get().status(), s.get().pid(), null);
        }
        return new ContainerView(r, exit != null ? "exited" : "stopped", 0, exit);
    }

    private Map<String, Runc.State> runcStates() {
        return Files.isDirectory(settings.runcRoot()) ? runc.list() : Map.of();
    }

    /** A stopped container whose supervisor is gone: release what it holds (or remove it, with --rm). */
    private void settle(ContainerRecord r) {
        ContainerPaths p = store.paths(r.id());
        if (awaitSupervisor(p)) {
            return;
        }
        try {
            Optional<FileLocks.Held> l = FileLocks.lock(p.lock(), SUPERVISOR_WAIT_MILLIS);
            if (l.isPresent()) {
                try (FileLocks.Held held = l.get()) {
                    if (store.read(r.id()).isPresent() && !view(r, null).running()) {
                        if (r.remove()) {
                            cleanup.remove(r);
                        } else {
                            cleanup.teardown(r);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw ContainerException.failed("cannot lock " + p.lock() + ": " + e.getMessage(), "", e);
        }
    }

    /** Waits for a container's supervisor to finish; true when there was one and it finished. */
    private boolean awaitSupervisor(ContainerPaths p) {
        if (!FileLocks.isHeld(p.supervisorLock())) {
            return false;
        }
        long deadline = System.nanoTime() + SUPERVISOR_WAIT_MILLIS * 1_000_000;
        while (FileLocks.isHeld(p.supervisorLock()) && System.nanoTime() < deadline) {
            sleep(50);
        }
        return !FileLocks.isHeld(p.supervisorLock());
    }

    private boolean awaitStopped(String id, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            Optional<Runc.State> s = runc.state(id);
            if (s.isEmpty() || s.get().status().equals("stopped")) {
                return true;
            }
            sleep(50);
        }
        return false;
    }

    private static int waitFor(Process p) {
        while (true) {
            try {
                return p.waitFor();
            } catch (InterruptedException e) {
                // keep waiting: the container's status is what we return
            }
        }
    }

    /** The first line a supervisor prints, or null when it ends or stays silent for {@code seconds}. */
    private static String firstLine(Process p, int seconds) {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                return r.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            return line.get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            List<String> last = new ArrayList<>(lines.subList(Math.max(0, lines.size() - 3), lines.size()));
            return String.join(" / ", last).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
