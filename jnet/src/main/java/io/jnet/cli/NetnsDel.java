package io.jnet.cli;

import io.jnet.runtime.AttachmentView;
import io.jnet.runtime.JnetException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import io.jnet.runtime.Privileges;

/** {@code jnet netns del NAME}: refused while the namespace is attached, unless forced. */
@Command(name = "del", aliases = "rm", mixinStandardHelpOptions = true, description = "Delete a named network namespace.",
        footerHeading = "%nExample:%n", footer = "  jnet detach red && jnet netns del red")
final class NetnsDel extends JnetCommand {
    @Parameters(paramLabel = "NAME", description = "Namespace name.")
    String name;

    @Option(names = "--force", description = "Delete even while attached (jnet gc then cleans the attachments up).")
    boolean force;

    @Override
    int run() {
        Privileges.require("jnet netns del");
        String path = jnet().namespaces().path(name).toString();
        List<AttachmentView> attached = jnet().attachments().list().stream().filter(a -> a.netnsPath().equals(path)).toList();
        if (!attached.isEmpty() && !force) {
            throw JnetException.conflict("namespace " + name + " is attached to " + attached.stream().map(AttachmentView::network).distinct().toList(),
                    "jnet detach " + name + " first (or --force, then jnet gc)");
        }
        jnet().namespaces().delete(name);
        if (json()) {
            com.google.gson.JsonObject o = new com.google.gson.JsonObject();
            o.addProperty("deleted", name);
            o.addProperty("path", path);
            printJson(o);
        } else {
            out().println("deleted namespace " + name);
        }
        return 0;
    }
}
