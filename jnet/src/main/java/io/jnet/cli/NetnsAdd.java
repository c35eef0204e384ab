package io.jnet.cli;

import com.google.gson.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import io.jnet.runtime.Privileges;

/** {@code jnet netns add NAME}. */
@Command(name = "add", mixinStandardHelpOptions = true, description = "Create a named network namespace (loopback up).",
        footerHeading = "%nExample:%n", footer = "  jnet netns add red")
final class NetnsAdd extends JnetCommand {
    @Parameters(paramLabel = "NAME", description = "Namespace name.")
    String name;

    @Override
    int run() {
        Privileges.require("jnet netns add");
        jnet().namespaces().add(name);
        if (json()) {
            JsonObject o = new JsonObject();
            o.addProperty("name", name);
            o.addProperty("path", jnet().namespaces().path(name).toString());
            printJson(o);
        } else {
            out().println("created namespace " + name + " (" + jnet().namespaces().path(name) + ")");
        }
        return 0;
    }
}
