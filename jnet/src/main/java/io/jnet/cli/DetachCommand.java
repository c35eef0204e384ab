package io.jnet.cli;

import com.google.gson.JsonArray;
import io.jnet.runtime.AttachmentView;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import io.jnet.runtime.Privileges;

/** {@code jnet detach NETNS [--net NAME] [--ifname IF]}. */
@Command(name = "detach", mixinStandardHelpOptions = true,
        description = "Detach a namespace (CNI DEL through the plugins): its interface, address, NAT and port rules go.",
        footerHeading = "%nExamples:%n", footer = {"  jnet detach red              every network red is attached to",
                "  jnet detach web --net web --ifname eth1"})
final class DetachCommand extends JnetCommand {
    @Mixin
    ExplainOption explain = new ExplainOption();

    @Parameters(paramLabel = "NETNS", description = "Namespace name or path (it may already be gone).")
    String netns;

    @Option(names = "--net", paramLabel = "NAME", description = "Only this network (default: all of the namespace's).")
    String net;

    @Option(names = "--ifname", paramLabel = "IF", description = "Only this interface.")
    String ifname;

    @Override
    int run() {
        Privileges.require("jnet detach");
        List<AttachmentView> done = jnet().attachments().detach(netns, net, ifname);
        if (json()) {
            JsonArray a = new JsonArray();
            done.forEach(x -> a.add(x.toJson()));
            printJson(a);
        } else {
            for (AttachmentView a : done) {
                out().println("detached " + a.netns() + " from " + a.network() + " (" + a.ifname()
                        + (a.addresses().isEmpty() ? "" : " " + String.join(",", a.addresses())) + ")");
            }
        }
        return 0;
    }
}
