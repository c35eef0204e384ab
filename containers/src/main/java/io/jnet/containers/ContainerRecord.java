package io.jnet.containers;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.jnet.containers.spec.Limits;
import io.jnet.containers.spec.MountSpec;
import java.util.List;

/**
 * A container as jnet keeps it in {@code <data dir>/containers/<id>/container.json}. What runc says about its
 * process is asked live; this is what jnet made and must undo.
 *
 * @param phase       {@code creating} while {@code jnet run} prepares it (a crash then leaves a half-made container
 *                    for gc), {@code created} once it is handed to runc
 * @param netns       the network namespace's name (the container's own), or null with {@code --net host}
 * @param networks    the attachments made for it
 * @param cgroupsPath the cgroup runc makes for it
 */
public record ContainerRecord(String id, String name, String image, String imageId, List<String> diffIds, String created,
        List<String> command, String hostname, String netMode, String netns, List<NetworkBackend.Attached> networks,
        List<MountSpec> mounts, Limits limits, boolean readOnly, boolean pidHost, boolean userns, boolean remove, boolean detached,
        String cgroupsPath, String phase) {
    public static final String CREATING = "creating";
    public static final String CREATED = "created";
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();

    public ContainerRecord {
        diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
        command = command == null ? List.of() : List.copyOf(command);
        networks = networks == null ? List.of() : List.copyOf(networks);
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        limits = limits == null ? Limits.none() : limits;
    }

    public String shortId() {
        return id.substring(0, 12);
    }

    ContainerRecord withPhase(String p) {
        return new ContainerRecord(id, name, image, imageId, diffIds, created, command, hostname, netMode, netns, networks, mounts, limits,
                readOnly, pidHost, userns, remove, detached, cgroupsPath, p);
    }

    ContainerRecord withNetworks(List<NetworkBackend.Attached> n) {
        return new ContainerRecord(id, name, image, imageId, diffIds, created, command, hostname, netMode, netns, n, mounts, limits,
                readOnly, pidHost, userns, remove, detached, cgroupsPath, phase);
    }

    String toJson() {
        return GSON.toJson(this);
    }

    static ContainerRecord fromJson(String json) {
        ContainerRecord r = GSON.fromJson(json, ContainerRecord.class);
        if (r == null || r.id() == null || !r.id().matches("[0-9a-f]{64}") || r.name() == null) {
            throw new IllegalArgumentException("not a container record");
        }
        return r;
    }
}
