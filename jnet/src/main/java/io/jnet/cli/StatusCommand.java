package io.jnet.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jnet.runtime.Attachments;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jnet status [--net NAME]}: exits 1 when a network is not ready. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Can the networks take attachments? Plugins present and ready (CNI STATUS for 1.1.0 networks).",
        footerHeading = "%nExamples:%n", footer = {"  jnet status", "  jnet status --net web --json"})
final class StatusCommand extends JnetCommand {
    @Option(names = "--net", paramLabel = "NAME", description = "Only this network.")
    String net;

    @Override
    int run() {
        List<Attachments.StatusResult> results = jnet().attachments().status(net);
        if (json()) {
            JsonArray a = new JsonArray();
            for (Attachments.StatusResult r : results) {
                JsonObject o = new JsonObject();
                o.addProperty("network", r.network().name());
                o.addProperty("ready", r.ready());
                o.addProperty("problem", r.problem());
                o.addProperty("attachments", r.attachments());
                a.add(o);
            }
            printJson(a);
        } else {
            out().println("config dir " + global().settings().configDir() + ", plugins in "
                    + String.join(":", global().settings().cniPath().stream().map(Object::toString).toList()));
            Table t = new Table("NETWORK", "PLUGINS", "ATTACHED", "STATUS");
            results.forEach(r -> t.row(r.network().name(), String.join(",", r.network().plugins()), r.attachments(),
                    r.ready() ? "ready" : "NOT READY: " + r.problem()));
            t.print(out());
        }
        return results.stream().allMatch(Attachments.StatusResult::ready) ? 0 : 1;
    }
}
