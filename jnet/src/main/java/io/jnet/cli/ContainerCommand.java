package io.jnet.cli;

import io.jnet.containers.ContainerException;
import io.jnet.containers.ContainerSettings;
import io.jnet.containers.Containers;
import io.jnet.context.CallContext;
import io.jnet.runtime.ContainerNetworks;
import io.jnet.runtime.JnetException;
import io.jnet.runtime.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Base of the container commands: the container runtime on jnet's settings, and its errors as jnet's. */
abstract class ContainerCommand extends JnetCommand {
    private Containers containers;

    Containers containers() {
        if (containers == null) {
            containers = new Containers(containerSettings(), new ContainerNetworks(jnet()), CallContext.current().env());
        }
        return containers;
    }

    ContainerSettings containerSettings() {
        return ContainerSettings.resolve(global().dataDir, global().settings().stateDir(), CallContext.current().env());
    }

    @Override
    final int run() throws Exception {
        try {
            return runContainers();
        } catch (ContainerException e) {
            throw jnetError(e);
        }
    }

    abstract int runContainers() throws Exception;

    static JnetException jnetError(ContainerException e) {
        JnetException.Kind kind = switch (e.kind()) {
            case USAGE -> JnetException.Kind.USAGE;
            case NOT_FOUND -> JnetException.Kind.NOT_FOUND;
            case CONFLICT -> JnetException.Kind.CONFLICT;
            case PERMISSION -> JnetException.Kind.PERMISSION;
            case FAILED -> JnetException.Kind.FAILED;
        };
        return new JnetException(kind, e.getMessage(), e.hint(), e);
    }

    /**
     * How a detached container's supervisor is started: this jnet's launcher when it runs from dist/, else the
     * same JVM and class path (tests); with every setting passed on in the environment.
     */
    Containers.ShimLauncher shimLauncher() {
        Settings s = global().settings();
        ContainerSettings cs = containerSettings();
        return id -> {
            List<String> cmd = new ArrayList<>();
            Path launcher = Settings.home().map(h -> h.resolve("bin/jnet")).filter(java.nio.file.Files::isExecutable).orElse(null);
            String smallHeap = "-Xmx32m"; // it only waits: keep its footprint small
            if (launcher != null) {
                cmd.add(launcher.toString());
            } else {
                cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC", smallHeap, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            }
            cmd.addAll(List.of("container-shim", id));
            ProcessBuilder pb = CallContext.current().prepare(new ProcessBuilder(cmd));
            Map<String, String> env = pb.environment();
            if (launcher != null) {
                env.put("JNET_JAVA_OPTS", (env.getOrDefault("JNET_JAVA_OPTS", "") + " " + smallHeap).strip());
            }
            env.put("JNET_CONFIG_DIR", s.configDir().toString());
            env.put("JNET_CNI_PATH", String.join(":", s.cniPath().stream().map(Path::toString).toList()));
            env.put("JNET_CACHE_DIR", s.cacheDir().toString());
            env.put("JNET_STATE_DIR", s.stateDir().toString());
            env.put("JNET_NETNS_PREFIX", s.netnsPrefix());
            env.put("JNET_DATA_DIR", cs.dataDir().toString());
            env.put("JNET_RUNC", cs.runc().toString());
            env.put("JNET_CGROUP_PARENT", cs.cgroupParent());
            env.put("JNET_USERNS_BASE", Long.toString(cs.usernsBase()));
            return pb;
        };
    }

    /** Lets {@code run IMAGE ls -l} and {@code exec NAME ps -ef} pass the command's own options through. */
    public static final class StopAtPositional implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
            spec.parser().stopAtPositional(true);
            return spec;
        }
    }
}
