package io.jnet.cni.invoke;

import com.google.gson.JsonObject;
import io.jnet.cni.config.NetworkConfig;
import io.jnet.cni.result.Result;
import io.jnet.cni.result.ResultReader;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.skel.CniPlugin;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How a main plugin (bridge) calls its delegated plugin (IPAM): same environment as its own, CNI_COMMAND
 * replaced, the plugin found in the environment's CNI_PATH, the config bytes on stdin.
 */
public final class Delegation {
    /** Deadline for a delegated call when none is given; the runtime's own deadline bounds the whole call anyway. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private final PluginExecutor executor;
    private final InProcessPlugins inProcess;
    private final PrintStream stderrSink;

    /** Delegation through a specific executor (deadline, stderr sink). */
    public Delegation(PluginExecutor executor) {
        this(executor, InProcessPlugins.none(), System.err);
    }

    /**
     * Delegation that runs the given jnet plugins in this JVM when CNI_PATH resolves to their launchers
     * (saving a JVM start per call), and execs everything else.
     */
    public Delegation(PluginExecutor executor, InProcessPlugins inProcess, PrintStream stderrSink) {
        this.executor = executor;
        this.inProcess = inProcess;
        this.stderrSink = stderrSink;
    }

    /** Delegation with {@link #DEFAULT_TIMEOUT}, plugin stderr copied to {@code System.err}. */
    public static Delegation standard() {
        return new Delegation(new PluginExecutor(DEFAULT_TIMEOUT, System.err));
    }

    /** ADD to {@code type}; the result comes back in the 1.1.0 model whatever version the delegate printed. */
    public Result add(String type, byte[] config, Map<String, String> env) throws CniException {
        String version = configVersion(config);
        JsonObject raw = PluginExecutor.parseResult(run(type, config, env("ADD", env)), version);
        return ResultReader.parse(raw, version);
    }

    /** DEL to {@code type}. */
    public void del(String type, byte[] config, Map<String, String> env) throws CniException {
        run(type, config, env("DEL", env));
    }

    /** CHECK to {@code type}. */
    public void check(String type, byte[] config, Map<String, String> env) throws CniException {
        run(type, config, env("CHECK", env));
    }

    /** GC to {@code type}. */
    public void gc(String type, byte[] config, Map<String, String> env) throws CniException {
        run(type, config, env("GC", env));
    }

    /** STATUS to {@code type}. */
    public void status(String type, byte[] config, Map<String, String> env) throws CniException {
        run(type, config, env("STATUS", env));
    }

    /** {@link #add} with the standard delegation. */
    public static Result delegateAdd(String type, byte[] config, Map<String, String> env) throws CniException {
        return standard().add(type, config, env);
    }

    /** {@link #del} with the standard delegation. */
    public static void delegateDel(String type, byte[] config, Map<String, String> env) throws CniException {
        standard().del(type, config, env);
    }

    /** {@link #check} with the standard delegation. */
    public static void delegateCheck(String type, byte[] config, Map<String, String> env) throws CniException {
        standard().check(type, config, env);
    }

    /** {@link #gc} with the standard delegation. */
    public static void delegateGc(String type, byte[] config, Map<String, String> env) throws CniException {
        standard().gc(type, config, env);
    }

    /** {@link #status} with the standard delegation. */
    public static void delegateStatus(String type, byte[] config, Map<String, String> env) throws CniException {
        standard().status(type, config, env);
    }

    private byte[] run(String type, byte[] config, Map<String, String> env) throws CniException {
        Path plugin = locate(type, env);
        Optional<CniPlugin> local = inProcess.pluginFor(plugin, env);
        if (local.isPresent()) {
            return InProcessPlugins.run(local.get(), config, env, stderrSink);
        }
        return executor.exec(plugin, config, env);
    }

    private static Path locate(String type, Map<String, String> env) throws CniException {
        return PluginLocator.find(type, PluginLocator.splitPath(env.get("CNI_PATH")));
    }

    private static Map<String, String> env(String command, Map<String, String> parent) {
        Map<String, String> env = new HashMap<>(parent);
        env.put("CNI_COMMAND", command);
        return env;
    }

    private static String configVersion(byte[] config) throws CniException {
        return NetworkConfig.parse(config).cniVersion();
    }
}
