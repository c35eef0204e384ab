package io.jnet.containers;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * A container as {@code jnet ps} shows it: jnet's record with what runc says now.
 *
 * @param state    {@code creating}, {@code created}, {@code running}, {@code paused}, {@code exited} (its exit status
 *                 is known), {@code stopped}, or {@code dead} (a {@code jnet run} died while making it: gc removes it)
 * @param pid      the container's first process on the host, 0 when none
 * @param exitCode the exit status once exited, else null
 */
public record ContainerView(ContainerRecord record, String state, long pid, Integer exitCode) {
    public boolean running() {
        return state.equals("running") || state.equals("paused") || state.equals("created");
    }

    public String name() {
        return record.name();
    }

    /** The state with the exit status, as a table shows it: {@code exited (137)}. */
    public String stateText() {
        return exitCode != null && state.equals("exited") ? "exited (" + exitCode + ")" : state;
    }

    public List<String> networks() {
        if (record.netns() == null) {
            return List.of("host");
        }
        if (record.networks().isEmpty()) {
            return List.of("none");
        }
        return record.networks().stream().map(NetworkBackend.Attached::network).toList();
    }

    public List<String> ports() {
        return record.networks().stream().flatMap(a -> a.ports().stream()).toList();
    }

    public List<String> addresses() {
        return record.networks().stream().flatMap(a -> a.addresses().stream()).toList();
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", "container");
        o.addProperty("id", record.id());
        o.addProperty("name", record.name());
        o.addProperty("image", record.image());
        o.addProperty("state", state);
        o.addProperty("pid", pid);
        if (exitCode != null) {
            o.addProperty("exitCode", exitCode);
        }
        JsonArray cmd = new JsonArray();
        record.command().forEach(cmd::add);
        o.add("command", cmd);
        o.addProperty("netns", record.netns());
        JsonArray nets = new JsonArray();
        networks().forEach(nets::add);
        o.add("networks", nets);
        JsonArray addrs = new JsonArray();
        addresses().forEach(addrs::add);
        o.add("addresses", addrs);
        JsonArray ports = new JsonArray();
        ports().forEach(ports::add);
        o.add("ports", ports);
        o.addProperty("created", record.created());
        return o;
    }
}
