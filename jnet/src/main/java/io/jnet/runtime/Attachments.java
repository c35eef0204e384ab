package io.jnet.runtime;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jnet.cni.config.NetworkConfig;
import io.jnet.cni.config.NetworkConfigList;
import io.jnet.cni.runtime.CachedAttachment;
import io.jnet.cni.runtime.CniRuntime;
import io.jnet.cni.runtime.RuntimeConf;
import io.jnet.cni.spec.Attachment;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.Validation;
import io.jnet.context.CallContext;
import io.jnet.inet.IpPrefix;
import io.jnet.netlink.MacAddress;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.ns.NetNs;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attaching namespaces to networks through the CNI runtime of cni-conf: ADD/DEL/CHECK/GC/STATUS run the
 * plugins, and the result cache (libcni's format) is the list of attachments.
 */
public final class Attachments {
    /**
     * What {@code jnet attach} asks for: {@code ports} are mappings as they are, {@code publish} the {@code -p} specs
     * still to resolve (ranges, automatic host ports).
     */
    public record Request(String netns, String network, String ifname, String ip, String mac, List<PortMapping> ports,
            List<PortSpec> publish) {
        public Request {
            ports = ports == null ? List.of() : List.copyOf(ports);
            publish = publish == null ? List.of() : List.copyOf(publish);
            ifname = ifname == null ? "eth0" : ifname;
            network = network == null ? Networks.DEFAULT_NAME : network;
        }

        public Request(String netns, String network, String ifname, String ip, String mac, List<PortMapping> ports) {
            this(netns, network, ifname, ip, mac, ports, List.of());
        }
    }

    /** The outcome of CHECK for one attachment. */
    public record CheckResult(AttachmentView attachment, boolean ok, String problem) {}

    /** The outcome of STATUS for one network. */
    public record StatusResult(NetworkInfo network, boolean ready, String problem, int attachments) {}

    private final Namespaces names;
    private final Networks networks;
    private final CniRuntime cni;
    private final PendingAttaches pending;
    private AttachmentObserver observer = AttachmentObserver.NONE;
    private final Path stateDir;

    public Attachments(Namespaces names, Networks networks, CniRuntime cni, Path stateDir) {
        this.names = names;
        this.networks = networks;
        this.cni = cni;
        this.pending = new PendingAttaches(stateDir);
        this.stateDir = stateDir;
    }

    /** Who follows the attachments (the DNS resolver); told of every attach, detach and gc. */
    public Attachments observe(AttachmentObserver o) {
        this.observer = o;
        return this;
    }

    /** ADD: checks everything first, then runs the plugins; a failed ADD is rolled back with DEL. */
    public AttachmentView attach(Request req) {
        return attach(req, List.of());
    }

    /** ADD with DNS aliases (names besides the namespace's own on a network with DNS). */
    public AttachmentView attach(Request req, List<String> aliases) {
        Path netns = names.resolveExisting(req.netns());
        try {
            Validation.interfaceName(req.ifname());
        } catch (CniException e) {
            throw JnetException.usage("bad interface name '" + req.ifname() + "': " + e.getMessage(), "use at most 15 characters, e.g. eth1");
        }
        String mac = req.mac() == null ? null : checkMac(req.mac());
        Networks.Loaded net = networks.load(req.network());
        String ip = req.ip() == null ? null : checkIp(req.ip(), net.info());
        String id = ContainerIds.of(netns);
        RuntimeConf key = RuntimeConf.of(id, netns.toString(), req.ifname());
        if (pending.inProgress(net.list().name(), key)) {
            throw JnetException.conflict(req.netns() + " is being attached to " + net.list().name() + " as " + req.ifname() + " right now",
                    "wait for that jnet attach to finish, then jnet ps shows it");
        }
        // an attach of this interface killed half-way: undo what it made before starting again (before the ports
        // are checked too: the userland proxy still holds the dead attach's ports)
        pending.stale(net.list().name(), key).ifPresent(this::undo);
        // Held from choosing automatic host ports to the end of ADD, so two attaches never pick the same one.
        try (PublishLock lock = PublishLock.take(stateDir, PortRequests.needsAllocation(req.publish()))) {
            return attach(req, aliases, netns, net, id, ip, mac, PortRequests.resolve(req.publish(), req.ports(), net.info(), list()));
        }
    }

    private AttachmentView attach(Request req, List<String> aliases, Path netns, Networks.Loaded net, String id, String ip, String mac,
            List<PortMapping> ports) {
        try {
            if (cni.cache().read(net.list().name(), id, req.ifname()).isPresent()) {
                throw JnetException.conflict(req.netns() + " is already attached to " + net.list().name() + " as " + req.ifname(),
                        "jnet ps shows it; jnet detach " + req.netns() + " --net " + net.list().name() + " removes it");
            }
        } catch (CniException e) {
            // a corrupt cache entry: ADD overwrites it
        }
        checkInterfaceFree(netns, req);
        observer.beforeAttach(net, req, aliases);

        JsonObject caps = new JsonObject();
        if (!ports.isEmpty()) {
            JsonArray pm = new JsonArray();
            ports.forEach(p -> pm.add(p.toJson()));
            caps.add("portMappings", pm);
        }
        if (ip != null) {
            JsonArray ips = new JsonArray();
            ips.add(ip);
            caps.add("ips", ips);
        }
        if (mac != null) {
            caps.addProperty("mac", mac);
        }
        RuntimeConf rt = new RuntimeConf(id, netns.toString(), req.ifname(), List.of(), caps);
        NetworkConfigList list = DefaultRoutes.withoutTaken(net.list(), netns);
        // the record stays until the names follow too: an attach killed before it returns is undone whole by gc
        try (PendingAttaches.Claim record = pending.begin(new PendingAttaches.Pending(list, rt))) {
            try {
                cni.add(list, rt);
            } catch (CniException e) {
                List<String> undoFailures = rollback(list, rt);
                String undo = undoFailures.isEmpty() ? "rolled back" : "roll-back incomplete: " + String.join("; ", undoFailures);
                throw Errors.cni("attaching " + req.netns() + " to " + net.list().name() + " failed (" + undo + ")", e,
                        "see the plugin's message above; jnet status --net " + net.list().name() + " checks the network");
            }
            AttachmentView added = find(net.list().name(), id, req.ifname());
            try {
                observer.attached(net, added, aliases);
            } catch (JnetException e) {
                List<String> undoFailures = rollback(list, rt);
                try {
                    observer.changed();
                } catch (JnetException again) {
                    e.addSuppressed(again);
                }
                throw new JnetException(e.kind(), e.getMessage() + (undoFailures.isEmpty() ? " (the attach was rolled back)"
                        : " (roll-back incomplete: " + String.join("; ", undoFailures) + ")"), e.hint(), e);
            }
            return added;
        }
    }

    /**
     * Undoes a jnet attach that died before it returned: its ADD (nothing in the result cache yet), or an ADD that
     * finished while what follows it (the DNS names) did not. The record goes only once DEL succeeded everywhere.
     *
     * @return the view of what was undone
     */
    private AttachmentView undo(PendingAttaches.Claim claim) {
        NetworkConfigList list = claim.pending().list();
        RuntimeConf rt = claim.pending().rt();
        List<String> undoFailures = rollback(list, rt);
        if (!undoFailures.isEmpty()) {
            claim.release();
            throw JnetException.failed("undoing the unfinished attach of " + rt.netns() + " to " + list.name() + " failed: "
                    + String.join("; ", undoFailures),
                    "fix the cause and run jnet gc again", null);
        }
        claim.close();
        return AttachmentView.of(new CachedAttachment(rt.containerId(), list.bytes(), rt.ifname(), list.name(), rt.netns(), List.of(),
                rt.capabilityArgs(), null), names);
    }

    /**
     * Undoes a failed ADD: DEL to every plugin of the chain, last first, each on its own so that one plugin's
     * failure (say, the one that broke the ADD) does not keep the others from cleaning up.
     *
     * @return what failed, one entry per plugin; empty when all of it was undone
     */
    private List<String> rollback(NetworkConfigList list, RuntimeConf rt) {
        List<String> failures = new ArrayList<>();
        List<NetworkConfig> plugins = list.plugins();
        for (int i = plugins.size() - 1; i >= 0; i--) {
            NetworkConfigList one = new NetworkConfigList(list.name(), list.cniVersion(), list.disableCheck(), list.disableGC(), true,
                    List.of(plugins.get(i)), list.bytes());
            try {
                cni.del(one, rt);
            } catch (CniException e) {
                failures.add(plugins.get(i).type() + ": " + e.getMessage());
            }
        }
        return failures;
    }

    /** DEL of the matching attachments (every network when {@code network} is null). */
    public List<AttachmentView> detach(String netnsArg, String network, String ifname) {
        List<CachedAttachment> matches = matching(netnsArg, network, ifname);
        List<AttachmentView> done = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (CachedAttachment a : matches) {
            try {
                cni.del(listFor(a), a.runtimeConf());
                done.add(AttachmentView.of(a, names));
            } catch (CniException e) {
                failures.add(a.networkName() + "/" + a.ifname() + ": " + e.getMessage());
            }
        }
        if (!done.isEmpty()) {
            observer.changed();
        }
        if (!failures.isEmpty()) {
            throw JnetException.failed("detach failed for " + String.join("; ", failures),
                    "fix the cause and run jnet detach again (DEL is safe to repeat)", null);
        }
        return done;
    }

    /** CHECK of the matching attachments. */
    public List<CheckResult> check(String netnsArg, String network, String ifname) {
        List<CheckResult> out = new ArrayList<>();
        for (CachedAttachment a : matching(netnsArg, network, ifname)) {
            AttachmentView v = AttachmentView.of(a, names);
            try {
                cni.check(listFor(a), a.runtimeConf());
                out.add(new CheckResult(v, true, ""));
            } catch (CniException e) {
                out.add(new CheckResult(v, false, e.getMessage()));
            }
        }
        return out;
    }

    /** The attachments of one namespace (name or path), optionally of one network; not found when there are none. */
    public List<AttachmentView> of(String netnsArg, String network) {
        return matching(netnsArg, network, null).stream().map(a -> AttachmentView.of(a, names)).toList();
    }

    /** Every attachment in the result cache, all networks. */
    public List<AttachmentView> list() {
        List<AttachmentView> out = new ArrayList<>();
        for (CachedAttachment a : cached()) {
            out.add(AttachmentView.of(a, names));
        }
        out.sort((x, y) -> (x.netns() + "\0" + x.network() + "\0" + x.ifname()).compareTo(y.netns() + "\0" + y.network() + "\0" + y.ifname()));
        return out;
    }

    /** Attachments of one network. */
    public List<AttachmentView> of(String network) {
        return list().stream().filter(a -> a.network().equals(network)).toList();
    }

    /**
     * GC: every attachment whose namespace is gone is DELeted (with its cached arguments) and, for 1.1.0
     * networks, the plugins are told which attachments remain so they drop anything else.
     *
     * @return the attachments that were removed
     */
    public List<AttachmentView> gc() {
        List<AttachmentView> removed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (PendingAttaches.Claim c : pending.stale()) {
            try {
                AttachmentView v = undo(c);
                if (v != null) {
                    removed.add(v);
                }
            } catch (JnetException e) {
                failures.add(e.getMessage());
            }
        }
        List<PendingAttaches.Pending> live = pending.live();
        List<CachedAttachment> all = cached();
        Map<String, NetworkConfigList> lists = new LinkedHashMap<>();
        for (Networks.Loaded l : networks.all()) {
            lists.put(l.list().name(), l.list());
        }
        for (CachedAttachment a : all) {
            if (!lists.containsKey(a.networkName())) {
                try {
                    lists.put(a.networkName(), listFor(a));
                } catch (CniException e) {
                    // neither a file nor a cached config: nothing can run DEL for it
                }
            }
        }
        for (NetworkConfigList list : lists.values()) {
            List<Attachment> valid = new ArrayList<>();
            for (PendingAttaches.Pending p : live) { // being added right now: not garbage
                if (p.list().name().equals(list.name())) {
                    valid.add(new Attachment(p.rt().containerId(), p.rt().ifname()));
                }
            }
            for (CachedAttachment a : all) {
                if (a.networkName().equals(list.name())) {
                    if (alive(a)) {
                        valid.add(new Attachment(a.containerId(), a.ifname()));
                    } else {
                        removed.add(AttachmentView.of(a, names));
                    }
                }
            }
            try {
                cni.gc(list, valid);
            } catch (CniException e) {
                failures.add(list.name() + ": " + e.getMessage());
            }
        }
        observer.changed();
        if (!failures.isEmpty()) {
            throw JnetException.failed("gc failed for " + String.join("; ", failures), "run jnet gc again once the cause is fixed", null);
        }
        return removed;
    }

    /** STATUS of one network (null: all of them): plugins present and ready. */
    public List<StatusResult> status(String network) {
        List<Networks.Loaded> targets = network == null ? networks.all() : List.of(networks.find(network).orElseThrow(() ->
                JnetException.notFound("network " + network + " does not exist", "jnet net ls lists the networks")));
        List<StatusResult> out = new ArrayList<>();
        for (Networks.Loaded l : targets) {
            int count = of(l.list().name()).size();
            String problem = "";
            try {
                for (NetworkConfig p : l.list().plugins()) {
                    networks.plugin(p.type());
                    if (p.ipamType() != null) {
                        networks.plugin(p.ipamType());
                    }
                }
                cni.status(l.list());
            } catch (JnetException e) {
                problem = e.getMessage();
            } catch (CniException e) {
                problem = e.getMessage() + " (CNI error " + e.code() + ")";
            }
            out.add(new StatusResult(l.info(), problem.isEmpty(), problem, count));
        }
        return out;
    }

    private AttachmentView find(String network, String id, String ifname) {
        try {
            return cni.cache().read(network, id, ifname).map(a -> AttachmentView.of(a, names)).orElseThrow(() ->
                    JnetException.failed("attached, but the result cache has no entry for it", "check --cache-dir", null));
        } catch (CniException e) {
            throw Errors.cni("attached, but the cached result is unreadable", e, "");
        }
    }

    private List<CachedAttachment> matching(String netnsArg, String network, String ifname) {
        Path netns = netnsArg.contains("/") ? CallContext.current().absolute(Path.of(netnsArg)).normalize() : names.path(netnsArg);
        List<CachedAttachment> out = new ArrayList<>();
        for (CachedAttachment a : cached()) {
            if (Path.of(a.netns().isEmpty() ? "/" : a.netns()).equals(netns) && (network == null || a.networkName().equals(network))
                    && (ifname == null || a.ifname().equals(ifname))) {
                out.add(a);
            }
        }
        if (out.isEmpty()) {
            if (!Files.exists(netns)) {
                throw JnetException.notFound("namespace " + netnsArg + " does not exist and has no attachments", "jnet ps lists the attachments");
            }
            throw JnetException.notFound(netnsArg + " is not attached" + (network == null ? "" : " to network " + network)
                    + (ifname == null ? "" : " as " + ifname), "jnet ps lists the attachments");
        }
        return out;
    }

    private List<CachedAttachment> cached() {
        try {
            return cni.cachedAttachments();
        } catch (CniException e) {
            throw Errors.cni("cannot read the result cache", e, "check --cache-dir");
        }
    }

    /** The network's current conflist, else the one cached at ADD (the file may have been changed or removed). */
    private NetworkConfigList listFor(CachedAttachment a) throws CniException {
        var current = networks.find(a.networkName());
        if (current.isPresent()) {
            return current.get().list();
        }
        if (a.config().length == 0) {
            throw new CniException(CniException.INVALID_NETWORK_CONFIG, "network " + a.networkName()
                    + " has no configuration file and its cache entry holds none");
        }
        return NetworkConfigList.parse(a.config());
    }

    private static boolean alive(CachedAttachment a) {
        return !a.netns().isEmpty() && Files.exists(Path.of(a.netns()));
    }

    private String checkIp(String ip, NetworkInfo net) {
        InetAddress addr = NetworkSpec.ip(ip, "--ip");
        for (String s : net.subnets()) {
            IpPrefix p = IpPrefix.parse(s);
            if (p.contains(addr)) {
                if (addr.equals(p.network().address()) || (p.isIpv4() && addr.equals(p.broadcast()))) {
                    throw JnetException.usage(ip + " is the network or broadcast address of " + s, "pick a host address");
                }
                return IpPrefix.text(addr);
            }
        }
        throw JnetException.usage(ip + " is not in network " + net.name() + " " + net.subnets(),
                "pick an address inside the subnet (jnet net inspect " + net.name() + ")");
    }

    private static String checkMac(String mac) {
        try {
            MacAddress m = MacAddress.parse(mac);
            if (m.isMulticast()) {
                throw JnetException.usage("MAC " + mac + " is a multicast address", "use a unicast MAC such as 02:42:ac:11:00:02");
            }
            return m.toString();
        } catch (IllegalArgumentException e) {
            throw JnetException.usage("bad MAC address '" + mac + "'", "write six hex pairs, e.g. 02:42:ac:11:00:02");
        }
    }

    /** A host port can be published once, and not over a socket listening on it. */
    void checkPorts(List<PortMapping> ports) {
        PortConflicts.check(ports, list());
    }

    private void checkInterfaceFree(Path netns, Request req) {
        try (NetNs ns = NetNs.open(netns); Netlink nl = Netlink.open(ns)) {
            if (nl.findLink(req.ifname()).isPresent()) {
                throw JnetException.conflict(req.netns() + " already has an interface " + req.ifname(),
                        "choose another with --ifname, e.g. --ifname eth1");
            }
        } catch (NetlinkException e) {
            throw Errors.kernel("cannot look into namespace " + req.netns(), e);
        }
    }
}
