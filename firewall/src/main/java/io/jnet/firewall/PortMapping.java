package io.jnet.firewall;

/**
 * One entry of {@code runtimeConfig.portMappings}: publish {@code hostPort}/{@code protocol} on the host
 * and forward it to {@code containerPort} of the container.
 *
 * @param hostPort      the port on the host, 1..65535
 * @param containerPort the port in the container, 1..65535
 * @param protocol      tcp, udp or sctp, lower case
 * @param hostIp        the host address the port is bound to in canonical text ({@code 10.0.0.1}, {@code fd00::1}),
 *                      {@code 0.0.0.0} or {@code ::} for any address of that family only, or null for any address
 *                      of both families
 */
public record PortMapping(int hostPort, int containerPort, String protocol, String hostIp) {

    /** Whether this mapping is published in {@code family}: a host IP of the other family skips it. */
    public boolean appliesTo(Family family) {
        return hostIp == null || Family.of(hostIp) == family;
    }

    /** Bound to a loopback address ({@code 127.0.0.0/8} or {@code ::1}): only the host itself may use it. */
    public boolean isLoopback() {
        return hostIp != null && (hostIp.startsWith("127.") || hostIp.equals("::1"));
    }

    /** The destination address the rules match, or null when any local address will do. */
    public String destination() {
        if (hostIp == null || hostIp.equals("0.0.0.0") || hostIp.equals("::")) {
            return null;
        }
        return hostIp;
    }
}
