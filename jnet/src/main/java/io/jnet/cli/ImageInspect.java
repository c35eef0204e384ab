package io.jnet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jnet image inspect IMAGE}: JSON, always. */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show an image as JSON: ID, names, config, and each layer's directory in the store.",
        footerHeading = "%nExample:%n", footer = "  jnet image inspect busybox")
final class ImageInspect extends ContainerCommand {
    @Parameters(paramLabel = "IMAGE", description = "Name or ID.")
    String image;

    @Override
    int runContainers() {
        printJson(ImageLs.json(containers().images().get(image), containers().images()));
        return 0;
    }
}
