package io.jnet.netlink;

import io.jnet.netlink.ns.NetNs;

/**
 * What to create with {@link Netlink#createVeth(Veth)}: a veth pair whose first end stays in the
 * handle's namespace and whose peer may be placed in another namespace at creation (so it never
 * appears, even briefly, in the handle's namespace under a name that could clash).
 *
 * @param name      name of the local end
 * @param peerName  name of the peer end
 * @param mtu       MTU of both ends, 0 for the kernel default
 * @param mac       MAC of the local end, null for a random one
 * @param peerMac   MAC of the peer, null for a random one
 * @param peerNetns namespace to create the peer in, null for the handle's namespace
 */
public record Veth(String name, String peerName, int mtu, MacAddress mac, MacAddress peerMac, NetNs peerNetns) {

    public Veth {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(peerName, "peerName");
        if (mtu < 0) {
            throw new IllegalArgumentException("mtu must not be negative: " + mtu);
        }
    }

    public static Veth of(String name, String peerName) {
        return new Veth(name, peerName, 0, null, null, null);
    }

    public Veth withPeerIn(NetNs netns) {
        return new Veth(name, peerName, mtu, mac, peerMac, netns);
    }

    public Veth withMtu(int newMtu) {
        return new Veth(name, peerName, newMtu, mac, peerMac, peerNetns);
    }

    public Veth withMac(MacAddress newMac) {
        return new Veth(name, peerName, mtu, newMac, peerMac, peerNetns);
    }

    public Veth withPeerMac(MacAddress newPeerMac) {
        return new Veth(name, peerName, mtu, mac, newPeerMac, peerNetns);
    }
}
