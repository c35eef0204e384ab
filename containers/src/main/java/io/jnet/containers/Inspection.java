package io.jnet.containers;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.containers.cgroup.CgroupStats;
import io.jnet.containers.fs.MountTable;
import io.jnet.containers.image.ImageStore;
import io.jnet.containers.spec.MountSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What {@code jnet inspect} shows of a container: every mechanism that makes it, with where to look at each. */
final class Inspection {
    private static final List<String> NAMESPACES = List.of("pid", "net", "ipc", "uts", "mnt", "user", "cgroup");

    private Inspection() {}

    static JsonObject of(ContainerRecord r, ContainerView v, ContainerPaths p, ImageStore images, ContainerSettings s, NetworkBackend net) {
        JsonObject o = v.toJson();
        o.remove("kind");
        o.addProperty("imageId", r.imageId());
        o.addProperty("hostname", r.hostname());
        o.addProperty("bundle", p.dir().toString());
        o.addProperty("runcRoot", s.runcRoot().toString());
        o.addProperty("logPath", p.log().toString());
        o.add("namespaces", namespaces(v.pid(), r));
        o.add("overlay", overlay(r, p, images));
        JsonObject cgroup = CgroupStats.host().read(r.cgroupsPath());
        JsonObject limits = new JsonObject();
        limits.addProperty("memoryBytes", r.limits().memoryBytes());
        limits.addProperty("cpuQuotaMicros", r.limits().cpuQuotaMicros());
        limits.addProperty("pids", r.limits().pids());
        cgroup.add("requested", limits);
        o.add("cgroup", cgroup);
        JsonObject network = new JsonObject();
        network.addProperty("mode", r.netMode());
        if (r.netns() != null) {
            network.addProperty("netns", r.netns());
            network.addProperty("netnsPath", net.namespacePath(r.netns()).toString());
        }
        network.add("attachments", ContainerRecord.GSON.toJsonTree(r.networks()));
        o.add("network", network);
        JsonArray mounts = new JsonArray();
        for (MountSpec m : r.mounts()) {
            JsonObject mo = new JsonObject();
            mo.addProperty("destination", m.destination());
            mo.addProperty("source", m.volume() ? s.volumesDir().resolve(m.source()).resolve("_data").toString() : m.source());
            if (m.volume()) {
                mo.addProperty("volume", m.source());
            }
            mo.addProperty("readOnly", m.readOnly());
            mounts.add(mo);
        }
        o.add("mounts", mounts);
        try {
            o.add("spec", JsonParser.parseString(Files.readString(p.spec())));
        } catch (IOException | RuntimeException e) {
            o.addProperty("spec", "(not written)");
        }
        return o;
    }

    /** The container's namespaces next to jnet's own: a different inode is a namespace of its own. */
    private static JsonObject namespaces(long pid, ContainerRecord r) {
        JsonObject o = new JsonObject();
        for (String ns : NAMESPACES) {
            JsonObject n = new JsonObject();
            if (pid > 0) {
                n.addProperty("container", link(Path.of("/proc", Long.toString(pid), "ns", ns)));
                n.addProperty("path", "/proc/" + pid + "/ns/" + ns);
            }
            n.addProperty("host", link(Path.of("/proc/self/ns", ns)));
            o.add(ns, n);
        }
        return o;
    }

    private static JsonObject overlay(ContainerRecord r, ContainerPaths p, ImageStore images) {
        JsonObject o = new JsonObject();
        JsonArray lower = new JsonArray();
        for (int i = r.diffIds().size() - 1; i >= 0; i--) {
            lower.add(images.layerDir(r.diffIds().get(i)).toString());
        }
        o.add("lowerdir", lower);
        o.addProperty("upperdir", p.upper().toString());
        o.addProperty("workdir", p.work().toString());
        o.addProperty("merged", p.rootfs().toString());
        o.addProperty("mounted", MountTable.isMountPoint(p.rootfs()));
        return o;
    }

    private static String link(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
            return "";
        }
    }
}
