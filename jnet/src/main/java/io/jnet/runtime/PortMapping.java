package io.jnet.runtime;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One published port, the {@code portMappings} capability entry: {@code {hostPort, containerPort, protocol, hostIP}}.
 *
 * @param hostIp        the host address it is published on, "" for all of them
 * @param hostPort      port on the host
 * @param containerPort port inside the namespace
 * @param protocol      tcp, udp or sctp
 */
public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {

    public PortMapping {
        hostIp = hostIp == null ? "" : hostIp;
        protocol = protocol == null || protocol.isEmpty() ? "tcp" : protocol;
    }

    /** Whether both would catch the same packets (same port and protocol, and one host address covers the other). */
    public boolean clashesWith(PortMapping other) {
        return hostPort == other.hostPort && protocol.equals(other.protocol)
                && (anyAddress() || other.anyAddress() || hostIp.equals(other.hostIp));
    }

    /** Published on every host address. */
    public boolean anyAddress() {
        return hostIp.isEmpty() || hostIp.equals("0.0.0.0") || hostIp.equals("::");
    }

    /** The capability JSON entry. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("hostPort", hostPort);
        o.addProperty("containerPort", containerPort);
        o.addProperty("protocol", protocol);
        if (!hostIp.isEmpty()) {
            o.addProperty("hostIP", hostIp);
        }
        return o;
    }

    /** Reads a capability entry (as cached by any runtime); null when it is malformed. */
    public static PortMapping fromJson(JsonElement e) {
        if (e == null || !e.isJsonObject()) {
            return null;
        }
        JsonObject o = e.getAsJsonObject();
        try {
            return new PortMapping(o.has("hostIP") ? o.get("hostIP").getAsString() : "", o.get("hostPort").getAsInt(),
                    o.get("containerPort").getAsInt(), o.has("protocol") ? o.get("protocol").getAsString().toLowerCase(Locale.ROOT) : "tcp");
        } catch (RuntimeException ex) {
            return null;
        }
    }

    /**
     * The mappings for people, a published range (consecutive mappings, both ports one up) in one piece:
     * {@code 8000-8010->80-90/tcp, 127.0.0.1:5353->53/udp}.
     */
    public static String describe(List<PortMapping> ports) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < ports.size()) {
            PortMapping a = ports.get(i);
            int j = i;
            while (j + 1 < ports.size() && follows(ports.get(j), ports.get(j + 1))) {
                j++;
            }
            PortMapping b = ports.get(j);
            out.add(j == i ? a.toString() : a.hostPrefix() + a.hostPort + "-" + b.hostPort + "->" + a.containerPort + "-" + b.containerPort
                    + "/" + a.protocol);
            i = j + 1;
        }
        return String.join(", ", out);
    }

    private static boolean follows(PortMapping a, PortMapping b) {
        return b.hostIp.equals(a.hostIp) && b.protocol.equals(a.protocol) && b.hostPort == a.hostPort + 1
                && b.containerPort == a.containerPort + 1;
    }

    private String hostPrefix() {
        return anyAddress() ? "" : (hostIp.contains(":") ? "[" + hostIp + "]" : hostIp) + ":";
    }

    /** {@code 127.0.0.1:8080->80/tcp}, or {@code 8080->80/tcp} on every address. */
    @Override
    public String toString() {
        return hostPrefix() + hostPort + "->" + containerPort + "/" + protocol;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortMapping p && p.hostIp.equals(hostIp) && p.hostPort == hostPort
                && p.containerPort == containerPort && p.protocol.equals(protocol);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hostIp, hostPort, containerPort, protocol);
    }
}
