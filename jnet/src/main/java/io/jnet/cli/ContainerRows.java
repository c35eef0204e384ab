package io.jnet.cli;

import com.google.gson.JsonArray;
import io.jnet.containers.ContainerSettings;
import io.jnet.containers.ContainerView;
import io.jnet.containers.Containers;
import io.jnet.context.CallContext;
import io.jnet.runtime.ContainerNetworks;
import io.jnet.runtime.Jnet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** The containers' part of {@code jnet ps} and {@code jnet gc}, for commands that are not container commands. */
final class ContainerRows {
    private ContainerRows() {}

    static Containers containers(Jnet jnet, Path dataDir) {
        return new Containers(ContainerSettings.resolve(dataDir, jnet.settings().stateDir(), CallContext.current().env()), new ContainerNetworks(jnet),
                CallContext.current().env());
    }

    /** The containers table, then an empty line; nothing when there are no containers. */
    static void print(PrintWriter out, List<ContainerView> all) {
        if (all.isEmpty()) {
            return;
        }
        Table t = new Table("CONTAINER", "IMAGE", "STATE", "PID", "NETWORKS", "ADDRESSES", "PORTS", "COMMAND");
        for (ContainerView v : all) {
            String cmd = String.join(" ", v.record().command());
            // a stopped container's addresses and ports are released: shown only while it runs
            t.row(v.name(), v.record().image(), v.stateText(), v.pid() == 0 ? "" : v.pid(), String.join(",", v.networks()),
                    v.running() ? String.join(",", v.addresses()) : "", v.running() ? String.join(",", v.ports()) : "",
                    cmd.length() > 40 ? cmd.substring(0, 37) + "..." : cmd);
        }
        t.print(out);
        out.println();
    }

    static void addJson(JsonArray arr, List<ContainerView> all) {
        all.forEach(v -> arr.add(v.toJson()));
    }
}
