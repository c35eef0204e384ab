package io.jnet.differential;

import com.google.gson.JsonObject;
import java.util.Random;

/**
 * The random choices of a bridge config: gateway mode, masquerade, MTU, hairpin and promiscuous mode (both at once
 * is a config error, kept rare to compare the refusal), forceAddress, IPv6 DAD, and (without portmap) sometimes
 * no IPAM at all.
 */
final class BridgeShape {
    boolean isGateway;
    boolean isDefaultGateway;
    boolean ipMasq;
    int mtu;
    boolean hairpin;
    boolean promisc;
    boolean forceAddress;
    boolean enableDad;
    boolean layer3 = true;

    static BridgeShape random(Random r, boolean portmap) {
        BridgeShape s = new BridgeShape();
        int gw = r.nextInt(100);
        s.isDefaultGateway = gw < 40;
        s.isGateway = gw >= 40 && gw < 75;
        s.ipMasq = r.nextInt(100) < 45;
        s.mtu = r.nextInt(100) < 20 ? 1280 + r.nextInt(221) : 0;
        s.hairpin = r.nextInt(100) < 25;
        s.promisc = r.nextInt(100) < 15;
        s.forceAddress = r.nextInt(100) < 10;
        s.enableDad = r.nextInt(100) < 10;
        s.layer3 = portmap || r.nextInt(100) >= 6;
        return s;
    }

    JsonObject config(IpamGenerator ipam) {
        JsonObject b = new JsonObject();
        b.addProperty("type", "bridge");
        b.addProperty("bridge", "cni-fz");
        if (isDefaultGateway) {
            b.addProperty("isDefaultGateway", true);
        }
        if (isGateway) {
            b.addProperty("isGateway", true);
        }
        if (ipMasq) {
            b.addProperty("ipMasq", true);
        }
        if (mtu != 0) {
            b.addProperty("mtu", mtu);
        }
        if (hairpin) {
            b.addProperty("hairpinMode", true);
        }
        if (promisc) {
            b.addProperty("promiscMode", true);
        }
        if (forceAddress) {
            b.addProperty("forceAddress", true);
        }
        if (enableDad) {
            b.addProperty("enabledad", true);
        }
        b.add("ipam", layer3 ? ipam.config() : new JsonObject());
        return b;
    }
}
