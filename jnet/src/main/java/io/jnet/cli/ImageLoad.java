package io.jnet.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jnet.containers.image.ImageRef;
import io.jnet.containers.image.ImageStore;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jnet image load FILE [--name NAME[:TAG]]}. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load images from a docker-archive (docker save, podman save) or an OCI archive (skopeo copy ... oci-archive:), "
                + "gzipped or not. Every layer is checked against its digest; layers the store has already are not unpacked again.",
        footerHeading = "%nExamples:%n", footer = {"  jnet image load busybox.tar", "  jnet image load app-oci.tar --name localhost/app:1"})
final class ImageLoad extends ContainerCommand {
    @Parameters(paramLabel = "FILE", description = "The archive.")
    Path file;

    @Option(names = "--name", paramLabel = "NAME[:TAG]", description = "Name the image (the archive must hold one); else the archive's names.")
    String name;

    @Override
    int runContainers() {
        ImageRef ref = name == null ? null : ImageRef.parse(name);
        io.jnet.runtime.Privileges.require("jnet image load");
        JsonArray arr = new JsonArray();
        for (ImageStore.Loaded l : containers().images().load(file, ref)) {
            JsonObject o = ImageLs.json(l.image(), containers().images());
            o.addProperty("layersUnpacked", l.layersUnpacked());
            o.addProperty("layersShared", l.layersShared());
            arr.add(o);
            if (!json()) {
                out().println("loaded " + l.image().displayName() + " (" + l.image().shortId() + "): " + l.layersUnpacked() + " layer(s) unpacked, "
                        + l.layersShared() + " already in the store");
            }
        }
        if (json()) {
            printJson(arr);
        }
        return 0;
    }
}
