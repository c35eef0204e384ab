package io.jnet.runtime;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.JsonSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code lab up} made, written after every step so that {@code lab down} can remove a lab that only
 * came up half way: the namespaces, the network, the responder's pid, whether the bridge was ours to make.
 */
public final class LabState {
    public String network = Networks.DEFAULT_NAME;
    public int hostPort;
    public final List<String> namespaces = new ArrayList<>();
    public long responderPid;
    public long responderStartMillis;
    public boolean bridgeCreated;
    /** Whether lab up wrote the network's conflist (the default network on first use). */
    public boolean networkCreated;
    /** Whether lab up got as far as running the plugins (which may touch NAT rules and ip_forward). */
    public boolean attached;
    public String bridge = "";
    /** Families (IPV4, IPV6) whose nat table held portmap's shared chains before the lab. */
    public final List<String> natChainsBefore = new ArrayList<>();
    /** net.ipv4.ip_forward before the lab ("" when unknown). */
    public String ipForwardBefore = "";

    static Path file(Settings s) {
        return s.stateDir().resolve("lab" + (s.netnsPrefix().isEmpty() ? "" : "-" + s.netnsPrefix().replaceAll("[^A-Za-z0-9_.-]", "_")) + ".json");
    }

    public static Optional<LabState> read(Settings s) {
        Path f = file(s);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            JsonObject o = JsonSupport.parseObject(Files.readAllBytes(f), "lab state");
            LabState st = new LabState();
            st.network = o.get("network").getAsString();
            st.hostPort = o.get("hostPort").getAsInt();
            for (JsonElement e : o.getAsJsonArray("namespaces")) {
                st.namespaces.add(e.getAsString());
            }
            st.responderPid = o.get("responderPid").getAsLong();
            st.responderStartMillis = o.get("responderStartMillis").getAsLong();
            st.bridgeCreated = o.get("bridgeCreated").getAsBoolean();
            st.networkCreated = o.has("networkCreated") && o.get("networkCreated").getAsBoolean();
            st.attached = !o.has("attached") || o.get("attached").getAsBoolean();
            st.bridge = o.get("bridge").getAsString();
            if (o.has("natChainsBefore")) {
                o.getAsJsonArray("natChainsBefore").forEach(e -> st.natChainsBefore.add(e.getAsString()));
            }
            st.ipForwardBefore = o.has("ipForwardBefore") ? o.get("ipForwardBefore").getAsString() : "";
            return Optional.of(st);
        } catch (IOException | CniException | RuntimeException e) {
            throw JnetException.failed("the lab state " + f + " is unreadable: " + e.getMessage(),
                    "remove the lab by hand (jnet ps, jnet detach, jnet netns del) and delete " + f, e);
        }
    }

    public void write(Settings s) {
        JsonObject o = new JsonObject();
        o.addProperty("network", network);
        o.addProperty("hostPort", hostPort);
        JsonArray ns = new JsonArray();
        namespaces.forEach(ns::add);
        o.add("namespaces", ns);
        o.addProperty("responderPid", responderPid);
        o.addProperty("responderStartMillis", responderStartMillis);
        o.addProperty("bridgeCreated", bridgeCreated);
        o.addProperty("networkCreated", networkCreated);
        o.addProperty("attached", attached);
        o.addProperty("bridge", bridge);
        JsonArray nat = new JsonArray();
        natChainsBefore.forEach(nat::add);
        o.add("natChainsBefore", nat);
        o.addProperty("ipForwardBefore", ipForwardBefore);
        Path f = file(s);
        try {
            Files.createDirectories(f.getParent());
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.writeString(tmp, Json.pretty(o) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw JnetException.failed("cannot write the lab state " + f + ": " + e.getMessage(),
                    "check that " + s.stateDir() + " is writable (run as root, or use --state-dir)", e);
        }
    }

    public static void delete(Settings s) {
        try {
            Files.deleteIfExists(file(s));
            Files.deleteIfExists(logFile(s));
            try {
                Files.deleteIfExists(s.stateDir()); // only when empty: nothing of the lab stays, not even its directory
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                // other state (another prefix's lab) lives there
            }
        } catch (IOException e) {
            throw JnetException.failed("cannot remove the lab state: " + e.getMessage(), "", e);
        }
    }

    /** Where the responder's output goes. */
    static Path logFile(Settings s) {
        Path f = file(s);
        return f.resolveSibling(f.getFileName().toString().replace(".json", "-http.log"));
    }
}
