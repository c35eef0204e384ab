package io.jnet.firewall;

import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive port mappings written as one: host ports {@code hostStart..hostEnd} of one protocol and host
 * address, forwarded to container ports {@code containerStart..} in step. The CNI convention has one
 * {@code portMappings} entry per port, so a published range of 1000 ports arrives as 1000 entries; jnet turns
 * each run of them back into one rule ({@code --dport 8000:8999}, DNAT to {@code :80-1079/8000}) instead of
 * the reference's three rules per port.
 *
 * @param protocol       tcp, udp or sctp
 * @param hostIp         the mapping's hostIP (null for any), shared by every port of the run
 * @param hostStart      the first host port
 * @param hostEnd        the last host port (equal to {@code hostStart} for a single mapping)
 * @param containerStart the container port of {@code hostStart}
 */
public record PortRun(String protocol, String hostIp, int hostStart, int hostEnd, int containerStart) {

    /** The mappings in order, consecutive ones (same protocol and host IP, both ports one up) joined into runs. */
    public static List<PortRun> of(List<PortMapping> mappings) {
        List<PortRun> out = new ArrayList<>();
        for (PortMapping m : mappings) {
            PortRun last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.extendedBy(m)) {
                out.set(out.size() - 1, new PortRun(last.protocol, last.hostIp, last.hostStart, m.hostPort(), last.containerStart));
            } else {
                out.add(new PortRun(m.protocol(), m.hostIp(), m.hostPort(), m.hostPort(), m.containerPort()));
            }
        }
        return out;
    }

    private boolean extendedBy(PortMapping m) {
        return m.protocol().equals(protocol) && java.util.Objects.equals(m.hostIp(), hostIp) && m.hostPort() == hostEnd + 1
                && m.containerPort() == containerEnd() + 1 && m.hostPort() <= 65535;
    }

    public boolean isSingle() {
        return hostStart == hostEnd;
    }

    public int containerEnd() {
        return containerStart + (hostEnd - hostStart);
    }

    /** The first mapping of the run, standing for all of it where only the protocol and host address matter. */
    public PortMapping first() {
        return new PortMapping(hostStart, containerStart, protocol, hostIp);
    }

    /** The host ports as iptables matches them: {@code 8080} or {@code 8000:8010}. */
    public String hostPorts() {
        return isSingle() ? Integer.toString(hostStart) : hostStart + ":" + hostEnd;
    }

    /**
     * The DNAT target for container address {@code ip} (canonical text), as iptables-save prints it: {@code ip:port}
     * for one port; for a run, the address alone when the ports are the same on both sides (DNAT keeps the port), else
     * the shifted range {@code ip:80-90/8000} (host port 8000 goes to 80, 8001 to 81 ...).
     */
    public String target(String ip, boolean v6) {
        if (!isSingle() && containerStart == hostStart) {
            return ip;
        }
        String host = v6 ? "[" + ip + "]" : ip;
        return isSingle() ? host + ":" + containerStart : host + ":" + containerStart + "-" + containerEnd() + "/" + hostStart;
    }
}
