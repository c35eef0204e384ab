package io.jnet.cli;

import com.google.gson.JsonObject;
import io.jnet.runtime.Lab;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code jnet lab down}: removes the responder, the attachments, the namespaces and the lab's bridge. */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Remove the lab: responder, attachments (through the plugins), namespaces.")
final class LabDown extends JnetCommand {
    @Override
    int run() {
        List<String> result = new Lab(jnet()).down();
        boolean wasUp = result != null;
        if (json()) {
            JsonObject o = new JsonObject();
            o.addProperty("removed", wasUp);
            printJson(o);
        } else {
            out().println(wasUp ? "jnet lab: removed the HTTP responder, red's and blue's attachments and the namespaces red and blue"
                    : "jnet lab: the lab is not up; nothing to remove");
        }
        return 0;
    }
}
