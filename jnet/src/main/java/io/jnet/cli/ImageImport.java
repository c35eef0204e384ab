package io.jnet.cli;

import io.jnet.containers.image.ImageRef;
import io.jnet.containers.image.ImageStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jnet image import ROOTFS NAME}. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Make a one-layer image from a root file system: a tar (gzipped or not) or a directory.",
        footerHeading = "%nExamples:%n", footer = {"  jnet image import rootfs.tar localhost/mybox",
                "  jnet image import ./rootfs mybox:1 --cmd /bin/sh --env PATH=/bin"})
final class ImageImport extends ContainerCommand {
    @Parameters(index = "0", paramLabel = "ROOTFS", description = "Tar file or directory.")
    Path source;

    @Parameters(index = "1", paramLabel = "NAME[:TAG]", description = "The image's name.")
    String name;

    @Option(names = "--cmd", paramLabel = "ARG", description = "The default command, one argument per --cmd (default: /bin/sh).")
    List<String> cmd = new ArrayList<>();

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "Environment of the image (default: a standard PATH).")
    List<String> env = new ArrayList<>();

    @Option(names = "--workdir", paramLabel = "DIR", description = "Working directory of the image.")
    String workdir = "";

    @Override
    int runContainers() {
        ImageRef ref = ImageRef.parse(name);
        io.jnet.runtime.Privileges.require("jnet image import");
        List<String> command = cmd.isEmpty() ? List.of("/bin/sh") : cmd;
        List<String> environment = env.isEmpty() ? List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin") : env;
        ImageStore.Loaded l = containers().images().importRootfs(source, ref, command, environment, workdir);
        if (json()) {
            printJson(ImageLs.json(l.image(), containers().images()));
        } else {
            out().println("imported " + l.image().displayName() + " (" + l.image().shortId() + ")" + (l.layersShared() > 0 ? ", its layer was in the store already" : ""));
        }
        return 0;
    }
}
