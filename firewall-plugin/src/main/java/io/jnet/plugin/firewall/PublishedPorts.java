package io.jnet.plugin.firewall;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.jnet.cni.spec.CniException;
import io.jnet.firewall.PortMapping;
import io.jnet.inet.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code runtimeConfig.portMappings} as the firewall plugin reads them (with the {@code portMappings} capability):
 * routed networks open the container ports, nat networks keep loopback-bound host ports to the host.
 */
final class PublishedPorts {
    private PublishedPorts() {}

    /** The mappings, host addresses in canonical text (null for any); code 7 for a malformed one. */
    static List<PortMapping> from(JsonObject runtimeConfig) throws CniException {
        List<PortMapping> out = new ArrayList<>();
        JsonElement list = runtimeConfig.get("portMappings");
        if (list == null || list.isJsonNull()) {
            return out;
        }
        if (!list.isJsonArray()) {
            throw bad("runtimeConfig.portMappings is not a list");
        }
        for (JsonElement e : list.getAsJsonArray()) {
            if (!e.isJsonObject()) {
                throw bad("a port mapping is not an object: " + e);
            }
            JsonObject m = e.getAsJsonObject();
            try {
                String proto = m.has("protocol") ? m.get("protocol").getAsString().toLowerCase(Locale.ROOT) : "tcp";
                String hostIp = m.has("hostIP") && !m.get("hostIP").getAsString().isEmpty() ? m.get("hostIP").getAsString() : null;
                int hostPort = m.get("hostPort").getAsInt();
                int containerPort = m.get("containerPort").getAsInt();
                if (!List.of("tcp", "udp", "sctp").contains(proto) || hostPort < 1 || hostPort > 65535 || containerPort < 1
                        || containerPort > 65535) {
                    throw bad("invalid port mapping " + m);
                }
                String canonical = hostIp == null ? null : IpPrefix.text(IpPrefix.literal(hostIp));
                out.add(new PortMapping(hostPort, containerPort, proto, canonical));
            } catch (RuntimeException ex) {
                throw bad("invalid port mapping " + m);
            }
        }
        return out;
    }

    private static CniException bad(String details) {
        return new CniException(CniException.INVALID_NETWORK_CONFIG, "invalid portMappings", details);
    }
}
