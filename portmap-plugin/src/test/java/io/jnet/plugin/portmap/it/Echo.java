package io.jnet.plugin.portmap.it;

import io.jnet.inet.IpPrefix;
import io.jnet.netlink.ns.NetNs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A TCP and UDP echo server on one port inside a namespace, served from this JVM: it answers each
 * line/datagram with {@code "<tag> <source address it saw>"}, so tests see both who answered and whether
 * the packet was masqueraded on the way. The sockets are created inside the namespace and keep it.
 */
final class Echo implements AutoCloseable {
    private final String tag;
    private final ServerSocket tcp;
    private final DatagramSocket udp;

    private Echo(String tag, ServerSocket tcp, DatagramSocket udp) {
        this.tag = tag;
        this.tcp = tcp;
        this.udp = udp;
    }

    /** Listens on {@code port} (every address, both families) in {@code ns}. */
    static Echo start(NetNs ns, String tag, int port) throws Exception {
        ServerSocket tcp = ns.call(() -> new ServerSocket(port));
        DatagramSocket udp = ns.call(() -> new DatagramSocket(port));
        Echo e = new Echo(tag, tcp, udp);
        daemon(e::serveTcp, "echo-tcp-" + tag);
        daemon(e::serveUdp, "echo-udp-" + tag);
        return e;
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket s = tcp.accept()) {
                s.setSoTimeout(3000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                in.readLine();
                OutputStream out = s.getOutputStream();
                out.write((tag + " " + IpPrefix.text(s.getInetAddress()) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                // closed at the end of the test, or a client that went away: keep serving until closed
            }
        }
    }

    private void serveUdp() {
        byte[] buf = new byte[512];
        while (!udp.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                byte[] reply = (tag + " " + IpPrefix.text(p.getAddress()) + "\n").getBytes(StandardCharsets.UTF_8);
                udp.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
            } catch (IOException e) {
                // as above
            }
        }
    }

    @Override
    public void close() throws IOException {
        tcp.close();
        udp.close();
    }
}
