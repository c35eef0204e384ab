package io.jnet.cli;

import io.jnet.context.CallContext;
import io.jnet.runtime.Settings;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command takes, before or after the subcommand's name. Each has an environment variable. */
public final class GlobalOptions {
    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print JSON for machines instead of tables.")
    boolean json;

    @Option(names = "--config-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Network configurations (env JNET_CONFIG_DIR; default /etc/cni/net.d).")
    Path configDir;

    @Option(names = "--cni-path", scope = ScopeType.INHERIT, paramLabel = "DIR[:DIR...]",
            description = "Where the plugins are (env JNET_CNI_PATH; default jnet's own dist/cni, then /opt/cni/bin).")
    String cniPath;

    @Option(names = "--cache-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "libcni result cache and host-local leases (env JNET_CACHE_DIR; default /var/lib/cni).")
    Path cacheDir;

    @Option(names = "--state-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "jnet's own state, e.g. the lab's (env JNET_STATE_DIR; default /run/jnet).")
    Path stateDir;

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Images, volumes and containers (env JNET_DATA_DIR; default /var/lib/jnet).")
    Path dataDir;

    @Option(names = "--netns-prefix", scope = ScopeType.INHERIT, paramLabel = "PREFIX",
            description = "Prefix added to every namespace name (env JNET_NETNS_PREFIX; default none).")
    String netnsPrefix;

    Settings settings() {
        CallContext call = CallContext.current();
        Settings s = Settings.resolve(configDir, cniPath, cacheDir, stateDir, netnsPrefix, call.env());
        // Relative directories are the caller's, also when the engine (whose directory is /) runs the command.
        return new Settings(call.absolute(s.configDir()), s.cniPath().stream().map(call::absolute).toList(),
                call.absolute(s.cacheDir()), call.absolute(s.stateDir()), s.netnsPrefix());
    }
}
