package io.jnet.plugin.ipam;

import io.jnet.cni.result.Dns;
import io.jnet.cni.result.IpConfig;
import io.jnet.cni.result.Result;
import io.jnet.cni.skel.CniPlugin;
import io.jnet.cni.skel.CniRequest;
import io.jnet.cni.spec.Attachment;
import io.jnet.cni.spec.CniException;
import io.jnet.plugin.ipam.alloc.AllocationException;
import io.jnet.plugin.ipam.alloc.Allocator;
import io.jnet.plugin.ipam.config.Ip;
import io.jnet.plugin.ipam.config.IpamConfig;
import io.jnet.plugin.ipam.config.IpamConfigParser;
import io.jnet.plugin.ipam.config.RangeSet;
import io.jnet.plugin.ipam.config.ResolvConf;
import io.jnet.plugin.ipam.config.Subnet;
import io.jnet.plugin.ipam.store.DiskStore;
import io.jnet.plugin.ipam.store.Owner;
import io.jnet.plugin.ipam.store.SafeNames;
import io.jnet.plugin.ipam.store.Store;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * host-local: hands out addresses from the configured range sets and records them in the reference's
 * on-disk store. Every operation holds the store's flock from start to end, so a call sees and leaves the
 * store consistent even with the reference plugin working on the same directory.
 */
public final class HostLocalPlugin implements CniPlugin {
    /** Opens the store of a network; tests may hand in another. */
    public interface StoreOpener {
        Store open(Path dataDir, String network) throws IOException;
    }

    private final StoreOpener opener;

    public HostLocalPlugin() {
        // Not a method reference: every lambda costs a generated class at start-up, and each call is a new JVM.
        this(new StoreOpener() {
            @Override
            public Store open(Path dataDir, String network) throws IOException {
                return DiskStore.open(dataDir, network);
            }
        });
    }

    public HostLocalPlugin(StoreOpener opener) {
        this.opener = opener;
    }

    @Override
    public String about() {
        return "CNI host-local IPAM plugin (jnet) v0.1.0";
    }

    @Override
    public Result add(CniRequest request) throws CniException {
        IpamConfig conf = IpamConfigParser.parse(request.config(), request.args());
        checkAttachment(request);
        Dns dns = Dns.EMPTY;
        if (conf.resolvConf() != null) {
            try {
                dns = ResolvConf.read(Path.of(conf.resolvConf()));
            } catch (IOException e) {
                throw new CniException(CniException.IO_FAILURE, "cannot read resolvConf " + conf.resolvConf(), e.toString(), e);
            }
        }
        List<IpConfig> ips = new ArrayList<>();
        try (Store store = open(conf)) {
            List<Ip> taken = new ArrayList<>();
            try {
                List<Ip> requested = new ArrayList<>(conf.requestedIps());
                for (int i = 0; i < conf.rangeSets().size(); i++) {
                    RangeSet set = conf.rangeSets().get(i);
                    Ip wanted = takeFirstIn(requested, set);
                    IpConfig ip;
                    try {
                        ip = new Allocator(set, i, store).allocate(request.containerId(), request.ifname(), wanted);
                    } catch (CniException e) {
                        throw new CniException(e.code(), "failed to allocate for range " + i + ": " + e.msg(), e.details(), e);
                    }
                    taken.add(Subnet.parse(ip.address()).address());
                    ips.add(ip);
                }
                if (!requested.isEmpty()) {
                    StringBuilder sb = new StringBuilder("failed to allocate all requested IPs:");
                    requested.forEach(ip -> sb.append(' ').append(ip.text()));
                    throw new CniException(AllocationException.REQUESTED_IP_UNAVAILABLE, sb.toString(),
                            "each requested IP must lie in a range set of its own");
                }
            } catch (CniException | RuntimeException e) {
                rollback(store, taken, e);
                throw e;
            }
        }
        return new Result(List.of(), ips, conf.routes(), dns);
    }

    /** Undo this call's reservations only (never what the attachment held before). */
    private static void rollback(Store store, List<Ip> taken, Exception cause) {
        for (Ip ip : taken) {
            try {
                store.release(ip);
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    private static Ip takeFirstIn(List<Ip> requested, RangeSet set) {
        for (int i = 0; i < requested.size(); i++) {
            if (set.contains(requested.get(i))) {
                return requested.remove(i);
            }
        }
        return null;
    }

    @Override
    public void del(CniRequest request) throws CniException {
        IpamConfig conf = IpamConfigParser.parse(request.config(), request.args());
        checkAttachment(request);
        try (Store store = open(conf)) {
            store.releaseAttachment(request.containerId(), request.ifname());
        } catch (IOException e) {
            throw new CniException(CniException.IO_FAILURE, "failed to release addresses of " + request.containerId(), e.toString(), e);
        }
    }

    @Override
    public void check(CniRequest request) throws CniException {
        IpamConfig conf = IpamConfigParser.parse(request.config(), request.args());
        checkAttachment(request);
        Result prev = request.config().prevResult();
        try (Store store = open(conf)) {
            List<Ip> held = store.held(request.containerId(), request.ifname());
            if (held.isEmpty()) {
                throw new CniException(AllocationException.RESERVATION_MISSING,
                        "host-local: Failed to find address added by container " + request.containerId(),
                        "no reservation for ifname " + request.ifname() + " in " + conf.dataDir().resolve(conf.network()));
            }
            if (prev != null) {
                for (IpConfig ip : prev.ips()) {
                    Ip addr = Subnet.parse(ip.address()).address();
                    boolean ours = false;
                    for (RangeSet set : conf.rangeSets()) {
                        ours |= set.contains(addr);
                    }
                    if (ours && !held.contains(addr)) {
                        throw new CniException(AllocationException.RESERVATION_MISSING,
                                "host-local: " + addr.text() + " from prevResult is not reserved for " + request.containerId(),
                                "reserved: " + held);
                    }
                }
            }
        } catch (IOException e) {
            throw new CniException(CniException.IO_FAILURE, "host-local store failure", e.toString(), e);
        } catch (IllegalArgumentException e) {
            throw new CniException(CniException.DECODING_FAILURE, "invalid address in prevResult", e.getMessage());
        }
    }

    @Override
    public void gc(CniRequest request) throws CniException {
        IpamConfig conf = IpamConfigParser.parse(request.config(), request.args());
        List<Attachment> valid = request.validAttachments();
        Set<String> validOwners = new HashSet<>();
        Set<String> validIds = new HashSet<>();
        for (Attachment a : valid) {
            validOwners.add(Owner.content(a.containerId(), a.ifname()));
            validIds.add(a.containerId().strip());
        }
        try (Store store = open(conf)) {
            IOException failed = null;
            for (Map.Entry<Ip, Owner> e : List.copyOf(store.reservations().entrySet())) {
                Owner o = e.getValue();
                // An entry we could not read (a directory, a symlink) names no owner: not ours to judge.
                boolean keep = o.text().isEmpty()
                        || (o.ifname() == null ? validIds.contains(o.text()) : validOwners.contains(o.text()));
                if (!keep) {
                    try {
                        store.release(e.getKey());
                    } catch (IOException ex) {
                        // GC goes on past errors and reports them together.
                        if (failed == null) {
                            failed = ex;
                        } else {
                            failed.addSuppressed(ex);
                        }
                    }
                }
            }
            if (failed != null) {
                throw failed;
            }
        } catch (IOException e) {
            throw new CniException(CniException.IO_FAILURE, "host-local GC could not release every stale reservation", e.toString(), e);
        }
    }

    @Override
    public void status(CniRequest request) throws CniException {
        IpamConfig conf = IpamConfigParser.parse(request.config(), request.args());
        try (Store store = open(conf)) {
            store.probeWritable();
            Map<Ip, Owner> all = store.reservations();
            for (int i = 0; i < conf.rangeSets().size(); i++) {
                RangeSet set = conf.rangeSets().get(i);
                BigInteger capacity = BigInteger.ZERO;
                for (var r : set.ranges()) {
                    capacity = capacity.add(r.size());
                }
                long used = all.keySet().stream()
                        .filter(ip -> { var r = set.rangeFor(ip); return r != null && !ip.equals(r.gateway()); })
                        .count();
                if (capacity.compareTo(BigInteger.valueOf(used)) <= 0) {
                    throw new CniException(CniException.NOT_AVAILABLE, "no IP addresses available in range set " + i,
                            set + ": " + used + " of " + capacity + " addresses reserved");
                }
            }
        } catch (CniException e) {
            throw e.code() == CniException.NOT_AVAILABLE ? e
                    : new CniException(CniException.NOT_AVAILABLE, "host-local store unusable: " + e.msg(), e.details(), e);
        } catch (IOException | RuntimeException e) {
            throw new CniException(CniException.NOT_AVAILABLE, "host-local store unusable",
                    conf.dataDir().resolve(conf.network()) + ": " + e, e);
        }
    }

    /** The skeleton validated these; checked again here because they are written into our files. */
    private static void checkAttachment(CniRequest request) throws CniException {
        try {
            SafeNames.requireOwner(request.containerId(), request.ifname());
        } catch (IllegalArgumentException e) {
            throw new CniException(CniException.INVALID_ENVIRONMENT_VARIABLES, e.getMessage());
        }
    }

    private Store open(IpamConfig conf) throws CniException {
        try {
            return opener.open(conf.dataDir(), conf.network());
        } catch (IllegalArgumentException e) {
            throw new CniException(CniException.INVALID_NETWORK_CONFIG, "invalid network name for host-local", e.getMessage());
        } catch (IOException e) {
            throw new CniException(CniException.IO_FAILURE, "cannot open host-local store " + conf.dataDir().resolve(conf.network()),
                    e.toString(), e);
        }
    }
}
