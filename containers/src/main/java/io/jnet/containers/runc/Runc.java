package io.jnet.containers.runc;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.containers.ContainerException;
import io.jnet.context.CallContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The OCI reference runtime, driven through its command line as containerd's runc shim does: {@code run} a
 * bundle in the foreground (runc stays the container's parent and exits with its status), {@code state},
 * {@code list}, {@code kill}, {@code exec}, {@code delete}. Its state lives under {@code --root}, which jnet points
 * into its own state directory.
 */
public final class Runc {
    /** What runc reports of a container it knows. */
    public record State(String id, String status, long pid, String bundle) {
        public boolean running() {
            return status.equals("running") || status.equals("paused") || status.equals("created");
        }
    }

    private static final long TIMEOUT_SECONDS = 60;

    private final Path binary;
    private final Path root;

    public Runc(Path binary, Path root) {
        this.binary = binary;
        this.root = root;
    }

    public Path binary() {
        return binary;
    }

    public Path root() {
        return root;
    }

    /** The command line of {@code runc run}: the caller starts it with the stdio the container should have. */
    public List<String> runCommand(Path bundle, String id) {
        return List.of(binary.toString(), "--root", root.toString(), "run", "--bundle", bundle.toString(), id);
    }

    /** The command line of {@code runc exec}, extra environment, working directory and user optional. */
    public List<String> execCommand(String id, List<String> env, String cwd, String user, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--root", root.toString(), "exec"));
        for (String e : env) {
            cmd.add("--env");
            cmd.add(e);
        }
        if (cwd != null) {
            cmd.add("--cwd");
            cmd.add(cwd);
        }
        if (user != null) {
            cmd.add("--user");
            cmd.add(user);
        }
        cmd.add(id);
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Whether this runc joins a container's user namespace after its other namespaces on exec. runc 1.1 joins it
     * first, and then may not enter a network namespace the host made (jnet's), so exec into a --userns container
     * fails; runc 1.2 joins the others first.
     */
    public boolean execJoinsUserNamespaceLast() {
        Result r = call("--version");
        String first = r.out.lines().findFirst().orElse("");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("runc version (\\d+)\\.(\\d+)").matcher(first);
        return !m.find() || Integer.parseInt(m.group(1)) > 1 || Integer.parseInt(m.group(2)) >= 2;
    }

    /** {@code runc state ID}; empty when runc does not know the container. */
    public Optional<State> state(String id) {
        Result r = call("state", id);
        if (r.code != 0) {
            if (r.err.contains("does not exist") || r.err.contains("not exist")) {
                return Optional.empty();
            }
            throw failure("runc state " + id, r);
        }
        return Optional.of(state(JsonParser.parseString(r.out).getAsJsonObject()));
    }

    /** {@code runc list --format json}: every container under our root, by ID. */
    public Map<String, State> list() {
        Result r = call("list", "--format", "json");
        if (r.code != 0) {
            throw failure("runc list", r);
        }
        Map<String, State> out = new HashMap<>();
        JsonElement e = JsonParser.parseString(r.out.isBlank() ? "null" : r.out);
        if (e instanceof JsonArray a) {
            for (JsonElement x : a) {
                State s = state(x.getAsJsonObject());
                out.put(s.id(), s);
            }
        }
        return out;
    }

    /** {@code runc kill [--all] ID SIGNAL}; a container that is not running is no error. */
    public void kill(String id, String signal, boolean all) {
        Result r = all ? call("kill", "--all", id, signal) : call("kill", id, signal);
        if (r.code != 0 && !r.err.contains("not running") && !r.err.contains("does not exist") && !r.err.contains("process already finished")) {
            throw failure("runc kill " + id + " " + signal, r);
        }
    }

    /** {@code runc delete --force ID}: the container's process, cgroup and state go; unknown is no error. */
    public void delete(String id) {
        Result r = call("delete", "--force", id);
        if (r.code != 0 && !r.err.contains("does not exist")) {
            throw failure("runc delete " + id, r);
        }
    }

    private static State state(JsonObject o) {
        return new State(o.get("id").getAsString(), o.get("status").getAsString(), o.has("pid") ? o.get("pid").getAsLong() : 0,
                o.has("bundle") ? o.get("bundle").getAsString() : "");
    }

    private record Result(int code, String out, String err) {}

    private Result call(String... args) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--root", root.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = CallContext.current().prepare(new ProcessBuilder(cmd));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process p = pb.start();
            CompletableFuture<String> err = drain(p.getErrorStream());
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw ContainerException.failed("runc " + args[0] + " did not finish in " + TIMEOUT_SECONDS + " s", "", null);
            }
            return new Result(p.exitValue(), out, err.join());
        } catch (IOException e) {
            throw missing(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ContainerException.failed("interrupted while running runc " + args[0], "", e);
        }
    }

    /** runc could not be started at all. */
    public ContainerException missing(IOException e) {
        return ContainerException.failed("cannot run " + binary + ": " + e.getMessage(),
                "install runc (apt-get install runc) or point JNET_RUNC at it", e);
    }

    private static ContainerException failure(String what, Result r) {
        String msg = r.err.strip();
        int i = msg.lastIndexOf("msg=");
        if (i >= 0) {
            msg = msg.substring(i + 4);
        }
        return ContainerException.failed(what + " failed: " + msg.lines().findFirst().orElse("exit " + r.code), "", null);
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
