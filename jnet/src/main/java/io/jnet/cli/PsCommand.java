package io.jnet.cli;

import com.google.gson.JsonArray;
import io.jnet.containers.ContainerException;
import io.jnet.containers.ContainerView;
import io.jnet.runtime.AttachmentView;
import io.jnet.runtime.PortMapping;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code jnet ps}: the attachments, from the result cache (so other libcni runtimes' show too). */
@Command(name = "ps", mixinStandardHelpOptions = true, description = "List containers (name, image, state, pid, networks, ports), then attachments: namespace, network, interface, addresses, MAC, ports.",
        footerHeading = "%nExamples:%n", footer = {"  jnet ps", "  jnet ps --json"})
final class PsCommand extends JnetCommand {
    @Override
    int run() {
        List<AttachmentView> all = jnet().attachments().list();
        List<ContainerView> containers = containers();
        if (json()) {
            JsonArray a = new JsonArray();
            all.forEach(x -> a.add(x.toJson()));
            ContainerRows.addJson(a, containers);
            printJson(a);
            return 0;
        }
        ContainerRows.print(out(), containers);
        Table t = new Table("NETNS", "NETWORK", "IFNAME", "ADDRESSES", "MAC", "PORTS");
        for (AttachmentView a : all) {
            t.row(a.netns() + (a.netnsExists() ? "" : " (gone)"), a.network(), a.ifname(), String.join(",", a.addresses()), a.mac(),
                    PortMapping.describe(a.ports()));
        }
        t.print(out());
        return 0;
    }

    private List<ContainerView> containers() {
        try {
            return ContainerRows.containers(jnet(), global().dataDir).list();
        } catch (ContainerException e) {
            throw ContainerCommand.jnetError(e);
        }
    }
}
