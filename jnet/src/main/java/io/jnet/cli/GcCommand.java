package io.jnet.cli;

import com.google.gson.JsonArray;
import io.jnet.runtime.AttachmentView;
import java.util.List;
import picocli.CommandLine.Command;
import io.jnet.runtime.Privileges;

/** {@code jnet gc}: removes the state of attachments whose namespace no longer exists. */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = "Remove the state (addresses, NAT and port rules, cache) of attachments whose namespace is gone, "
                + "undo attaches that were killed before they finished, and clean up containers whose jnet run died.",
        footerHeading = "%nExample:%n", footer = {"  ip netns del red && jnet gc    # red's address, rules and cache entry go"})
final class GcCommand extends JnetCommand {
    @Override
    int run() {
        Privileges.require("jnet gc");
        List<String> containers = gcContainers(); // first: their namespaces go, so the attachments' gc below DELs them
        List<AttachmentView> removed = jnet().attachments().gc();
        if (json()) {
            JsonArray a = new JsonArray();
            removed.forEach(x -> a.add(x.toJson()));
            containers.forEach(line -> {
                com.google.gson.JsonObject o = new com.google.gson.JsonObject();
                o.addProperty("container", line);
                a.add(o);
            });
            printJson(a);
        } else if (removed.isEmpty() && containers.isEmpty()) {
            out().println("nothing to collect: every attachment's namespace exists");
        } else {
            containers.forEach(out()::println);
            for (AttachmentView a : removed) {
                String what = a.addresses().isEmpty() ? a.ifname() + ", an attach that never finished" : a.ifname() + " " + String.join(",", a.addresses());
                out().println("removed " + a.netns() + " from " + a.network() + " (" + what + ")");
            }
        }
        return 0;
    }

    private List<String> gcContainers() {
        try {
            return ContainerRows.containers(jnet(), global().dataDir).gc();
        } catch (io.jnet.containers.ContainerException e) {
            throw ContainerCommand.jnetError(e);
        }
    }
}
