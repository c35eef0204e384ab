package io.jnet.plugin.ipam.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.jnet.cni.config.NetworkConfig;
import io.jnet.cni.result.Route;
import io.jnet.cni.spec.CniArg;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.CniVersion;
import io.jnet.cni.spec.JsonSupport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads host-local's keys the way the reference's {@code LoadIPAMConfig} does: same sources, same order,
 * same defaults, same refusals. A value of the wrong JSON type is code 6; a value that is well-formed JSON
 * but no valid configuration is code 7; a bad {@code CNI_ARGS IP=} is code 4.
 */
public final class IpamConfigParser {
    private static final int DECODE = CniException.DECODING_FAILURE;
    private static final int INVALID = CniException.INVALID_NETWORK_CONFIG;

    private IpamConfigParser() {}

    /** Parses the config a plugin got on stdin plus its CNI_ARGS. */
    public static IpamConfig parse(NetworkConfig config, List<CniArg> cniArgs) throws CniException {
        JsonObject raw = config.raw();
        JsonObject ipam = JsonSupport.optObject(raw, "ipam", DECODE);
        if (ipam == null) {
            throw new CniException(INVALID, "IPAM config missing 'ipam' key");
        }
        JsonObject runtime = JsonSupport.optObject(raw, "runtimeConfig", DECODE);

        List<Ip> requested = new ArrayList<>(fromCniArgs(cniArgs));
        JsonObject args = JsonSupport.optObject(raw, "args", DECODE);
        JsonObject cni = args == null ? null : JsonSupport.optObject(args, "cni", DECODE);
        if (cni != null) {
            requested.addAll(ipList(cni, "ips", "args.cni.ips"));
        }
        if (runtime != null) {
            requested.addAll(ipList(runtime, "ips", "runtimeConfig.ips"));
        }

        List<JsonArray> sets = new ArrayList<>();
        if (runtime != null) {
            sets.addAll(rangeSetList(runtime, "ipRanges"));
        }
        String legacySubnet = JsonSupport.optString(ipam, "subnet", DECODE);
        if (legacySubnet != null && !legacySubnet.isEmpty()) {
            JsonArray legacy = new JsonArray();
            legacy.add(ipam);
            sets.add(legacy);
        }
        sets.addAll(rangeSetList(ipam, "ranges"));
        if (sets.isEmpty()) {
            throw new CniException(INVALID, "no IP ranges specified");
        }

        List<RangeSet> rangeSets = new ArrayList<>();
        int v4 = 0;
        int v6 = 0;
        for (int i = 0; i < sets.size(); i++) {
            RangeSet set = rangeSet(sets.get(i), i);
            rangeSets.add(set);
            if (set.isV4()) {
                v4++;
            } else {
                v6++;
            }
        }
        String version = config.cniVersion();
        if ((v4 > 1 || v6 > 1) && CniVersion.isWellFormed(version) && !CniVersion.atLeast(version, CniVersion.V0_3_0)) {
            throw new CniException(INVALID, "CNI version " + version + " does not support more than 1 address per family");
        }
        for (int i = 0; i < rangeSets.size(); i++) {
            for (int j = i + 1; j < rangeSets.size(); j++) {
                if (rangeSets.get(i).overlaps(rangeSets.get(j))) {
                    throw new CniException(INVALID, "range set " + i + " overlaps with " + j);
                }
            }
        }

        String dataDir = JsonSupport.optString(ipam, "dataDir", DECODE);
        String resolvConf = JsonSupport.optString(ipam, "resolvConf", DECODE);
        return new IpamConfig(config.name(), version, rangeSets, routes(ipam),
                dataDir == null || dataDir.isEmpty() ? IpamConfig.DEFAULT_DATA_DIR : Path.of(dataDir),
                resolvConf == null || resolvConf.isEmpty() ? null : resolvConf, requested);
    }

    /** {@code IP=a,b} from CNI_ARGS; other keys are someone else's and are ignored. */
    private static List<Ip> fromCniArgs(List<CniArg> cniArgs) throws CniException {
        List<Ip> out = new ArrayList<>();
        for (CniArg a : cniArgs) {
            if (!a.key().equals("IP") || a.value().isEmpty()) {
                continue;
            }
            for (String item : a.value().split(",", -1)) {
                try {
                    out.add(Ip.parse(item.trim()));
                } catch (IllegalArgumentException e) {
                    throw new CniException(CniException.INVALID_ENVIRONMENT_VARIABLES, "invalid IP \"" + item.trim() + "\"",
                            "CNI_ARGS IP= takes comma-separated IP addresses");
                }
            }
        }
        return out;
    }

    /** A list of {@code "ip"} or {@code "ip/prefix"} strings; only the address counts. */
    private static List<Ip> ipList(JsonObject o, String key, String where) throws CniException {
        List<Ip> out = new ArrayList<>();
        for (String s : JsonSupport.stringList(o, key, DECODE)) {
            try {
                out.add(s.indexOf('/') >= 0 ? Subnet.parse(s).address() : Ip.parse(s));
            } catch (IllegalArgumentException e) {
                throw new CniException(INVALID, "invalid IP in " + where, s);
            }
        }
        return out;
    }

    /** A list of range sets, each a list of range objects. */
    private static List<JsonArray> rangeSetList(JsonObject o, String key) throws CniException {
        List<JsonArray> out = new ArrayList<>();
        JsonArray a = JsonSupport.optArray(o, key, DECODE);
        if (a == null) {
            return out;
        }
        for (JsonElement e : a) {
            if (!e.isJsonArray()) {
                throw new CniException(DECODE, "invalid type for \"" + key + "\"", "expected an array of range sets, got " + e);
            }
            out.add(e.getAsJsonArray());
        }
        return out;
    }

    private static RangeSet rangeSet(JsonArray set, int index) throws CniException {
        if (set.isEmpty()) {
            throw new CniException(INVALID, "invalid range set " + index + ": empty range set");
        }
        List<Range> ranges = new ArrayList<>();
        for (JsonElement e : set) {
            if (!e.isJsonObject()) {
                throw new CniException(DECODE, "invalid range in range set " + index, "expected an object, got " + e);
            }
            Range r = range(e.getAsJsonObject(), index);
            if (!ranges.isEmpty() && ranges.get(0).start().isV4() != r.start().isV4()) {
                throw new CniException(INVALID, "invalid range set " + index + ": mixed address families");
            }
            ranges.add(r);
        }
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = i + 1; j < ranges.size(); j++) {
                if (ranges.get(i).overlaps(ranges.get(j))) {
                    throw new CniException(INVALID, "invalid range set " + index + ": subnets " + ranges.get(i) + " and "
                            + ranges.get(j) + " overlap");
                }
            }
        }
        return new RangeSet(ranges);
    }

    /** One range with the reference's defaults: gateway and start = network+1, end = last usable address. */
    private static Range range(JsonObject o, int index) throws CniException {
        String subnetText = JsonSupport.optString(o, "subnet", DECODE);
        if (subnetText == null || subnetText.isEmpty()) {
            throw new CniException(INVALID, "invalid range set " + index + ": missing subnet");
        }
        Subnet subnet;
        try {
            subnet = Subnet.parse(subnetText);
        } catch (IllegalArgumentException e) {
            throw new CniException(INVALID, "invalid range set " + index + ": invalid CIDR address: " + subnetText);
        }
        if (subnet.length() > subnet.address().bits() - 2) {
            throw new CniException(INVALID, "invalid range set " + index + ": Network " + subnet + " too small to allocate from");
        }
        if (!subnet.address().equals(subnet.network())) {
            throw new CniException(INVALID, "invalid range set " + index + ": Network has host bits set. For a subnet mask of length "
                    + subnet.length() + " the network address is " + subnet.network().text());
        }
        Ip gateway = optIp(o, "gateway", index);
        if (gateway == null) {
            gateway = subnet.network().next();
        } else if (gateway.isV4() != subnet.address().isV4()) {
            throw new CniException(INVALID, "invalid range set " + index + ": gateway " + gateway + " is not of the subnet's family");
        }
        Ip start = optIp(o, "rangeStart", index);
        if (start == null) {
            start = subnet.network().next();
        } else if (!subnet.contains(start)) {
            throw new CniException(INVALID, "invalid range set " + index + ": RangeStart " + start + " not in network " + subnet);
        }
        Ip end = optIp(o, "rangeEnd", index);
        if (end == null) {
            Ip last = subnet.last();
            // IPv4 keeps its broadcast address out; IPv6 has none.
            end = last.isV4() ? Ip.of(minusOne(last.bytes())) : last;
        } else if (!subnet.contains(end)) {
            throw new CniException(INVALID, "invalid range set " + index + ": RangeEnd " + end + " not in network " + subnet);
        }
        if (end.compareTo(start) < 0) {
            // The reference refuses this too (as "not in network"); say what is wrong.
            throw new CniException(INVALID, "invalid range set " + index + ": RangeEnd " + end + " is before RangeStart " + start);
        }
        return new Range(subnet, start, end, gateway);
    }

    private static byte[] minusOne(byte[] b) {
        b[b.length - 1]--;
        return b;
    }

    private static Ip optIp(JsonObject o, String key, int index) throws CniException {
        String s = JsonSupport.optString(o, key, DECODE);
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return Ip.parse(s);
        } catch (IllegalArgumentException e) {
            throw new CniException(INVALID, "invalid range set " + index + ": invalid " + key, s);
        }
    }

    private static List<Route> routes(JsonObject ipam) throws CniException {
        List<Route> out = new ArrayList<>();
        for (JsonObject r : JsonSupport.objectList(ipam, "routes", DECODE)) {
            String dst = JsonSupport.optString(r, "dst", DECODE);
            String gw = JsonSupport.optString(r, "gw", DECODE);
            Subnet d;
            try {
                d = Subnet.parse(dst == null ? "" : dst);
            } catch (IllegalArgumentException e) {
                throw new CniException(INVALID, "invalid route dst", String.valueOf(dst));
            }
            Ip g = null;
            if (gw != null && !gw.isEmpty()) {
                try {
                    g = Ip.parse(gw);
                } catch (IllegalArgumentException e) {
                    throw new CniException(INVALID, "invalid route gw", gw);
                }
            }
            out.add(new Route(d.toString(), g == null ? null : g.text(), JsonSupport.optInt(r, "mtu", DECODE),
                    JsonSupport.optInt(r, "advmss", DECODE), JsonSupport.optInt(r, "priority", DECODE),
                    JsonSupport.optInt(r, "table", DECODE), JsonSupport.optInt(r, "scope", DECODE)));
        }
        return out;
    }
}
