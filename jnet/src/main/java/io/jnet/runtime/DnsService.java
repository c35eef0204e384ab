package io.jnet.runtime;

import io.jnet.dns.NetworkRecords;
import io.jnet.dns.RecordsFiles;
import io.jnet.dns.ResolverFiles;
import io.jnet.dns.ResolverProcess;
import io.jnet.inet.IpPrefix;
import io.jnet.netlink.ns.NetNs;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The names of the attachments, followed after every attach, detach and gc: the resolver's records (one file per
 * network with DNS, rebuilt from the result cache, so they can never drift from the attachments), the namespaces'
 * resolv.conf, and the resolver process itself (started with the first name, reloaded with acknowledgement on every
 * change, stopped after the last). Everything under {@code <stateDir>/dns}, changed under its lock.
 */
public final class DnsService implements AttachmentObserver {
    /** Where {@code ip netns exec} looks for a namespace's /etc files ({@code JNET_NETNS_ETC_DIR} overrides it). */
    public static final Path NETNS_ETC = Path.of("/etc/netns");

    private final Networks networks;
    private final Supplier<List<AttachmentView>> attachments;
    private final ResolverFiles files;
    private final ResolverProcess resolver;
    private final NetnsResolvConfs resolvConfs;
    private final DnsAliases aliases;

    /**
     * @param netnsEtc   where namespace resolv.conf files go
     * @param resolvConf the host resolv.conf the resolver forwards by, null for the host's own
     */
    public DnsService(Settings settings, Networks networks, Supplier<List<AttachmentView>> attachments, Path netnsEtc, Path resolvConf,
            PrintStream notices) {
        this.networks = networks;
        this.attachments = attachments;
        this.files = new ResolverFiles(settings.stateDir().resolve("dns"));
        this.resolver = new ResolverProcess(files, ResolverProcess.javaCommand(resolvConf));
        this.resolvConfs = new NetnsResolvConfs(netnsEtc, files.dir().resolve("netns-resolv-confs"), notices);
        this.aliases = new DnsAliases(files.dir().resolve("aliases.json"));
    }

    /** From the environment: {@code JNET_NETNS_ETC_DIR}, {@code JNET_DNS_RESOLV_CONF}. */
    public static DnsService of(Settings settings, Networks networks, Supplier<List<AttachmentView>> attachments, Map<String, String> env,
            PrintStream notices) {
        String etc = env.get("JNET_NETNS_ETC_DIR");
        String conf = env.get("JNET_DNS_RESOLV_CONF");
        return new DnsService(settings, networks, attachments, etc == null || etc.isEmpty() ? NETNS_ETC : Path.of(etc),
                conf == null || conf.isEmpty() ? null : Path.of(conf), notices);
    }

    /**
     * Whether a named namespace has a resolv.conf under /etc/netns (the one {@code ip netns exec} mounts; jnet's, or
     * one the user put there): {@code jnet netns exec} then runs through {@code ip netns exec} so names resolve.
     */
    public static boolean hasResolvConf(Path netnsPath) {
        return netnsPath.getParent() != null && netnsPath.getParent().equals(NetNs.RUN_DIR)
                && Files.exists(NETNS_ETC.resolve(netnsPath.getFileName().toString()).resolve("resolv.conf"));
    }

    public ResolverFiles files() {
        return files;
    }

    @Override
    public void beforeAttach(Networks.Loaded network, Attachments.Request request, List<String> names) {
        DnsAliases.check(names);
        if (!names.isEmpty() && !NetworkDns.enabled(network.list())) {
            throw JnetException.usage("network " + network.list().name() + " has no DNS, so --alias would name nothing",
                    "attach to a network made with DNS (jnet net create NAME has it by default), or drop --alias");
        }
    }

    @Override
    public void attached(Networks.Loaded network, AttachmentView a, List<String> names) {
        if (!NetworkDns.enabled(network.list()) && !Files.isDirectory(files.dir())) {
            return; // no DNS anywhere: nothing to follow, nothing written
        }
        locked(() -> {
            if (!names.isEmpty()) {
                Map<String, List<String>> all = aliases.read();
                all.put(DnsAliases.key(a.network(), a.containerId(), a.ifname()), DnsAliases.check(names));
                aliases.write(all, Set.of(DnsAliases.key(a.network(), a.containerId(), a.ifname())));
            }
            sync();
        });
    }

    @Override
    public void changed() {
        if (Files.isDirectory(files.dir())) {
            locked(this::sync);
        }
    }

    private interface Work {
        void run() throws IOException;
    }

    private void locked(Work work) {
        try {
            Files.createDirectories(files.dir(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            try (FileChannel ch = FileChannel.open(files.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = ch.lock()) {
                work.run();
            }
        } catch (IOException e) {
            throw JnetException.failed("DNS: " + e.getMessage(), "see " + files.log() + "; jnet detach and attach again retries", e);
        }
    }

    /** Rebuilds every record file and resolv.conf from the attachments, then brings the resolver in line. */
    private void sync() throws IOException {
        List<AttachmentView> all = attachments.get();
        Map<String, List<String>> names = aliases.read();
        Set<String> live = new HashSet<>();
        all.forEach(a -> live.add(DnsAliases.key(a.network(), a.containerId(), a.ifname())));
        aliases.write(names, live);

        Set<String> written = new HashSet<>();
        Map<String, List<String>> nameservers = new LinkedHashMap<>();
        for (Networks.Loaded l : networks.all()) {
            NetworkInfo info = l.info();
            if (!NetworkDns.enabled(l.list(), info)) {
                continue;
            }
            List<NetworkRecords.Host> hosts = new ArrayList<>();
            for (AttachmentView a : all) {
                if (!a.network().equals(info.name()) || !a.netnsExists()) {
                    continue;
                }
                List<String> hostNames = new ArrayList<>();
                if (!a.netns().contains("/")) {
                    hostNames.add(a.netns());
                }
                for (String alias : names.getOrDefault(DnsAliases.key(a.network(), a.containerId(), a.ifname()), List.of())) {
                    if (!hostNames.contains(alias)) {
                        hostNames.add(alias);
                    }
                }
                hosts.add(new NetworkRecords.Host(a.containerId(), hostNames, a.addresses().stream().map(IpPrefix::parse)
                        .map(IpPrefix::address).toList()));
                fullName(a.netnsPath()).ifPresent(n -> {
                    List<String> servers = nameservers.computeIfAbsent(n, k -> new ArrayList<>());
                    info.gateways().stream().filter(g -> !g.isEmpty() && !servers.contains(g)).forEach(servers::add);
                });
            }
            if (!hosts.isEmpty()) {
                List<InetAddress> gateways = info.gateways().stream().filter(g -> !g.isEmpty()).map(IpPrefix::literal).toList();
                List<IpPrefix> subnets = info.subnets().stream().filter(s -> !s.isEmpty()).map(IpPrefix::parse).toList();
                RecordsFiles.write(files.records(), new NetworkRecords(info.name(), info.internal(), gateways, subnets, hosts));
                written.add(RecordsFiles.file(files.records(), info.name()).getFileName().toString());
            }
        }
        removeOtherRecords(written);
        nameservers.replaceAll((k, v) -> v.stream().sorted(Comparator.comparing(s -> s.contains(":"))).limit(3).toList());
        resolvConfs.apply(nameservers);
        resolver.update(!written.isEmpty());
        if (written.isEmpty()) {
            clear();
        }
    }

    private void removeOtherRecords(Set<String> keep) throws IOException {
        if (!Files.isDirectory(files.records())) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(files.records())) {
            for (Path p : ds) {
                if (!keep.contains(p.getFileName().toString())) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Nothing has a name any more: the resolver has stopped, so its state goes too (the lock last). */
    private void clear() throws IOException {
        try (Stream<Path> s = Files.walk(files.dir())) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(files.lock()) && !p.equals(files.dir())) {
                    Files.deleteIfExists(p);
                }
            }
        }
        Files.deleteIfExists(files.lock());
        Files.deleteIfExists(files.dir());
    }

    /** The full name of a namespace under /run/netns ({@code ip netns}' names); empty for other paths. */
    private static java.util.Optional<String> fullName(String netnsPath) {
        Path p = Path.of(netnsPath);
        return p.getParent() != null && p.getParent().equals(NetNs.RUN_DIR) ? java.util.Optional.of(p.getFileName().toString())
                : java.util.Optional.empty();
    }
}
