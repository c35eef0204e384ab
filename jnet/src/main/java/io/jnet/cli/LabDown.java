package io.jnet.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jnet.runtime.Lab;
import java.util.List;
import picocli.CommandLine.Command;
import io.jnet.runtime.Privileges;

/** {@code jnet lab down}: removes the responder, the attachments, the namespaces and the lab's bridge. */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Remove the lab: responder, attachments (through the plugins), namespaces.",
        footerHeading = "%nExample:%n", footer = {"  jnet lab down"})
final class LabDown extends JnetCommand {
    @Override
    int run() {
        Privileges.require("jnet lab down");
        List<String> done = new Lab(jnet()).down();
        if (json()) {
            JsonObject o = new JsonObject();
            o.addProperty("wasUp", done != null);
            JsonArray a = new JsonArray();
            if (done != null) {
                done.forEach(a::add);
            }
            o.add("removed", a);
            printJson(o);
        } else if (done == null) {
            out().println("jnet lab: the lab is not up; nothing to remove");
        } else {
            out().println("jnet lab: down, nothing of it is left");
            done.forEach(d -> out().println("  - " + d));
        }
        return 0;
    }
}
