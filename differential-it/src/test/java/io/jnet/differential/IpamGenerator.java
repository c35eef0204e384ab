package io.jnet.differential;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random but valid host-local configs: one IPv4 and/or one IPv6 range set (sometimes two pools in a set), small
 * subnets that can run out, narrowed ranges, explicit gateways, IPAM routes with and without gateway, the legacy
 * top-level subnet form, and a resolvConf. Also requested addresses that may or may not be free.
 */
final class IpamGenerator {
    private final Random r;
    private final int caseIndex;
    /** The IPv4 subnet's first three octets and length, or -1 when the config has no IPv4. */
    int v4Third = -1;
    int v4Length;
    /** The IPv6 subnet's prefix text ("fd12:3456:") or null. */
    String v6Prefix;
    int v6Length;

    IpamGenerator(Random r, int caseIndex) {
        this.r = r;
        this.caseIndex = caseIndex;
    }

    boolean hasV4() {
        return v4Third >= 0;
    }

    boolean hasV6() {
        return v6Prefix != null;
    }

    JsonObject config() {
        int mix = r.nextInt(100);
        boolean v4 = mix < 85;
        boolean v6 = mix >= 60;
        JsonObject ipam = new JsonObject();
        ipam.addProperty("type", "host-local");
        ipam.addProperty("dataDir", "@DATADIR@");
        JsonArray ranges = new JsonArray();
        if (v4) {
            v4Third = r.nextInt(250);
            int pick = r.nextInt(100);
            v4Length = pick < 60 ? 24 : pick < 85 ? 28 : 29;
            JsonObject pool = v4Pool(v4Third, v4Length, r.nextInt(100) < 30);
            if (!v6 && r.nextInt(100) < 12) {
                pool.entrySet().forEach(e -> ipam.add(e.getKey(), e.getValue())); // the legacy top-level form
            } else {
                JsonArray set = new JsonArray();
                set.add(pool);
                if (r.nextInt(100) < 10) { // a second pool in the same set: allocation wraps from one to the other
                    set.add(v4Pool((v4Third + 1) % 250, 29, false));
                }
                ranges.add(set);
            }
        }
        if (v6) {
            v6Prefix = String.format("fd%02x:%x:", caseIndex % 256, 1 + r.nextInt(0xfffe));
            v6Length = r.nextInt(100) < 80 ? 64 : 120;
            JsonObject pool = new JsonObject();
            pool.addProperty("subnet", v6Prefix + ":/" + v6Length);
            if (r.nextInt(100) < 25) {
                int start = 2 + r.nextInt(5);
                pool.addProperty("rangeStart", v6Prefix + ":" + Integer.toHexString(start));
                pool.addProperty("rangeEnd", v6Prefix + ":" + Integer.toHexString(start + 1 + r.nextInt(4)));
            }
            if (r.nextInt(100) < 15) {
                pool.addProperty("gateway", v6Prefix + ":fe");
            }
            JsonArray set = new JsonArray();
            set.add(pool);
            ranges.add(set);
        }
        if (!ranges.isEmpty()) {
            ipam.add("ranges", ranges);
        }
        JsonArray routes = routes();
        if (!routes.isEmpty()) {
            ipam.add("routes", routes);
        }
        if (r.nextInt(100) < 15) {
            ipam.addProperty("resolvConf", "@RESOLV@");
        }
        return ipam;
    }

    private JsonObject v4Pool(int third, int length, boolean narrowed) {
        JsonObject pool = new JsonObject();
        String net = "10." + (20 + caseIndex % 200) + "." + third + ".";
        pool.addProperty("subnet", net + "0/" + length);
        int size = 1 << (32 - length);
        if (narrowed) {
            int start = 2 + r.nextInt(3);
            pool.addProperty("rangeStart", net + start);
            pool.addProperty("rangeEnd", net + Math.min(size - 2, start + 1 + r.nextInt(4)));
        }
        if (r.nextInt(100) < 20) {
            pool.addProperty("gateway", net + (size - 2)); // the last usable address, inside the range: skipped
        }
        return pool;
    }

    private JsonArray routes() {
        JsonArray routes = new JsonArray();
        int n = r.nextInt(100) < 45 ? 0 : 1 + r.nextInt(2);
        for (int i = 0; i < n; i++) {
            boolean v4 = hasV4() && (!hasV6() || r.nextBoolean());
            JsonObject route = new JsonObject();
            boolean isDefault = r.nextInt(100) < 40;
            if (v4) {
                route.addProperty("dst", isDefault ? "0.0.0.0/0" : "192.168." + r.nextInt(250) + ".0/24");
                if (r.nextInt(100) < 30) {
                    route.addProperty("gw", "10." + (20 + caseIndex % 200) + "." + v4Third + ".3");
                }
            } else {
                route.addProperty("dst", isDefault ? "::/0" : "2001:db8:" + Integer.toHexString(r.nextInt(0xffff)) + "::/48");
                if (r.nextInt(100) < 30) {
                    route.addProperty("gw", v6Prefix + ":3");
                }
            }
            routes.add(route);
        }
        return routes;
    }

    /** A requested address ({@code args.cni.ips} or {@code IP=}) in the config's subnets, often one taken already. */
    List<String> requestedIps() {
        List<String> ips = new ArrayList<>();
        if (hasV4() && (!hasV6() || r.nextBoolean())) {
            ips.add("10." + (20 + caseIndex % 200) + "." + v4Third + "." + (2 + r.nextInt(4)));
        } else if (hasV6()) {
            ips.add(v6Prefix + ":" + Integer.toHexString(2 + r.nextInt(4)));
        }
        return ips;
    }
}
