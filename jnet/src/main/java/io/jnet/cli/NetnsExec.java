package io.jnet.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jnet netns exec NAME -- CMD [ARGS...]}: exits with the command's status. */
@Command(name = "exec", mixinStandardHelpOptions = true, description = {"Run a command inside a namespace and exit with its status.",
        "Only the network namespace changes, unless the namespace has /etc/netns/NAME/resolv.conf (it is on a network with",
        "DNS): then it runs through ip netns exec, which mounts that file over /etc/resolv.conf so names resolve."},
        footerHeading = "%nExamples:%n", footer = {"  jnet netns exec red -- ip addr", "  jnet netns exec red -- ping -c1 172.17.0.3",
                "  jnet netns exec red -- ping -c1 blue       (on a network with DNS)"})
final class NetnsExec extends JnetCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Namespace name (or a path such as /proc/PID/ns/net).")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "The command and its arguments (after --).")
    List<String> command;

    @Override
    int run() {
        out().flush();
        return jnet().namespaces().exec(name, command);
    }
}
