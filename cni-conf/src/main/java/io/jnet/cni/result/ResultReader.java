package io.jnet.cni.result;

import com.google.gson.JsonObject;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.CniVersion;
import io.jnet.cni.spec.JsonSupport;
import java.util.ArrayList;
import java.util.List;

/** Reads a result of any spec version into the 1.1.0 model (upconversion). Malformed results are code 6. */
public final class ResultReader {
    private ResultReader() {}

    private static final int BAD = CniException.DECODING_FAILURE;

    /**
     * Reads {@code json} in the format of its own {@code cniVersion}, or of {@code fallbackVersion} when it
     * has none (results before 1.0.0 need not carry one).
     */
    public static Result parse(JsonObject json, String fallbackVersion) throws CniException {
        String own = JsonSupport.optString(json, "cniVersion", BAD);
        return parseAs(json, own == null || own.isEmpty() ? fallbackVersion : own);
    }

    /**
     * Reads {@code json} in the format of {@code version}, whatever the object says about itself. This is how
     * a plugin reads {@code prevResult}: always with the config's version.
     *
     * @throws CniException code 1 for an unsupported version, code 6 for a malformed result
     */
    public static Result parseAs(JsonObject json, String version) throws CniException {
        switch (version) {
            case CniVersion.V1_1_0, CniVersion.V1_0_0:
                return parseCurrent(json, true);
            case CniVersion.V0_4_0, CniVersion.V0_3_1, CniVersion.V0_3_0:
                return parseCurrent(json, false);
            case CniVersion.V0_2_0, CniVersion.V0_1_0:
                return parseLegacy(json);
            default:
                throw CniVersion.incompatible(version);
        }
    }

    private static Result parseCurrent(JsonObject o, boolean v1) throws CniException {
        List<NetInterface> interfaces = new ArrayList<>();
        for (JsonObject j : JsonSupport.objectList(o, "interfaces", BAD)) {
            String name = JsonSupport.optString(j, "name", BAD);
            if (name == null) {
                throw new CniException(BAD, "invalid result", "interface without a name: " + j);
            }
            String mac = JsonSupport.optString(j, "mac", BAD);
            String sandbox = JsonSupport.optString(j, "sandbox", BAD);
            // Interfaces before 1.0.0 have no mtu/socketPath/pciID; the reference drops them when reading.
            Integer mtu = v1 ? JsonSupport.optInt(j, "mtu", BAD) : null;
            String socketPath = v1 ? JsonSupport.optString(j, "socketPath", BAD) : null;
            String pciId = v1 ? JsonSupport.optString(j, "pciID", BAD) : null;
            interfaces.add(new NetInterface(name, mac, mtu, sandbox, socketPath, pciId));
        }
        List<IpConfig> ips = new ArrayList<>();
        for (JsonObject j : JsonSupport.objectList(o, "ips", BAD)) {
            String address = cidr(JsonSupport.optString(j, "address", BAD), j);
            String gateway = JsonSupport.optString(j, "gateway", BAD);
            Integer index = JsonSupport.optInt(j, "interface", BAD);
            if (index != null && index < 0) {
                throw new CniException(BAD, "invalid result", "negative interface index in " + j);
            }
            ips.add(new IpConfig(address, gateway, index));
        }
        List<Route> routes = new ArrayList<>();
        for (JsonObject j : JsonSupport.objectList(o, "routes", BAD)) {
            routes.add(route(j));
        }
        return new Result(interfaces, ips, routes, dns(o));
    }

    private static Result parseLegacy(JsonObject o) throws CniException {
        List<IpConfig> ips = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        for (String key : List.of("ip4", "ip6")) {
            JsonObject ip = JsonSupport.optObject(o, key, BAD);
            if (ip == null) {
                continue;
            }
            ips.add(new IpConfig(cidr(JsonSupport.optString(ip, "ip", BAD), ip), JsonSupport.optString(ip, "gateway", BAD), null));
            for (JsonObject r : JsonSupport.objectList(ip, "routes", BAD)) {
                routes.add(route(r));
            }
        }
        return new Result(List.of(), ips, routes, dns(o));
    }

    private static String cidr(String text, JsonObject where) throws CniException {
        if (text == null || text.indexOf('/') < 0 || IpFamily.orZero(text) == 0) {
            throw new CniException(BAD, "invalid result", "bad IP address in " + where);
        }
        return text;
    }

    private static Route route(JsonObject j) throws CniException {
        String dst = JsonSupport.optString(j, "dst", BAD);
        if (dst == null || IpFamily.orZero(dst) == 0) {
            throw new CniException(BAD, "invalid result", "bad route dst in " + j);
        }
        return new Route(dst, JsonSupport.optString(j, "gw", BAD), JsonSupport.optInt(j, "mtu", BAD),
                JsonSupport.optInt(j, "advmss", BAD), JsonSupport.optInt(j, "priority", BAD),
                JsonSupport.optInt(j, "table", BAD), JsonSupport.optInt(j, "scope", BAD));
    }

    /** Reads a {@code dns} object (from a result or a config); {@link Dns#EMPTY} when absent. */
    public static Dns dns(JsonObject parent) throws CniException {
        JsonObject d = JsonSupport.optObject(parent, "dns", BAD);
        if (d == null) {
            return Dns.EMPTY;
        }
        return new Dns(JsonSupport.stringList(d, "nameservers", BAD), JsonSupport.optString(d, "domain", BAD),
                JsonSupport.stringList(d, "search", BAD), JsonSupport.stringList(d, "options", BAD));
    }
}
