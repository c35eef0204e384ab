package io.jnet.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jnet container-shim ID}: the supervisor of a detached container, started by {@code jnet run -d}. It
 * tells its parent on stdout that the container started, then waits for the container.
 */
@Command(name = "container-shim", hidden = true, description = "Supervise a detached container (started by jnet run -d).")
final class ContainerShimCommand extends ContainerCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    int runContainers() {
        PrintStream announce = new PrintStream(new FileOutputStream(FileDescriptor.out), true, java.nio.charset.StandardCharsets.UTF_8);
        System.setOut(System.err); // the pipe to the parent carries the announcement and nothing else
        return containers().supervise(id, announce);
    }
}
