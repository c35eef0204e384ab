package io.jnet.cni.skel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jnet.cni.config.NetworkConfig;
import io.jnet.cni.result.Result;
import io.jnet.cni.result.ResultWriter;
import io.jnet.cni.spec.CniArg;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.CniVersion;
import io.jnet.cni.spec.JsonSupport;
import io.jnet.cni.spec.Validation;
import io.jnet.context.CallContext;
import io.jnet.explain.Binding;
import io.jnet.explain.Commands;
import io.jnet.explain.Explain;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The plugin side of the CNI protocol: reads CNI_* variables and stdin, answers VERSION, checks the
 * environment and the config's version, calls the {@link CniPlugin}, and prints the result (in the config's
 * version) or a CNI error. Stdout carries exactly one JSON document or nothing; logs go to stderr.
 */
public final class PluginMain {
    private PluginMain() {}

    /** Exit code after a failure (the reference exits 1). */
    public static final int EXIT_FAILURE = 1;

    /**
     * Entry point for a plugin's {@code main}: runs with the process's env and streams, then exits (a call hosted by
     * the engine runs with the call's, and returns its status through {@link CallContext#exit}). While the
     * plugin runs, {@code System.out} points at stderr so a stray print can never corrupt the JSON on stdout.
     */
    public static void main(CniPlugin plugin) {
        CallContext call = CallContext.current();
        if (call.isHosted()) {
            // Inside the engine: the call's own environment and streams, its status handed back, no exit;
            // the engine routes a stray System.out of this call to the call's stderr.
            call.exit(run(plugin, call.env(), call.stdin(), call.stdout(), call.stderr()));
            return;
        }
        PrintStream realOut = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.setOut(err);
        int code = run(plugin, System.getenv(), System.in, realOut, err);
        realOut.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs one plugin call with everything injected.
     *
     * @return the process exit code: 0 on success, {@link #EXIT_FAILURE} after printing an error
     */
    public static int run(CniPlugin plugin, Map<String, String> env, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        String errorVersion = CniVersion.CURRENT;
        try {
            if (env.getOrDefault("CNI_COMMAND", "").isEmpty() && plugin.about() != null) {
                // Someone ran the binary by hand: say what it is instead of failing.
                stderr.println(plugin.about());
                stderr.println("CNI protocol versions supported: " + String.join(", ", plugin.supportedVersions()));
                return 0;
            }
            CniCommand command = command(env);
            if (command == CniCommand.VERSION) {
                // json.Encoder style, as the reference prints it: compact with a newline.
                stdout.print(JsonSupport.compact(versionInfo(plugin.supportedVersions())) + "\n");
                stdout.flush();
                return 0;
            }
            byte[] input = readAll(stdin);
            NetworkConfig config = NetworkConfig.parse(input);
            if (CniVersion.isSupported(config.cniVersion())) {
                errorVersion = config.cniVersion();
            }
            CniRequest request = request(command, env, input, config, stderr);
            checkVersion(command, config.cniVersion(), plugin.supportedVersions());
            // JNET_EXPLAIN is read once per call; the sink is this call's, bound to the thread running it
            Explain sink = Explain.fromEnv(env);
            Binding explain = Explain.bind(sink.active() ? Explain.withHeading(sink, heading(request)) : sink);
            try {
                dispatch(plugin, request, stdout);
            } finally {
                explain.close();
            }
            return 0;
        } catch (CniException e) {
            printError(e, errorVersion, stdout);
            return EXIT_FAILURE;
        } catch (RuntimeException | Error e) {
            // A bug in the plugin still has to end in a well-formed error, with the trace on stderr only.
            e.printStackTrace(stderr);
            String msg = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            printError(new CniException(CniException.INTERNAL, msg, e.getClass().getName()), errorVersion, stdout);
            return EXIT_FAILURE;
        }
    }

    /** What the explanation of a call says before its first command: "bridge ADD red eth0 (network jnet)". */
    private static String heading(CniRequest r) {
        String who = r.command().isPerAttachment()
                ? " " + (r.netns().isEmpty() ? "-" : String.valueOf(Commands.where(java.nio.file.Path.of(r.netns())))) + " " + r.ifname()
                : "";
        return r.config().type() + " " + r.command().name() + who + " (network " + r.config().name() + ")";
    }

    /** The VERSION answer: {@code {"cniVersion":"1.1.0","supportedVersions":[...]}}. */
    public static JsonObject versionInfo(List<String> supported) {
        JsonObject o = new JsonObject();
        o.addProperty("cniVersion", CniVersion.CURRENT);
        JsonArray a = new JsonArray();
        supported.forEach(a::add);
        o.add("supportedVersions", a);
        return o;
    }

    private static CniCommand command(Map<String, String> env) throws CniException {
        String value = env.getOrDefault("CNI_COMMAND", "");
        if (value.isEmpty()) {
            throw missing(List.of("CNI_COMMAND"));
        }
        CniCommand command = CniCommand.fromEnv(value);
        if (command == null) {
            throw new CniException(CniException.INVALID_ENVIRONMENT_VARIABLES, "unknown CNI_COMMAND: " + value);
        }
        List<String> absent = new ArrayList<>();
        for (String name : command.requiredEnv()) {
            if (env.getOrDefault(name, "").isEmpty()) {
                absent.add(name);
            }
        }
        if (!absent.isEmpty()) {
            throw missing(absent);
        }
        return command;
    }

    private static CniException missing(List<String> names) {
        return new CniException(CniException.INVALID_ENVIRONMENT_VARIABLES,
                "required env variables [" + String.join(",", names) + "] missing", String.join(",", names));
    }

    private static byte[] readAll(InputStream in) throws CniException {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new CniException(CniException.IO_FAILURE, "error reading from stdin", e.getMessage(), e);
        }
    }

    private static CniRequest request(CniCommand command, Map<String, String> env, byte[] input, NetworkConfig config,
            PrintStream stderr) throws CniException {
        String name = config.name();
        if (name == null || name.isEmpty()) {
            throw new CniException(CniException.INVALID_NETWORK_CONFIG, "missing network name");
        }
        Validation.networkName(name);
        String containerId = env.getOrDefault("CNI_CONTAINERID", "");
        String ifname = env.getOrDefault("CNI_IFNAME", "");
        if (command.isPerAttachment()) {
            Validation.containerId(containerId);
            Validation.interfaceName(ifname);
        }
        List<CniArg> args = CniArg.parse(env.getOrDefault("CNI_ARGS", ""));
        return new CniRequest(command, containerId, env.getOrDefault("CNI_NETNS", ""), ifname, args,
                env.getOrDefault("CNI_PATH", ""), input, config, env, stderr);
    }

    private static void checkVersion(CniCommand command, String configVersion, List<String> supported) throws CniException {
        if (command.minVersion() != null && !CniVersion.atLeast(configVersion, command.minVersion())) {
            throw new CniException(CniException.INCOMPATIBLE_CNI_VERSION, "config version does not allow " + command.name(),
                    CniVersion.incompatibleDetails(configVersion, supported));
        }
        if (!supported.contains(configVersion)) {
            throw new CniException(CniException.INCOMPATIBLE_CNI_VERSION, "incompatible CNI versions",
                    CniVersion.incompatibleDetails(configVersion, supported));
        }
    }

    private static void dispatch(CniPlugin plugin, CniRequest request, PrintStream stdout) throws CniException {
        switch (request.command()) {
            case ADD:
                Result result = plugin.add(request);
                if (result == null) {
                    throw new CniException(CniException.INTERNAL, "plugin returned no result for ADD");
                }
                // Convert before printing anything, so a failed conversion still prints only the error.
                // Like the reference: indented, no trailing newline.
                stdout.print(JsonSupport.pretty(ResultWriter.toJson(result, request.cniVersion())));
                stdout.flush();
                break;
            case DEL:
                plugin.del(request);
                break;
            case CHECK:
                plugin.check(request);
                break;
            case GC:
                plugin.gc(request);
                break;
            case STATUS:
                plugin.status(request);
                break;
            default:
                throw new IllegalStateException("VERSION is answered before dispatch");
        }
    }

    private static void printError(CniException e, String cniVersion, PrintStream stdout) {
        stdout.print(JsonSupport.pretty(e.toJson(cniVersion)));
        stdout.flush();
    }
}
