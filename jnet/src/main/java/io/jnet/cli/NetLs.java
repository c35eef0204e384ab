package io.jnet.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jnet.runtime.AttachmentView;
import io.jnet.runtime.NetworkInfo;
import io.jnet.runtime.Networks;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code jnet net ls}. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List the networks in the config dir.",
        footerHeading = "%nExamples:%n", footer = {"  jnet net ls", "  jnet --json net ls"})
final class NetLs extends JnetCommand {
    @Override
    int run() {
        List<AttachmentView> attached = jnet().attachments().list();
        Table t = new Table("NAME", "BRIDGE", "SUBNETS", "GATEWAYS", "ATTACHED", "MODE", "CNI");
        JsonArray arr = new JsonArray();
        for (Networks.Loaded l : jnet().networks().all()) {
            NetworkInfo i = l.info();
            long n = attached.stream().filter(a -> a.network().equals(i.name())).count();
            t.row(i.name(), i.bridge(), String.join(",", i.subnets()), String.join(",", i.gateways()), n, NetInspect.mode(i), i.cniVersion());
            JsonObject o = i.toJson();
            o.addProperty("attachments", n);
            arr.add(o);
        }
        if (json()) {
            printJson(arr);
        } else {
            t.print(out());
        }
        return 0;
    }
}
