package io.jnet.runtime;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.jnet.cni.config.ConfigLoader;
import io.jnet.cni.config.NetworkConfigList;
import io.jnet.cni.invoke.PluginExecutor;
import io.jnet.cni.invoke.PluginLocator;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.CniVersion;
import io.jnet.cni.spec.JsonSupport;
import io.jnet.cni.util.TempFiles;
import io.jnet.context.CallContext;
import io.jnet.inet.IpPrefix;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Networks are conflists in the config directory, loaded with libcni's rules (cni-conf's ConfigLoader), and
 * written by {@code net create} as {@code <configDir>/<name>.conflist}.
 */
public final class Networks {
    /** The network used when none is named. */
    public static final String DEFAULT_NAME = "jnet";
    public static final String DEFAULT_BRIDGE = "jnet0";
    public static final String DEFAULT_SUBNET = "172.17.0.0/16";

    /** A loaded network and the file that holds it. */
    public record Loaded(NetworkConfigList list, Path file) {
        public NetworkInfo info() {
            return NetworkInfo.of(list, file);
        }
    }

    private final Settings settings;
    private final Supplier<HostRoutes> hostRoutes;
    private final PrintStream notices;

    public Networks(Settings settings, Supplier<HostRoutes> hostRoutes, PrintStream notices) {
        this.settings = settings;
        this.hostRoutes = hostRoutes;
        this.notices = notices;
    }

    /** Every conflist in the config directory, in libcni's order; broken files are reported and skipped. */
    public List<Loaded> all() {
        List<Loaded> out = new ArrayList<>();
        try {
            for (Path f : ConfigLoader.confFiles(settings.configDir(), ".conflist")) {
                try {
                    out.add(new Loaded(ConfigLoader.loadConflist(f), f));
                } catch (CniException e) {
                    notices.println("jnet: skipping " + f + ": " + e.getMessage());
                }
            }
        } catch (CniException e) {
            throw JnetException.failed("cannot read " + settings.configDir() + ": " + e.getMessage(), "check --config-dir", e);
        }
        return out;
    }

    /** The network of that name, if a conflist in the config directory defines it. */
    public Optional<Loaded> find(String name) {
        for (Loaded l : all()) {
            if (l.list().name().equals(name)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /** The network of that name; the default network is written first when it is missing. */
    public Loaded load(String name) {
        Optional<Loaded> found = find(name);
        if (found.isPresent()) {
            return found.get();
        }
        if (name.equals(DEFAULT_NAME)) {
            return createDefault();
        }
        throw JnetException.notFound("network " + name + " does not exist",
                "jnet net ls lists the networks; jnet net create " + name + " --subnet CIDR makes one");
    }

    /** Writes the embedded default network: bridge jnet0 on 172.17.0.0/16, or the next /16 the host leaves free. */
    public Loaded createDefault() {
        return createDefault(false);
    }

    /** The default network, with names (DNS) when asked for (it has none by default, as Docker's default bridge). */
    public Loaded createDefault(boolean dns) {
        IpPrefix subnet = freeSubnet(17);
        if (!subnet.toString().equals(DEFAULT_SUBNET)) {
            String via = hostRoutes.get().conflict(IpPrefix.parse(DEFAULT_SUBNET), DEFAULT_BRIDGE)
                    .map(e -> "a route via " + e.device()).orElse("another network");
            notices.println("jnet: " + DEFAULT_SUBNET + " is already in use on this host (" + via + "), so the default network uses " + subnet);
        }
        NetworkSpec spec = NetworkSpec.of(DEFAULT_NAME, List.of(subnet.toString()), null, null, DEFAULT_BRIDGE, null, false, true, null,
                true, probeVersion(), null);
        return write(spec, dns);
    }

    /** The first 172.N.0.0/16 (N from {@code first} to 31) that neither a host route nor another network uses. */
    public IpPrefix freeSubnet(int first) {
        HostRoutes routes = hostRoutes.get();
        List<IpPrefix> taken = subnetsInUse(null);
        for (int second = first; second <= 31; second++) {
            IpPrefix candidate = IpPrefix.parse("172." + second + ".0.0/16");
            boolean usedByNetwork = taken.stream().anyMatch(t -> Subnets.overlap(t, candidate));
            if (routes.conflict(candidate, DEFAULT_BRIDGE).isEmpty() && !usedByNetwork) {
                return candidate;
            }
        }
        throw JnetException.conflict("no free /16 in 172." + first + ".0.0-172.31.0.0",
                "give a subnet yourself: jnet net create NAME --subnet CIDR (and attach with --net NAME)");
    }

    /** {@code net create}: refuses a taken name, a subnet the host or another network uses, a bridge in use. */
    public Loaded create(NetworkSpec spec) {
        return create(spec, false);
    }

    /** {@code net create}, with names (jnet's resolver on the gateways) when {@code dns}. */
    public Loaded create(NetworkSpec spec, boolean dns) {
        spec.validate();
        if (find(spec.name()).isPresent()) {
            throw JnetException.conflict("network " + spec.name() + " already exists", "jnet net inspect " + spec.name() + " shows it");
        }
        HostRoutes routes = hostRoutes.get();
        for (IpPrefix net : spec.parsedSubnets()) {
            Optional<HostRoutes.Entry> clash = routes.conflict(net, spec.bridge());
            if (clash.isPresent()) {
                throw JnetException.conflict("subnet " + net + " overlaps " + clash.get().dst() + " routed via " + clash.get().device()
                        + " on this host", "pick a subnet the host does not use (ip route shows them)");
            }
        }
        for (Loaded other : all()) {
            NetworkInfo info = other.info();
            for (String s : info.subnets()) {
                for (IpPrefix net : spec.parsedSubnets()) {
                    if (!s.isEmpty() && Subnets.overlap(IpPrefix.parse(s), net)) {
                        throw JnetException.conflict("subnet " + net + " overlaps " + s + " of network " + info.name(),
                                "pick another subnet");
                    }
                }
            }
            if (info.bridge().equals(spec.bridge())) {
                throw JnetException.conflict("bridge " + spec.bridge() + " already serves network " + info.name(),
                        "give this network its own bridge with --bridge IFNAME");
            }
        }
        return write(spec, dns);
    }

    /** Deletes the network's file. The caller has checked nothing is attached. */
    public Path remove(String name) {
        Loaded l = find(name).orElseThrow(() -> JnetException.notFound("network " + name + " does not exist", "jnet net ls lists the networks"));
        try {
            Files.delete(l.file());
        } catch (IOException e) {
            throw JnetException.failed("cannot remove " + l.file() + ": " + e.getMessage(), "check the permissions of " + settings.configDir(), e);
        }
        return l.file();
    }

    /** The subnets all networks use (except {@code except}'s). */
    public List<IpPrefix> subnetsInUse(String except) {
        List<IpPrefix> out = new ArrayList<>();
        for (Loaded l : all()) {
            if (l.list().name().equals(except)) {
                continue;
            }
            for (String s : l.info().subnets()) {
                try {
                    out.add(IpPrefix.parse(s));
                } catch (IllegalArgumentException ignored) {
                    // a hand-written list with a bad subnet: the plugins will say so
                }
            }
        }
        return out;
    }

    /**
     * The newest CNI version both the runtime and the bridge plugin on the CNI path speak: 1.1.0 with jnet's
     * plugins (GC and STATUS), 1.0.0 with the reference ones.
     */
    public String probeVersion() {
        Path bridge = plugin("bridge");
        plugin("host-local");
        plugin("portmap");
        plugin("firewall");
        Map<String, String> env = new HashMap<>(CallContext.current().env());
        env.put("CNI_COMMAND", "VERSION");
        env.put("CNI_PATH", cniPathText());
        try {
            byte[] out = new PluginExecutor(Duration.ofSeconds(30), notices).exec(bridge,
                    "{\"cniVersion\":\"1.1.0\"}".getBytes(StandardCharsets.UTF_8), env);
            JsonObject o = JsonSupport.parseObject(out, "VERSION result");
            List<String> supported = new ArrayList<>();
            JsonElement arr = o.get("supportedVersions");
            if (arr instanceof JsonArray a) {
                a.forEach(v -> supported.add(v.getAsString()));
            }
            for (String v : List.of(CniVersion.V1_1_0, CniVersion.V1_0_0, CniVersion.V0_4_0)) {
                if (supported.contains(v)) {
                    return v;
                }
            }
            throw JnetException.failed(bridge + " supports none of 1.1.0, 1.0.0, 0.4.0 (it says " + supported + ")",
                    "point --cni-path at newer plugins", null);
        } catch (CniException e) {
            throw Errors.cni("cannot ask " + bridge + " for its CNI versions", e, "check the plugin works: CNI_COMMAND=VERSION " + bridge);
        }
    }

    /** The plugin executable of that type on the CNI path. */
    public Path plugin(String type) {
        try {
            return PluginLocator.find(type, settings.cniPath());
        } catch (CniException e) {
            throw JnetException.notFound("plugin " + type + " not found in " + cniPathText(),
                    "build jnet (mvn -q -DskipTests package) or point --cni-path / JNET_CNI_PATH at the plugins");
        }
    }

    private String cniPathText() {
        return String.join(":", settings.cniPath().stream().map(Path::toString).toList());
    }

    private Loaded write(NetworkSpec spec, boolean dns) {
        // the network's userland proxies live under this jnet's state dir, as everything else it runs
        JsonObject conflist = spec.toConflist(settings.ipamDataDir(), settings.stateDir().resolve("proxy"));
        byte[] bytes = (Json.pretty(dns ? NetworkDns.enable(conflist) : conflist) + "\n").getBytes(StandardCharsets.UTF_8);
        Path dir = settings.configDir();
        Path target = dir.resolve(spec.name() + ".conflist");
        if (Files.exists(target)) {
            throw JnetException.conflict(target + " already exists (it defines another network name)",
                    "rename or remove that file, or pick another network name");
        }
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = TempFiles.create(dir, ".jnet-tmp-", "rw-------");
            Files.write(tmp, bytes);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--")); // the umask must not narrow it
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            tmp = null;
            return new Loaded(ConfigLoader.loadConflist(target), target);
        } catch (IOException e) {
            throw JnetException.failed("cannot write " + target + ": " + e.getMessage(),
                    "check that " + dir + " is writable (run as root, or use --config-dir)", e);
        } catch (CniException e) {
            throw JnetException.failed("wrote an unreadable " + target + ": " + e.getMessage(), "", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }
}
