package io.jnet.cli;

import picocli.CommandLine.Command;

/** {@code jnet net}: networks (conflists of bridge + host-local + portmap). */
@Command(name = "net", aliases = "network", mixinStandardHelpOptions = true,
        description = "Networks: a bridge, an address range and port publishing, as a CNI conflist in the config dir.",
        subcommands = {NetCreate.class, NetLs.class, NetInspect.class, NetRm.class},
        footerHeading = "%nExamples:%n", footer = {"  jnet net create web --subnet 10.88.0.0/24", "  jnet net ls", "  jnet net rm web"})
final class NetCommand extends JnetCommand {
    @Override
    int run() {
        spec.commandLine().usage(out());
        return 0;
    }
}
