package io.jnet.testing;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A TCP or UDP server living in a namespace, answering every connection or datagram with a fixed
 * reply. Its socket is created inside the namespace, then served from an ordinary daemon thread:
 * a socket keeps the namespace it was made in.
 */
public final class Responder implements Closeable {
    private final Closeable socket;

    private Responder(Closeable socket) {
        this.socket = socket;
    }

    static Responder tcp(ServerSocket server, String reply) {
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    out.write(reply.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // closed, or a client that went away: keep serving until closed
                }
            }
        }, "responder-tcp-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
        return new Responder(server);
    }

    static Responder udp(DatagramSocket socket, String reply) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[1500];
            byte[] answer = reply.getBytes(StandardCharsets.UTF_8);
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                } catch (IOException e) {
                    // closed: the loop ends
                }
            }
        }, "responder-udp-" + socket.getLocalPort());
        t.setDaemon(true);
        t.start();
        return new Responder(socket);
    }

    static ServerSocket bindTcp(String address, int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        return s;
    }

    static DatagramSocket bindUdp(String address, int port) throws IOException {
        return new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), port));
    }

    /** Connects to host:port and reads the whole reply; the socket is made by the caller's namespace thread. */
    static String tcpRequest(String host, int port, int timeoutMillis) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(host), port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String udpRequest(String host, int port, int timeoutMillis) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(timeoutMillis);
            byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(ping, ping.length, InetAddress.getByName(host), port));
            byte[] buf = new byte[1500];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
