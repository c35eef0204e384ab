package io.jnet.cni.runtime;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.jnet.cni.config.NetworkConfig;
import io.jnet.cni.config.NetworkConfigList;
import io.jnet.cni.invoke.InProcessPlugins;
import io.jnet.cni.invoke.PluginExecutor;
import io.jnet.cni.invoke.PluginLocator;
import io.jnet.cni.result.Result;
import io.jnet.cni.result.ResultReader;
import io.jnet.cni.result.ResultWriter;
import io.jnet.cni.spec.Attachment;
import io.jnet.cni.spec.CniArg;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.CniVersion;
import io.jnet.cni.spec.Validation;
import io.jnet.context.CallContext;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The runtime side of CNI, compatible with libcni: runs a network configuration list's plugins for
 * ADD/DEL/CHECK/GC/STATUS and keeps libcni's result cache, so jnet and libcni-based runtimes can manage the
 * same attachments.
 */
public final class CniRuntime {
    /** Default per-plugin deadline. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final List<Path> cniPath;
    private final ResultCache cache;
    private final PluginExecutor executor;
    private final Map<String, String> baseEnv;
    private final InProcessPlugins inProcess;
    private final PrintStream stderr;

    /**
     * @param cniPath  directories to find plugins in, in order
     * @param cacheDir result cache root (libcni default {@code /var/lib/cni})
     * @param executor runs plugins (deadline, stderr sink)
     * @param baseEnv  environment handed to every plugin before the CNI_* variables (normally our own)
     */
    public CniRuntime(List<Path> cniPath, Path cacheDir, PluginExecutor executor, Map<String, String> baseEnv) {
        this(cniPath, new ResultCache(cacheDir), executor, baseEnv, InProcessPlugins.none(), null);
    }

    private CniRuntime(List<Path> cniPath, ResultCache cache, PluginExecutor executor, Map<String, String> baseEnv,
            InProcessPlugins inProcess, PrintStream stderr) {
        this.cniPath = List.copyOf(cniPath);
        this.cache = cache;
        this.executor = executor;
        this.baseEnv = Map.copyOf(baseEnv);
        this.inProcess = inProcess;
        this.stderr = stderr;
    }

    /**
     * This runtime, running the plugins {@code inProcess} recognises in this JVM instead of exec'ing them (their
     * stderr copied to {@code stderr}); every other plugin is still exec'd with the executor's deadline.
     */
    public CniRuntime withInProcess(InProcessPlugins inProcess, PrintStream stderr) {
        return new CniRuntime(cniPath, cache, executor, baseEnv, inProcess, stderr);
    }

    /** A runtime with our own environment (the caller's, inside the engine), {@link #DEFAULT_TIMEOUT} and plugin stderr copied to {@code stderr}. */
    public static CniRuntime standard(List<Path> cniPath, Path cacheDir, PrintStream stderr) {
        return new CniRuntime(cniPath, cacheDir, new PluginExecutor(DEFAULT_TIMEOUT, stderr), CallContext.current().env());
    }

    /** The result cache this runtime keeps. */
    public ResultCache cache() {
        return cache;
    }

    /**
     * ADD: runs the plugins in order, each getting the previous result as {@code prevResult}; caches the final
     * result only when every plugin succeeded.
     *
     * @return the final result in the 1.1.0 model
     */
    public Result add(NetworkConfigList list, RuntimeConf rt) throws CniException {
        validate(list, rt);
        JsonObject prev = null;
        for (NetworkConfig plugin : list.plugins()) {
            NetworkConfig stdin = PluginStdin.build(plugin, list.name(), list.cniVersion(), prev, rt.capabilityArgs());
            try {
                prev = execForResult(locate(plugin), stdin.bytes(), env("ADD", rt), list.cniVersion());
            } catch (CniException e) {
                throw failed(plugin, "add", e);
            }
        }
        cache.write(new CachedAttachment(rt.containerId(), list.bytes(), rt.ifname(), list.name(), rt.netns(), rt.args(),
                rt.capabilityArgs(), prev));
        return ResultReader.parse(prev, list.cniVersion());
    }

    /**
     * DEL: runs the plugins in reverse order with the cached result as {@code prevResult} (config >= 0.4.0); a
     * corrupt cache entry counts as none and is removed. The entry is removed once every plugin succeeded.
     */
    public void del(NetworkConfigList list, RuntimeConf rt) throws CniException {
        validate(list, rt);
        JsonObject prev = null;
        if (CniVersion.atLeast(list.cniVersion(), CniVersion.V0_4_0)) {
            try {
                prev = cachedResultJson(list, rt).orElse(null);
            } catch (CniException corrupt) {
                cache.delete(list.name(), rt.containerId(), rt.ifname());
            }
        }
        List<NetworkConfig> plugins = list.plugins();
        for (int i = plugins.size() - 1; i >= 0; i--) {
            NetworkConfig plugin = plugins.get(i);
            NetworkConfig stdin = PluginStdin.build(plugin, list.name(), list.cniVersion(), prev, rt.capabilityArgs());
            try {
                exec(locate(plugin), stdin.bytes(), env("DEL", rt));
            } catch (CniException e) {
                throw failed(plugin, "delete", e);
            }
        }
        cache.delete(list.name(), rt.containerId(), rt.ifname());
    }

    /** CHECK: needs config >= 0.4.0 (code 1); a no-op with {@code disableCheck}; cached result as prevResult. */
    public void check(NetworkConfigList list, RuntimeConf rt) throws CniException {
        if (!CniVersion.atLeast(list.cniVersion(), CniVersion.V0_4_0)) {
            throw new CniException(CniException.INCOMPATIBLE_CNI_VERSION,
                    "configuration version \"" + list.cniVersion() + "\" does not support the CHECK command");
        }
        if (list.disableCheck()) {
            return;
        }
        validate(list, rt);
        JsonObject prev;
        try {
            prev = cachedResultJson(list, rt).orElse(null);
        } catch (CniException e) {
            throw new CniException(e.code(), "failed to get network \"" + list.name() + "\" cached result", e.getMessage(), e);
        }
        for (NetworkConfig plugin : list.plugins()) {
            NetworkConfig stdin = PluginStdin.build(plugin, list.name(), list.cniVersion(), prev, rt.capabilityArgs());
            try {
                exec(locate(plugin), stdin.bytes(), env("CHECK", rt));
            } catch (CniException e) {
                throw failed(plugin, "check", e);
            }
        }
    }

    /**
     * GC: DELs every cached attachment of this network that is not in {@code valid} (with its cached netns,
     * args and capability args), then, for config >= 1.1.0, sends GC with the valid list to every plugin. Goes on
     * past failures and throws the first with the others suppressed. A no-op with {@code disableGC}.
     */
    public void gc(NetworkConfigList list, List<Attachment> valid) throws CniException {
        if (list.disableGC()) {
            return;
        }
        List<CniException> errors = new ArrayList<>();
        Set<Attachment> keep = new HashSet<>(valid);
        for (CachedAttachment a : cache.list()) {
            if (!a.networkName().equals(list.name()) || keep.contains(new Attachment(a.containerId(), a.ifname()))) {
                continue;
            }
            try {
                del(list, a.runtimeConf());
            } catch (CniException e) {
                errors.add(new CniException(e.code(), "failed to delete stale attachment " + a.containerId() + " " + a.ifname(),
                        e.getMessage(), e));
            }
        }
        if (CniVersion.atLeast(list.cniVersion(), CniVersion.V1_1_0)) {
            Map<String, JsonElement> inject = new LinkedHashMap<>();
            inject.put("name", new JsonPrimitive(list.name()));
            inject.put("cniVersion", new JsonPrimitive(list.cniVersion()));
            inject.put(Attachment.VALID_ATTACHMENTS_KEY, Attachment.toJson(valid));
            inject.put(Attachment.LEGACY_ATTACHMENTS_KEY, Attachment.toJson(valid));
            for (NetworkConfig plugin : list.plugins()) {
                try {
                    exec(locate(plugin), PluginStdin.inject(plugin, inject).bytes(), env("GC", null));
                } catch (CniException e) {
                    errors.add(failed(plugin, "gc", e));
                }
            }
        }
        throwAll(errors);
    }

    /** STATUS: for config >= 1.1.0 asks every plugin; the first failure (code 50/51 for "not ready") is thrown. */
    public void status(NetworkConfigList list) throws CniException {
        if (!CniVersion.atLeast(list.cniVersion(), CniVersion.V1_1_0)) {
            return;
        }
        Map<String, JsonElement> inject = new LinkedHashMap<>();
        inject.put("name", new JsonPrimitive(list.name()));
        inject.put("cniVersion", new JsonPrimitive(list.cniVersion()));
        for (NetworkConfig plugin : list.plugins()) {
            try {
                exec(locate(plugin), PluginStdin.inject(plugin, inject).bytes(), env("STATUS", null));
            } catch (CniException e) {
                throw failed(plugin, "status", e);
            }
        }
    }

    /** The cached result of an attachment in the list's version, if any (code 6 when the entry is corrupt). */
    public Optional<Result> cachedResult(NetworkConfigList list, RuntimeConf rt) throws CniException {
        validate(list, rt);
        Optional<JsonObject> json = cachedResultJson(list, rt);
        return json.isPresent() ? Optional.of(ResultReader.parse(json.get(), list.cniVersion())) : Optional.empty();
    }

    /** Every attachment in the cache, all networks (libcni's GetCachedAttachments). */
    public List<CachedAttachment> cachedAttachments() throws CniException {
        return cache.list();
    }

    // The cached result converted to the list's version, so plugins read prevResult in their config's version.
    private Optional<JsonObject> cachedResultJson(NetworkConfigList list, RuntimeConf rt) throws CniException {
        Optional<CachedAttachment> entry = cache.read(list.name(), rt.containerId(), rt.ifname());
        if (entry.isEmpty() || entry.get().result() == null) {
            return Optional.empty();
        }
        Result r = ResultReader.parse(entry.get().result(), list.cniVersion());
        return Optional.of(ResultWriter.toJson(r, list.cniVersion()));
    }

    private static void validate(NetworkConfigList list, RuntimeConf rt) throws CniException {
        Validation.containerId(rt.containerId());
        Validation.networkName(list.name());
        Validation.interfaceName(rt.ifname());
    }

    private JsonObject execForResult(Path plugin, byte[] stdin, Map<String, String> env, String version) throws CniException {
        Optional<byte[]> out = inProcess.run(plugin, stdin, env, stderr);
        return out.isPresent() ? PluginExecutor.parseResult(out.get(), version) : executor.execForResult(plugin, stdin, env, version);
    }

    private void exec(Path plugin, byte[] stdin, Map<String, String> env) throws CniException {
        if (inProcess.run(plugin, stdin, env, stderr).isEmpty()) {
            executor.execWithoutResult(plugin, stdin, env);
        }
    }

    private Path locate(NetworkConfig plugin) throws CniException {
        return PluginLocator.find(plugin.type(), cniPath);
    }

    private Map<String, String> env(String command, RuntimeConf rt) {
        Map<String, String> env = new HashMap<>(baseEnv);
        // Set every CNI_* explicitly so nothing leaks in from our own environment.
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", rt == null ? "" : rt.containerId());
        env.put("CNI_NETNS", rt == null ? "" : rt.netns());
        env.put("CNI_ARGS", rt == null ? "" : CniArg.format(rt.args()));
        env.put("CNI_IFNAME", rt == null ? "" : rt.ifname());
        env.put("CNI_PATH", String.join(":", cniPath.stream().map(Path::toString).toList()));
        return env;
    }

    private static CniException failed(NetworkConfig plugin, String op, CniException e) {
        String desc = "type=\"" + plugin.type() + "\"" + (plugin.name() == null ? "" : " name=\"" + plugin.name() + "\"");
        return new CniException(e.code(), "plugin " + desc + " failed (" + op + "): " + e.msg(), e.details(), e);
    }

    private static void throwAll(List<CniException> errors) throws CniException {
        if (errors.isEmpty()) {
            return;
        }
        CniException first = errors.get(0);
        for (int i = 1; i < errors.size(); i++) {
            first.addSuppressed(errors.get(i));
        }
        throw first;
    }
}
