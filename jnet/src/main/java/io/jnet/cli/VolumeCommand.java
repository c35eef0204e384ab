package io.jnet.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jnet.containers.Volumes;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jnet volume ls|rm}: named volumes, made by {@code jnet run -v NAME:/path}. */
@Command(name = "volume", aliases = "volumes", mixinStandardHelpOptions = true,
        description = "Named volumes: directories under the data dir that outlive the containers mounting them.",
        subcommands = {VolumeCommand.Ls.class, VolumeCommand.Rm.class},
        footerHeading = "%nExamples:%n", footer = {"  jnet run --rm -v data:/data busybox sh -c 'date > /data/when'", "  jnet volume ls", "  jnet volume rm data"})
final class VolumeCommand extends JnetCommand {
    @Override
    int run() {
        spec.commandLine().usage(out());
        return 0;
    }

    @Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List the volumes and who uses them.")
    static final class Ls extends ContainerCommand {
        @Override
        int runContainers() {
            Table t = new Table("NAME", "PATH", "USED BY");
            JsonArray arr = new JsonArray();
            for (Volumes.Volume v : containers().volumes()) {
                t.row(v.name(), v.path(), String.join(",", v.usedBy()));
                JsonObject o = new JsonObject();
                o.addProperty("name", v.name());
                o.addProperty("path", v.path().toString());
                JsonArray used = new JsonArray();
                v.usedBy().forEach(used::add);
                o.add("usedBy", used);
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

    @Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true, description = "Remove volumes and their data (refused while a container uses one).")
    static final class Rm extends ContainerCommand {
        @Parameters(paramLabel = "NAME", arity = "1..*")
        List<String> names;

        @Override
        int runContainers() {
            io.jnet.runtime.Privileges.require("jnet volume rm");
            for (String n : names) {
                containers().removeVolume(n);
                out().println(n);
            }
            return 0;
        }
    }
}
