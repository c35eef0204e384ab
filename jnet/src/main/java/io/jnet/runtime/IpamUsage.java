package io.jnet.runtime;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jnet.cni.config.NetworkConfig;
import io.jnet.cni.config.NetworkConfigList;
import io.jnet.cni.runtime.PluginStdin;
import io.jnet.cni.spec.CniException;
import io.jnet.plugin.ipam.alloc.RangeIterator;
import io.jnet.plugin.ipam.config.Ip;
import io.jnet.plugin.ipam.config.IpamConfig;
import io.jnet.plugin.ipam.config.IpamConfigParser;
import io.jnet.plugin.ipam.config.Range;
import io.jnet.plugin.ipam.config.RangeSet;
import io.jnet.plugin.ipam.store.DiskStore;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How full a network's address ranges are, read from host-local's store without taking its lock or changing it:
 * per range, the addresses in use (leases, plus the network, broadcast and gateway addresses that are never handed
 * out: Docker 29's {@code IPsInUse}), those still free for allocation ({@code DynamicIPsAvailable}), and the
 * address host-local's round-robin would hand out next.
 *
 * @param subnet    the range's subnet
 * @param start     first address of the range
 * @param end       last address of the range
 * @param gateway   the gateway ("" when none)
 * @param leased    addresses of the subnet held by attachments
 * @param inUse     leased plus reserved addresses of the subnet, saturating at 2^64-1 like Docker
 * @param available free addresses of the range, saturating at 2^64-1
 * @param next      the address the next attach would get in this range's set ("" when none is free)
 */
public record IpamUsage(String subnet, String start, String end, String gateway, int leased, BigInteger inUse, BigInteger available,
        String next) {
    private static final BigInteger SATURATE = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** The usage of every range of a network whose first plugin delegates to host-local; empty for other IPAMs. */
    public static List<IpamUsage> of(NetworkConfigList list) {
        List<IpamUsage> out = new ArrayList<>();
        NetworkConfig first = list.plugins().get(0);
        if (!"host-local".equals(first.ipamType())) {
            return out;
        }
        IpamConfig cfg;
        try {
            cfg = IpamConfigParser.parse(PluginStdin.build(first, list.name(), list.cniVersion(), null, new JsonObject()), List.of());
        } catch (CniException | RuntimeException e) {
            return out; // a config host-local itself would refuse: nothing to count
        }
        Path dir = cfg.dataDir().resolve(list.name());
        Set<Ip> leases = leases(dir);
        for (int i = 0; i < cfg.rangeSets().size(); i++) {
            RangeSet set = cfg.rangeSets().get(i);
            String next = next(set, lastReserved(dir, i), leases);
            for (Range r : set.ranges()) {
                out.add(usage(r, leases, next));
            }
        }
        return out;
    }

    private static IpamUsage usage(Range r, Set<Ip> leases, String next) {
        int leased = 0;
        BigInteger leasedInRange = BigInteger.ZERO;
        for (Ip ip : leases) {
            if (r.subnet().contains(ip)) {
                leased++;
            }
            if (r.contains(ip) && !ip.equals(r.gateway())) {
                leasedInRange = leasedInRange.add(BigInteger.ONE);
            }
        }
        Set<Ip> reserved = new TreeSet<>();
        reserved.add(r.subnet().network());
        if (r.start().isV4() && r.subnet().length() < 31) {
            reserved.add(r.subnet().last()); // broadcast
        }
        if (r.gateway() != null && r.subnet().contains(r.gateway())) {
            reserved.add(r.gateway());
        }
        reserved.removeAll(leases);
        BigInteger inUse = BigInteger.valueOf(leased + reserved.size());
        BigInteger available = r.size().subtract(leasedInRange).max(BigInteger.ZERO);
        return new IpamUsage(r.subnet().toString(), r.start().text(), r.end().text(), r.gateway() == null ? "" : r.gateway().text(), leased,
                inUse.min(SATURATE), available.min(SATURATE), next);
    }

    /** The first address of host-local's round-robin walk that no lease holds. */
    private static String next(RangeSet set, Ip lastReserved, Set<Ip> leases) {
        RangeIterator it = new RangeIterator(set, lastReserved);
        int looked = 0;
        for (RangeIterator.Candidate c = it.next(); c != null && looked < 1_000_000; c = it.next(), looked++) {
            if (!leases.contains(c.ip())) {
                return c.ip().text();
            }
        }
        return "";
    }

    /** The addresses with a reservation file (whatever holds them, as host-local counts them). */
    private static Set<Ip> leases(Path dir) {
        Set<Ip> out = new TreeSet<>();
        String[] names = dir.toFile().list();
        if (names != null) {
            for (String n : names) {
                Ip ip = Ip.parseOrNull(n);
                if (ip != null) {
                    out.add(ip);
                }
            }
        }
        return out;
    }

    private static Ip lastReserved(Path dir, int index) {
        try {
            return Ip.parseOrNull(Files.readString(dir.resolve(DiskStore.LAST_RESERVED_PREFIX + index), StandardCharsets.UTF_8).strip());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** "172.17.0.0/16: 5 in use (2 leased), 65531 free in 172.17.0.1-172.17.255.254, next 172.17.0.4". */
    public String describe() {
        return subnet + ": " + inUse + " in use (" + leased + " leased), " + available + " free in " + start + "-" + end
                + (next.isEmpty() ? ", none left" : ", next " + next);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("subnet", subnet);
        o.addProperty("rangeStart", start);
        o.addProperty("rangeEnd", end);
        o.addProperty("gateway", gateway);
        o.addProperty("leased", leased);
        o.addProperty("IPsInUse", inUse);
        o.addProperty("DynamicIPsAvailable", available);
        o.addProperty("next", next);
        return o;
    }

    /** Docker's shape: {@code {"Subnets": {"172.17.0.0/16": {"IPsInUse": 5, "DynamicIPsAvailable": 65531}}}}. */
    public static JsonObject status(List<IpamUsage> usages) {
        JsonObject subnets = new JsonObject();
        for (IpamUsage u : usages) {
            JsonObject s = subnets.has(u.subnet) ? subnets.getAsJsonObject(u.subnet) : new JsonObject();
            s.addProperty("IPsInUse", u.inUse);
            s.addProperty("DynamicIPsAvailable", s.has("DynamicIPsAvailable") ? s.get("DynamicIPsAvailable").getAsBigInteger().add(u.available)
                    : u.available);
            subnets.add(u.subnet, s);
        }
        JsonObject o = new JsonObject();
        o.add("Subnets", subnets);
        return o;
    }

    public static JsonArray json(List<IpamUsage> usages) {
        JsonArray a = new JsonArray();
        usages.forEach(u -> a.add(u.toJson()));
        return a;
    }
}
