package io.jnet.cli;

import com.google.gson.JsonObject;
import io.jnet.context.CallContext;
import io.jnet.engine.EngineClient;
import io.jnet.runtime.JnetException;
import io.jnet.runtime.Settings;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code jnet engine}: the resident engine that serves plugin and CLI calls (see README, "The engine"). */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = {"The resident engine: one JVM serving the plugins' and the CLI's calls, started on demand by them.",
                "Its directory (socket, pid, log): JNET_ENGINE_DIR, else /run/jnet. JNET_ENGINE=off bypasses it."},
        subcommands = {EngineCommand.Start.class, EngineCommand.Stop.class, EngineCommand.Status.class},
        footerHeading = "%nExamples:%n", footer = {"  jnet engine status", "  jnet engine stop", "  JNET_ENGINE=off jnet ps"})
final class EngineCommand extends JnetCommand {
    @Override
    int run() {
        spec.commandLine().usage(out());
        return 0;
    }

    static Path dir() {
        return EngineClient.dir(CallContext.current().env(), Settings.home().orElse(null));
    }

    /** What the three subcommands share (no @Command here: picocli would hand it down to them). */
    abstract static class Sub extends JnetCommand {
        void print(JsonObject status) {
        if (json()) {
            printJson(status);
            return;
        }
        Table t = new Table("PID", "VERSION", "UPTIME", "CALLS", "IN FLIGHT", "RSS", "SOCKET");
        t.row(status.get("pid").getAsLong(), status.get("version").getAsString(), status.get("uptimeSeconds").getAsLong() + " s",
                status.get("callsServed").getAsLong(), status.get("callsInFlight").getAsLong(),
                status.get("rssKiB").getAsLong() / 1024 + " MiB", status.get("socket").getAsString());
        t.print(out());
        }
    }

    private static JnetException notRunning(Path dir) {
        return JnetException.notFound("no jnet engine answers at " + dir.resolve("engine.sock"),
                "jnet engine start starts one; any plugin or CLI call through dist/ starts one too");
    }

    /** {@code jnet engine status [--json]}: pid, version, uptime, calls served, RSS. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the engine: pid, version, uptime, calls, RSS.")
    static final class Status extends Sub {
        @Override
        int run() {
            Path dir = dir();
            print(EngineClient.status(dir).orElseThrow(() -> notRunning(dir)));
            return 0;
        }
    }

    /** {@code jnet engine stop}: the engine finishes the calls in flight and exits. */
    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the engine once its calls in flight are done.")
    static final class Stop extends Sub {
        @Override
        int run() {
            Path dir = dir();
            Map<String, String> env = CallContext.current().env();
            JsonObject last;
            try {
                last = EngineClient.stop(dir).orElse(null);
            } catch (IllegalStateException refused) {
                throw new JnetException(JnetException.Kind.PERMISSION, refused.getMessage(), "run as root");
            }
            if (last == null) {
                out().println("no jnet engine was running at " + dir + (env.containsKey("JNET_ENGINE_DIR") ? "" : " (JNET_ENGINE_DIR picks another)"));
                return 0;
            }
            if (json()) {
                printJson(last);
            } else {
                out().println("stopping the jnet engine, pid " + last.get("pid").getAsLong() + " (" + last.get("callsServed").getAsLong()
                        + " calls served)");
            }
            return 0;
        }
    }

    /** {@code jnet engine start}: starts one (detached) unless one answers already. */
    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the engine now (calls start it when needed anyway).")
    static final class Start extends Sub {
        @Override
        int run() {
            Path dir = dir();
            JsonObject status = EngineClient.status(dir).orElse(null);
            if (status == null) {
                Path home = Settings.home().orElseThrow(() -> JnetException.usage("cannot tell which dist to start the engine of",
                        "run dist/bin/jnet engine start"));
                status = EngineClient.start(home, dir, CallContext.current().env(), 20_000).orElseThrow(() -> JnetException.failed(
                        "the jnet engine did not answer within 20 s", "see " + dir.resolve("engine.log"), null));
            }
            print(status);
            return 0;
        }
    }
}
