package io.jnet.plugin.bridge;

import io.jnet.cni.spec.CniException;
import io.jnet.cni.util.Sha512;
import io.jnet.netlink.AlreadyExistsException;
import io.jnet.netlink.Link;
import io.jnet.netlink.MacAddress;
import io.jnet.netlink.Netlink;
import io.jnet.netlink.NetlinkException;
import io.jnet.netlink.Veth;
import io.jnet.netlink.ns.NetNs;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The veth pair of an attachment, created from the container's namespace with its final name there and the peer
 * placed in the host namespace at creation, so neither end ever shows up under a name that could clash.
 */
final class VethPair {
    private VethPair() {}

    private static final int ATTEMPTS = 10;

    /** Made on the first clash only: SecureRandom sets up the JCA providers, milliseconds every call would pay. */
    private static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    /** Both ends just after creation. */
    record Created(Link container, Link host) {}

    /**
     * The host end's first-choice name: {@code veth} + 8 hex chars of sha512(network, containerID, ifname), so DEL can
     * find it by the attachment's identity alone (no netns, no prevResult). Clashes fall back to random names.
     */
    static String hostName(String network, String containerId, String ifname) {
        return "veth" + HexFormat.of().formatHex(Sha512.of(network + "\n" + containerId + "\n" + ifname), 0, 4);
    }

    private static String randomName() {
        byte[] b = new byte[4];
        Random.INSTANCE.nextBytes(b);
        return "veth" + HexFormat.of().formatHex(b);
    }

    static Created create(Netlink container, Netlink host, NetNs hostNs, String ifname, String firstHostName, int mtu,
            MacAddress mac) throws CniException {
        String hostName = firstHostName;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                Veth spec = Veth.of(ifname, hostName).withMtu(mtu).withPeerIn(hostNs);
                if (mac != null) {
                    spec = spec.withMac(mac);
                }
                Link cont = container.createVeth(spec);
                return new Created(cont, host.link(hostName));
            } catch (AlreadyExistsException e) {
                if (exists(container, ifname)) {
                    throw Errors.failed("container veth name provided (" + ifname + ") already exists");
                }
                hostName = randomName(); // the host name clashed: try another
            } catch (NetlinkException e) {
                throw Errors.failed("failed to make veth pair", e);
            }
        }
        throw Errors.failed("failed to find a unique veth name");
    }

    private static boolean exists(Netlink nl, String name) throws CniException {
        try {
            return nl.findLink(name).isPresent();
        } catch (NetlinkException e) {
            throw Errors.failed("failed to look up " + name, e);
        }
    }
}
