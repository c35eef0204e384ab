package io.jnet.runtime;

import io.jnet.inet.IpPrefix;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

/** Whether host ports may be published: each once, and never over a socket already listening on it. */
final class PortConflicts {
    private PortConflicts() {}

    /** Refuses a port given twice, published by another attachment, or with a socket bound to it. */
    static void check(List<PortMapping> ports, List<AttachmentView> attachments) {
        checkDuplicates(ports);
        for (AttachmentView a : attachments) {
            for (PortMapping theirs : a.ports()) {
                for (PortMapping mine : ports) {
                    if (mine.clashesWith(theirs)) {
                        throw JnetException.conflict("host port " + mine.hostPort() + "/" + mine.protocol() + " is already published by "
                                + a.netns() + " (" + theirs + ")", "pick another host port, or jnet detach " + a.netns() + " first");
                    }
                }
            }
        }
        for (PortMapping p : ports) {
            String holder = listener(p);
            if (holder != null) {
                throw JnetException.conflict("host port " + p.hostPort() + "/" + p.protocol() + " is in use on this host (" + holder + ")",
                        "pick another host port (ss -lntu shows what listens)");
            }
        }
    }

    /** Refuses a host port given twice in one request. */
    static void checkDuplicates(List<PortMapping> ports) {
        for (int i = 0; i < ports.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (ports.get(i).clashesWith(ports.get(j))) {
                    throw JnetException.usage("host port " + ports.get(i).hostPort() + "/" + ports.get(i).protocol() + " is given twice",
                            "publish each host port once");
                }
            }
        }
    }

    /**
     * What holds the mapping's host port on this host, or null when nothing does. A listening socket would be
     * shadowed by the DNAT rules: find one by trying to bind the port ourselves.
     */
    static String listener(PortMapping p) {
        InetSocketAddress at;
        try {
            at = new InetSocketAddress(p.anyAddress() ? InetAddress.getByName("0.0.0.0") : IpPrefix.literal(p.hostIp()), p.hostPort());
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        try {
            if (p.protocol().equals("tcp")) {
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(at);
                }
            } else if (p.protocol().equals("udp")) {
                try (DatagramSocket s = new DatagramSocket(null)) {
                    s.bind(at);
                }
            }
            return null;
        } catch (BindException e) {
            return "a socket is bound to " + at.getAddress().getHostAddress() + ":" + p.hostPort();
        } catch (IOException e) {
            return null; // e.g. the host address is not ours; the plugin will judge
        }
    }
}
