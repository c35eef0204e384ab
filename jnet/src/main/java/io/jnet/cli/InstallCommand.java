package io.jnet.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jnet.runtime.Installer;
import io.jnet.runtime.JnetException;
import io.jnet.runtime.Settings;
import io.jnet.runtime.SystemdUnits;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jnet install [--dir DIR]}: puts jnet's plugins where container runtimes look for them. */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = {"Install jnet's plugins (bridge, host-local, portmap) where a runtime looks for them.",
                "Copies the launchers and jars to DIR/.jnet and links DIR/bridge, DIR/host-local, DIR/portmap to them;",
                "--systemd adds socket-activation units that keep the engine behind them always on."},
        footerHeading = "%nExamples:%n", footer = {"  jnet install", "  jnet install --dir /usr/libexec/cni --force", "  jnet install --systemd"})
final class InstallCommand extends JnetCommand {
    @Option(names = "--dir", paramLabel = "DIR", description = "Target directory (default: /opt/cni/bin).")
    Path dir = Settings.SYSTEM_PLUGIN_DIR;

    @Option(names = "--from", paramLabel = "DIR", description = "jnet's dist directory, holding cni/ and lib/ (default: the one of this jnet).")
    Path from;

    @Option(names = "--force", description = "Replace plugins of the same name that jnet did not install (e.g. the reference ones).")
    boolean force;

    @Option(names = "--systemd", description = "Also write socket-activation units for the engine (then: systemctl enable --now jnet-engine.socket).")
    boolean systemd;

    @Option(names = "--systemd-dir", paramLabel = "DIR", description = "Where --systemd writes the units (default: /etc/systemd/system).")
    Path systemdDir = SystemdUnits.DEFAULT_DIR;

    @Override
    int run() {
        Path source = from != null ? from : Settings.home().orElseThrow(() ->
                JnetException.usage("cannot tell where jnet's plugins are", "run dist/bin/jnet, or give --from DIST_DIR"));
        Installer installer = new Installer(source, dir);
        List<Path> installed = installer.install(force);
        List<Path> units = systemd ? SystemdUnits.write(installer.installedHome(),
                io.jnet.context.CallContext.current().absolute(systemdDir)) : List.of();
        if (json()) {
            JsonArray a = new JsonArray();
            for (Path p : installed) {
                JsonObject o = new JsonObject();
                o.addProperty("plugin", p.getFileName().toString());
                o.addProperty("path", p.toString());
                o.addProperty("runs", installer.installedLauncher(p.getFileName().toString()).toString());
                a.add(o);
            }
            units.forEach(u -> {
                JsonObject o = new JsonObject();
                o.addProperty("unit", u.toString());
                a.add(o);
            });
            printJson(a);
        } else {
            Table t = new Table("PLUGIN", "INSTALLED AS", "RUNS");
            installed.forEach(p -> t.row(p.getFileName(), p, installer.installedLauncher(p.getFileName().toString())));
            t.print(out());
            if (!units.isEmpty()) {
                out().println("systemd units: " + String.join(", ", units.stream().map(Path::toString).toList())
                        + " (enable with: systemctl daemon-reload && systemctl enable --now jnet-engine.socket)");
            }
        }
        return 0;
    }
}
