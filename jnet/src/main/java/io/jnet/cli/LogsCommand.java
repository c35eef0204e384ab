package io.jnet.cli;

import io.jnet.containers.ContainerView;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jnet logs [-f] CONTAINER}: what a detached container wrote to stdout and stderr. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a detached container's output (stdout and stderr, as written).",
        footerHeading = "%nExamples:%n", footer = {"  jnet logs web", "  jnet logs -f web      follow until it stops"})
final class LogsCommand extends ContainerCommand {
    @Parameters(paramLabel = "CONTAINER", description = "Name or ID.")
    String container;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new output while the container runs.")
    boolean follow;

    @Override
    int runContainers() throws IOException, InterruptedException {
        Path log = containers().logFile(container);
        out().flush();
        PrintStream stdout = System.out;
        long offset = 0;
        while (true) {
            if (Files.exists(log)) {
                try (InputStream in = Files.newInputStream(log)) {
                    in.skipNBytes(Math.min(offset, Files.size(log)));
                    offset += in.transferTo(stdout);
                }
                stdout.flush();
            }
            if (!follow) {
                return 0;
            }
            ContainerView v = containers().view(container);
            if (!v.running()) {
                follow = false; // one last read for what it wrote before it stopped
            } else {
                Thread.sleep(200);
            }
        }
    }
}
