package io.jnet.cli;

import io.jnet.containers.ContainerRecord;
import io.jnet.runtime.Privileges;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jnet rm [-f] CONTAINER...}. */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = "Remove containers: runc's task and cgroup, the network attachments and namespace, the overlay mount and upper dir. "
                + "Named volumes stay.",
        footerHeading = "%nExamples:%n", footer = {"  jnet rm web", "  jnet rm -f web       kill it first if it runs"})
final class RmCommand extends ContainerCommand {
    @Parameters(paramLabel = "CONTAINER", arity = "1..*", description = "Names or IDs.")
    List<String> containers;

    @Option(names = {"-f", "--force"}, description = "Kill a running container first.")
    boolean force;

    @Override
    int runContainers() {
        Privileges.require("jnet rm");
        for (String c : containers) {
            ContainerRecord r = containers().remove(c, force);
            out().println(r.name());
        }
        return 0;
    }
}
