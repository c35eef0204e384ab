package io.jnet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jnet lab [up|down]}: without a subcommand, {@code up}. */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = "The red/blue lab: two namespaces on the default network, blue's port 80 published on host port 8080,"
                + " an HTTP responder in blue, and proofs that it all works.",
        subcommands = {LabUp.class, LabDown.class},
        footerHeading = "%nExamples:%n", footer = {"  jnet lab up", "  jnet netns exec red -- ping -c1 172.17.0.3", "  jnet lab down"})
final class LabCommand extends JnetCommand {
    @Mixin
    LabUp.Options options = new LabUp.Options();

    @Mixin
    ExplainOption explain = new ExplainOption();

    @Override
    int run() {
        return LabUp.run(this, options);
    }
}
