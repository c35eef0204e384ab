package io.jnet.cli;

import com.google.gson.JsonArray;
import io.jnet.containers.ContainerView;
import io.jnet.runtime.Privileges;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jnet stop [-t SECONDS] CONTAINER...}. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop containers: SIGTERM, then SIGKILL after the timeout; their network, namespace and mount are released.",
        footerHeading = "%nExample:%n", footer = "  jnet stop -t 2 web")
final class StopCommand extends ContainerCommand {
    @Parameters(paramLabel = "CONTAINER", arity = "1..*", description = "Names or IDs.")
    List<String> containers;

    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", description = "Seconds to wait after SIGTERM (default 10).")
    int seconds = 10;

    @Override
    int runContainers() {
        Privileges.require("jnet stop");
        if (seconds < 0) {
            throw io.jnet.runtime.JnetException.usage("-t " + seconds + " is negative", "give the seconds to wait, e.g. -t 10");
        }
        JsonArray all = new JsonArray();
        for (String c : containers) {
            ContainerView v = containers().stop(c, seconds);
            all.add(v.toJson());
            if (!json()) {
                out().println(v.name() + " " + v.stateText());
            }
        }
        if (json()) {
            printJson(all);
        }
        return 0;
    }
}
