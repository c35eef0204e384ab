package io.jnet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jnet inspect CONTAINER}: JSON, always. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a container as JSON: state, namespaces (next to the host's), overlay dirs, cgroup limits and usage, "
                + "network attachments, mounts, and the OCI spec runc got.",
        footerHeading = "%nExample:%n", footer = "  jnet inspect web")
final class InspectCommand extends ContainerCommand {
    @Parameters(paramLabel = "CONTAINER", description = "Name or ID.")
    String container;

    @Override
    int runContainers() {
        printJson(containers().inspect(container));
        return 0;
    }
}
