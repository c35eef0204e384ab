package io.jnet.cni.result;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.CniVersion;
import java.util.List;

/**
 * Prints a 1.1.0-model {@link Result} as the JSON of any spec version. Empty fields are omitted, except {@code dns}
 * which is always there like the reference's; field order follows the reference so diffs against it stay readable.
 */
public final class ResultWriter {
    private ResultWriter() {}

    /**
     * The result as {@code version}'s JSON.
     * <ul>
     *   <li>1.1.0, 1.0.0: the full model (1.0.0 is an identity copy).</li>
     *   <li>0.4.0, 0.3.1, 0.3.0: {@code "version":"4"|"6"} on each IP; interface {@code mtu}, {@code socketPath},
     *       {@code pciID} and route {@code mtu/advmss/priority/table/scope} dropped.</li>
     *   <li>0.2.0, 0.1.0: {@code ip4}/{@code ip6} objects with the first IP of each family, routes split by
     *       family; an error when there is no IP at all.</li>
     * </ul>
     *
     * @throws CniException code 1 for an unsupported version; code 999 when a 0.1.0/0.2.0 result would have no IP
     */
    public static JsonObject toJson(Result result, String version) throws CniException {
        switch (version) {
            case CniVersion.V1_1_0, CniVersion.V1_0_0:
                return toV1(result, version);
            case CniVersion.V0_4_0, CniVersion.V0_3_1, CniVersion.V0_3_0:
                return toV04(result, version);
            case CniVersion.V0_2_0, CniVersion.V0_1_0:
                return toV02(result, version);
            default:
                throw CniVersion.incompatible(version);
        }
    }

    private static JsonObject toV1(Result r, String version) {
        JsonObject o = new JsonObject();
        o.addProperty("cniVersion", version);
        if (!r.interfaces().isEmpty()) {
            JsonArray a = new JsonArray();
            for (NetInterface i : r.interfaces()) {
                JsonObject j = new JsonObject();
                j.addProperty("name", i.name());
                putString(j, "mac", i.mac());
                putNonZero(j, "mtu", i.mtu());
                putString(j, "sandbox", i.sandbox());
                putString(j, "socketPath", i.socketPath());
                putString(j, "pciID", i.pciId());
                a.add(j);
            }
            o.add("interfaces", a);
        }
        if (!r.ips().isEmpty()) {
            JsonArray a = new JsonArray();
            for (IpConfig ip : r.ips()) {
                JsonObject j = new JsonObject();
                putInt(j, "interface", ip.interfaceIndex());
                j.addProperty("address", ip.address());
                putString(j, "gateway", ip.gateway());
                a.add(j);
            }
            o.add("ips", a);
        }
        if (!r.routes().isEmpty()) {
            JsonArray a = new JsonArray();
            for (Route rt : r.routes()) {
                JsonObject j = plainRoute(rt);
                putNonZero(j, "mtu", rt.mtu());
                putNonZero(j, "advmss", rt.advmss());
                putNonZero(j, "priority", rt.priority());
                putInt(j, "table", rt.table());
                putInt(j, "scope", rt.scope());
                a.add(j);
            }
            o.add("routes", a);
        }
        putDns(o, r.dns());
        return o;
    }

    private static JsonObject toV04(Result r, String version) {
        JsonObject o = new JsonObject();
        o.addProperty("cniVersion", version);
        if (!r.interfaces().isEmpty()) {
            JsonArray a = new JsonArray();
            for (NetInterface i : r.interfaces()) {
                JsonObject j = new JsonObject();
                j.addProperty("name", i.name());
                putString(j, "mac", i.mac());
                putString(j, "sandbox", i.sandbox());
                a.add(j);
            }
            o.add("interfaces", a);
        }
        if (!r.ips().isEmpty()) {
            JsonArray a = new JsonArray();
            for (IpConfig ip : r.ips()) {
                JsonObject j = new JsonObject();
                j.addProperty("version", Integer.toString(ip.family()));
                putInt(j, "interface", ip.interfaceIndex());
                j.addProperty("address", ip.address());
                putString(j, "gateway", ip.gateway());
                a.add(j);
            }
            o.add("ips", a);
        }
        if (!r.routes().isEmpty()) {
            JsonArray a = new JsonArray();
            for (Route rt : r.routes()) {
                a.add(plainRoute(rt));
            }
            o.add("routes", a);
        }
        putDns(o, r.dns());
        return o;
    }

    private static JsonObject toV02(Result r, String version) throws CniException {
        IpConfig ip4 = first(r.ips(), 4);
        IpConfig ip6 = first(r.ips(), 6);
        if (ip4 == null && ip6 == null) {
            throw new CniException(CniException.INTERNAL, "cannot convert: no valid IP addresses",
                    "a " + version + " result needs at least one IP address");
        }
        JsonObject o = new JsonObject();
        o.addProperty("cniVersion", version);
        if (ip4 != null) {
            o.add("ip4", legacyIp(ip4, r.routes(), 4));
        }
        if (ip6 != null) {
            o.add("ip6", legacyIp(ip6, r.routes(), 6));
        }
        putDns(o, r.dns());
        return o;
    }

    private static IpConfig first(List<IpConfig> ips, int family) {
        return ips.stream().filter(ip -> ip.family() == family).findFirst().orElse(null);
    }

    private static JsonObject legacyIp(IpConfig ip, List<Route> routes, int family) {
        JsonObject j = new JsonObject();
        j.addProperty("ip", ip.address());
        putString(j, "gateway", ip.gateway());
        JsonArray a = new JsonArray();
        for (Route rt : routes) {
            if (rt.family() == family) {
                a.add(plainRoute(rt));
            }
        }
        if (!a.isEmpty()) {
            j.add("routes", a);
        }
        return j;
    }

    private static JsonObject plainRoute(Route rt) {
        JsonObject j = new JsonObject();
        j.addProperty("dst", rt.dst());
        putString(j, "gw", rt.gw());
        return j;
    }

    /** The {@code dns} object alone (also used for configs); null when empty. */
    public static JsonObject dnsJson(Dns d) {
        if (d == null || d.isEmpty()) {
            return null;
        }
        JsonObject j = new JsonObject();
        putStrings(j, "nameservers", d.nameservers());
        putString(j, "domain", d.domain());
        putStrings(j, "search", d.search());
        putStrings(j, "options", d.options());
        return j;
    }

    /**
     * Results always carry {@code dns}, as {@code {}} when empty: the reference prints its DNS struct in every version
     * (Go's omitempty does not omit structs), and matching it keeps results byte-comparable.
     */
    private static void putDns(JsonObject o, Dns d) {
        JsonObject j = dnsJson(d);
        o.add("dns", j != null ? j : new JsonObject());
    }

    private static void putStrings(JsonObject o, String key, List<String> values) {
        if (!values.isEmpty()) {
            JsonArray a = new JsonArray();
            values.forEach(a::add);
            o.add(key, a);
        }
    }

    private static void putString(JsonObject o, String key, String value) {
        if (value != null && !value.isEmpty()) {
            o.addProperty(key, value);
        }
    }

    private static void putInt(JsonObject o, String key, Integer value) {
        if (value != null) {
            o.addProperty(key, value);
        }
    }

    // Go's omitempty drops zero ints: an MTU of 0 means "not set".
    private static void putNonZero(JsonObject o, String key, Integer value) {
        if (value != null && value != 0) {
            o.addProperty(key, value);
        }
    }
}
