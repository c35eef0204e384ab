package io.jnet.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jnet.runtime.Attachments;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jnet check NETNS [--net NAME]}: exits 1 when any attachment is broken. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check a namespace's attachments are intact (CNI CHECK through the plugins).",
        footerHeading = "%nExample:%n", footer = "  jnet check red && echo intact")
final class CheckCommand extends JnetCommand {
    @Parameters(paramLabel = "NETNS", description = "Namespace name or path.")
    String netns;

    @Option(names = "--net", paramLabel = "NAME", description = "Only this network (default: all of the namespace's).")
    String net;

    @Option(names = "--ifname", paramLabel = "IF", description = "Only this interface.")
    String ifname;

    @Override
    int run() {
        List<Attachments.CheckResult> results = jnet().attachments().check(netns, net, ifname);
        boolean ok = results.stream().allMatch(Attachments.CheckResult::ok);
        if (json()) {
            JsonArray a = new JsonArray();
            for (Attachments.CheckResult r : results) {
                JsonObject o = r.attachment().toJson();
                o.addProperty("ok", r.ok());
                o.addProperty("problem", r.problem());
                a.add(o);
            }
            printJson(a);
        } else {
            Table t = new Table("NETNS", "NETWORK", "IFNAME", "CHECK");
            results.forEach(r -> t.row(r.attachment().netns(), r.attachment().network(), r.attachment().ifname(), r.ok() ? "ok" : "FAILED: " + r.problem()));
            t.print(out());
        }
        return ok ? 0 : 1;
    }
}
