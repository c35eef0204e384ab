package io.jnet.plugin.portmap.it;

import io.jnet.inet.IpPrefix;
import io.jnet.netlink.ns.NetNs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Client probes run from inside a namespace: the echo server's answer, or null when nothing answered. */
final class Probe {
    private static final int TIMEOUT_MS = 1500;

    private Probe() {}

    static String tcp(NetNs from, String address, int port) throws Exception {
        return from.call(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(IpPrefix.literal(address), port), TIMEOUT_MS);
                s.setSoTimeout(TIMEOUT_MS);
                s.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                return null;
            }
        });
    }

    static String udp(NetNs from, String address, int port) throws Exception {
        return udp(from, address, port, 0);
    }

    /** A UDP probe from a fixed source port ({@code 0}: any), to meet a conntrack entry left by an earlier one. */
    static String udp(NetNs from, String address, int port, int sourcePort) throws Exception {
        return from.call(() -> {
            try (DatagramSocket s = new DatagramSocket(sourcePort)) {
                s.setReuseAddress(true);
                s.setSoTimeout(TIMEOUT_MS);
                s.connect(new InetSocketAddress(IpPrefix.literal(address), port));
                byte[] ping = "ping\n".getBytes(StandardCharsets.UTF_8);
                s.send(new DatagramPacket(ping, ping.length));
                byte[] buf = new byte[512];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                return new String(buf, 0, p.getLength(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                return null;
            }
        });
    }
}
