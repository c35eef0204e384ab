package io.jnet.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jnet image rm [-f] IMAGE...}. */
@Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true,
        description = "Remove images (a name of an image with several only loses its tag); layers no image lists any more are deleted.",
        footerHeading = "%nExample:%n", footer = "  jnet image rm busybox")
final class ImageRm extends ContainerCommand {
    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Names or IDs.")
    List<String> images;

    @Option(names = {"-f", "--force"}, description = "Remove it even while a container uses it.")
    boolean force;

    @Override
    int runContainers() {
        io.jnet.runtime.Privileges.require("jnet image rm");
        for (String i : images) {
            containers().removeImage(i, force).forEach(out()::println);
        }
        return 0;
    }
}
