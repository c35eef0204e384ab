package io.jnet.cli;

import io.jnet.runtime.Privileges;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jnet exec [-e K=V] [-w DIR] [-u USER] CONTAINER CMD...}: runc exec, exiting with the command's status. */
@Command(name = "exec", mixinStandardHelpOptions = true, modelTransformer = ContainerCommand.StopAtPositional.class,
        description = "Run a command in a running container: its namespaces, cgroup, root and user; jnet exits with the command's status.",
        footerHeading = "%nExamples:%n", footer = {"  jnet exec web ps", "  jnet exec web cat /proc/1/cgroup", "  jnet exec -u 65534 web id"})
final class ExecCommand extends ContainerCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Name or ID.")
    String container;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "Command and arguments.")
    List<String> command = new ArrayList<>();

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "Extra environment variable.")
    List<String> env = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory.")
    String workdir;

    @Option(names = {"-u", "--user"}, paramLabel = "UID[:GID]", description = "User (numbers) to run as.")
    String user;

    @Override
    int runContainers() {
        Privileges.require("jnet exec");
        out().flush();
        return containers().exec(container, env, workdir, user, command);
    }
}
