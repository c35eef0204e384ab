package io.jnet.cli;

import picocli.CommandLine.Command;

/** {@code jnet netns}: named network namespaces, shared with {@code ip netns}. */
@Command(name = "netns", mixinStandardHelpOptions = true, description = "Named network namespaces (the same ones ip netns sees).",
        subcommands = {NetnsAdd.class, NetnsDel.class, NetnsLs.class, NetnsExec.class},
        footerHeading = "%nExamples:%n", footer = {"  jnet netns add red", "  jnet netns exec red -- ip addr", "  jnet netns del red", "",
                "A named namespace is a bind mount under /run/netns. To run jnet with another namespace as its host, use",
                "nsenter --net=/run/netns/NAME jnet ..., not ip netns exec: that gives jnet a private mount namespace, and",
                "the namespaces it makes there vanish when it exits."})
final class NetnsCommand extends JnetCommand {
    @Override
    int run() {
        spec.commandLine().usage(out());
        return 0;
    }
}
