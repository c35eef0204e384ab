package io.jnet.proxy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * One published port the proxy serves: where it listens on the host and where it forwards to.
 *
 * @param protocol      tcp or udp
 * @param hostIp        the host address to listen on: null for every address of both families, {@code 0.0.0.0}
 *                      or {@code ::} for every address of one family, or one address
 * @param hostPort      the host port, 1..65535
 * @param containerV4   the container's IPv4 address, or null
 * @param containerV6   the container's IPv6 address, or null (at least one of the two is set)
 * @param containerPort the container port, 1..65535
 */
public record Binding(String protocol, String hostIp, int hostPort, String containerV4, String containerV6, int containerPort) {

    public Binding {
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw new IllegalArgumentException("the proxy forwards tcp and udp, not " + protocol);
        }
        if (hostPort < 1 || hostPort > 65535 || containerPort < 1 || containerPort > 65535) {
            throw new IllegalArgumentException("ports are 1..65535: " + hostPort + " -> " + containerPort);
        }
        if (containerV4 == null && containerV6 == null) {
            throw new IllegalArgumentException("a binding needs a container address");
        }
        hostIp = hostIp == null || hostIp.isEmpty() ? null : hostIp;
    }

    /** The address to bind: {@code ::} (both families on Linux) when no host address is given. */
    public InetSocketAddress listenAddress() throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(hostIp == null ? "::" : hostIp), hostPort);
    }

    /**
     * Where a client's traffic goes: the container's address of the client's family when it has one (an IPv6
     * client to an IPv4-only container is proxied to IPv4, as Docker does), else the other.
     */
    public InetSocketAddress target(InetAddress client) throws UnknownHostException {
        boolean v6Client = client instanceof Inet6Address && !isV4Mapped((Inet6Address) client);
        String ip = v6Client ? (containerV6 != null ? containerV6 : containerV4) : (containerV4 != null ? containerV4 : containerV6);
        return new InetSocketAddress(InetAddress.getByName(ip), containerPort);
    }

    private static boolean isV4Mapped(Inet6Address a) {
        byte[] b = a.getAddress();
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    /** {@code tcp [::1]:8080 -> 10.88.0.2:80}, for messages. */
    public String describe() {
        String host = hostIp == null ? "*" : hostIp.contains(":") ? "[" + hostIp + "]" : hostIp;
        String to = containerV4 != null ? containerV4 : "[" + containerV6 + "]";
        return protocol + " " + host + ":" + hostPort + " -> " + to + ":" + containerPort;
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("protocol", protocol);
        if (hostIp != null) {
            o.addProperty("hostIP", hostIp);
        }
        o.addProperty("hostPort", hostPort);
        if (containerV4 != null) {
            o.addProperty("containerIPv4", containerV4);
        }
        if (containerV6 != null) {
            o.addProperty("containerIPv6", containerV6);
        }
        o.addProperty("containerPort", containerPort);
        return o;
    }

    /** The binding a request names; IllegalArgumentException when it is malformed. */
    public static Binding fromJson(JsonElement e) {
        if (e == null || !e.isJsonObject()) {
            throw new IllegalArgumentException("a binding is an object, not " + e);
        }
        JsonObject o = e.getAsJsonObject();
        try {
            return new Binding(o.get("protocol").getAsString(), text(o, "hostIP"), o.get("hostPort").getAsInt(),
                    text(o, "containerIPv4"), text(o, "containerIPv6"), o.get("containerPort").getAsInt());
        } catch (NullPointerException | UnsupportedOperationException | IllegalStateException | NumberFormatException ex) {
            throw new IllegalArgumentException("malformed binding " + o + ": " + ex.getMessage(), ex);
        }
    }

    private static String text(JsonObject o, String key) {
        JsonElement v = o.get(key);
        return v == null || v.isJsonNull() ? null : v.getAsString();
    }
}
