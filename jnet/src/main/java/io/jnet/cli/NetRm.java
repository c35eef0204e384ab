package io.jnet.cli;

import io.jnet.runtime.AttachmentView;
import io.jnet.runtime.JnetException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jnet net rm NAME}: refused while anything is attached. */
@Command(name = "rm", aliases = {"del", "remove"}, mixinStandardHelpOptions = true, description = "Remove a network (refused while attached).",
        footerHeading = "%nExample:%n", footer = {"  jnet detach web --net web && jnet net rm web"})
final class NetRm extends JnetCommand {
    @Parameters(paramLabel = "NAME", description = "Network name.")
    String name;

    @Override
    int run() {
        jnet().networks().find(name).orElseThrow(() ->
                JnetException.notFound("network " + name + " does not exist", "jnet net ls lists the networks"));
        List<AttachmentView> attached = jnet().attachments().of(name);
        if (!attached.isEmpty()) {
            String who = String.join(", ", attached.stream().map(AttachmentView::netns).toList());
            throw JnetException.conflict("network " + name + " is in use by " + who,
                    "detach them first: jnet detach " + attached.get(0).netns() + " --net " + name);
        }
        Path file = jnet().networks().remove(name);
        if (json()) {
            com.google.gson.JsonObject o = new com.google.gson.JsonObject();
            o.addProperty("removed", name);
            o.addProperty("file", file.toString());
            printJson(o);
        } else {
            out().println("removed network " + name + " (" + file + ")");
        }
        return 0;
    }
}
