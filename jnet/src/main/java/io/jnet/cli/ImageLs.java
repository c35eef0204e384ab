package io.jnet.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jnet.containers.image.Image;
import io.jnet.containers.image.ImageRef;
import io.jnet.containers.image.ImageStore;
import picocli.CommandLine.Command;

/** {@code jnet image ls}. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List the images: names, ID, layers, size on disk.",
        footerHeading = "%nExample:%n", footer = "  jnet image ls")
final class ImageLs extends ContainerCommand {
    @Override
    int runContainers() {
        ImageStore store = containers().images();
        Table t = new Table("NAME", "TAG", "IMAGE ID", "LAYERS", "SIZE", "CREATED");
        JsonArray arr = new JsonArray();
        for (Image i : store.list()) {
            long size = i.config().diffIds().stream().mapToLong(store::layerSize).sum();
            if (i.tags().isEmpty()) {
                t.row("<none>", "<none>", i.shortId(), i.config().diffIds().size(), human(size), i.config().created());
            }
            for (ImageRef r : i.tags()) {
                t.row(r.name(), r.tag(), i.shortId(), i.config().diffIds().size(), human(size), i.config().created());
            }
            arr.add(json(i, store));
        }
        if (json()) {
            printJson(arr);
        } else {
            t.print(out());
        }
        return 0;
    }

    static JsonObject json(Image i, ImageStore store) {
        JsonObject o = new JsonObject();
        o.addProperty("id", i.id());
        JsonArray tags = new JsonArray();
        i.tags().forEach(t -> tags.add(t.toString()));
        o.add("tags", tags);
        JsonArray layers = new JsonArray();
        for (String d : i.config().diffIds()) {
            JsonObject l = new JsonObject();
            l.addProperty("diffId", d);
            l.addProperty("path", store.layerDir(d).toString());
            l.addProperty("size", store.layerSize(d));
            layers.add(l);
        }
        o.add("layers", layers);
        o.addProperty("created", i.config().created());
        o.addProperty("architecture", i.config().architecture());
        o.addProperty("os", i.config().os());
        JsonObject c = new JsonObject();
        c.add("Entrypoint", strings(i.config().entrypoint()));
        c.add("Cmd", strings(i.config().cmd()));
        c.add("Env", strings(i.config().env()));
        c.addProperty("WorkingDir", i.config().workingDir());
        c.addProperty("User", i.config().user());
        o.add("config", c);
        return o;
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static JsonArray strings(java.util.List<String> l) {
        JsonArray a = new JsonArray();
        l.forEach(a::add);
        return a;
    }
}
