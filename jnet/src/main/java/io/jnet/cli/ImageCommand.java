package io.jnet.cli;

import picocli.CommandLine.Command;

/** {@code jnet image}: the image store (offline: archives and root file systems, no registry). */
@Command(name = "image", aliases = "images", mixinStandardHelpOptions = true,
        description = "Images: layers unpacked once into a store keyed by digest and shared between images.",
        subcommands = {ImageLoad.class, ImageImport.class, ImageLs.class, ImageInspect.class, ImageRm.class},
        footerHeading = "%nExamples:%n", footer = {"  docker save busybox -o busybox.tar && jnet image load busybox.tar",
                "  jnet image import rootfs.tar localhost/mybox", "  jnet image ls", "  jnet image rm busybox"})
final class ImageCommand extends JnetCommand {
    @Override
    int run() {
        spec.commandLine().usage(out());
        return 0;
    }
}
