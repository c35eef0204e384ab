package io.jnet.proxy;

import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

/**
 * A host UDP socket: each client address gets its own socket connected to the container, whose answers go back to
 * that client from the host socket; a flow idle for {@link #IDLE_MS} is forgotten (docker-proxy's 90 s).
 */
final class UdpForwarder implements Forwarder {
    static final int IDLE_MS = 90_000;
    /** The largest UDP payload over IPv4, as docker-proxy reads. */
    private static final int MAX_DATAGRAM = 65507;

    private final Binding binding;
    private final DatagramSocket socket;
    private final ThreadFactory threads;
    private final PrintStream log;
    private final Map<SocketAddress, DatagramSocket> flows = new ConcurrentHashMap<>();

    private UdpForwarder(Binding binding, DatagramSocket socket, ThreadFactory threads, PrintStream log) {
        this.binding = binding;
        this.socket = socket;
        this.threads = threads;
        this.log = log;
    }

    static UdpForwarder bind(Binding b, ThreadFactory threads, PrintStream log) throws IOException {
        DatagramSocket s = new DatagramSocket(null);
        try {
            s.bind(b.listenAddress());
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new UdpForwarder(b, s, threads, log);
    }

    @Override
    public Binding binding() {
        return binding;
    }

    @Override
    public void start() {
        threads.newThread(this::receiveLoop).start();
    }

    private void receiveLoop() {
        byte[] buf = new byte[MAX_DATAGRAM];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                SocketAddress client = p.getSocketAddress();
                DatagramSocket flow = flows.get(client);
                if (flow == null || flow.isClosed()) {
                    flow = open(client, (InetSocketAddress) client);
                }
                flow.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength()));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    log.println("jnet-proxy: " + binding.describe() + ": " + e.getMessage());
                }
            }
        }
    }

    private DatagramSocket open(SocketAddress key, InetSocketAddress client) throws IOException {
        DatagramSocket flow = new DatagramSocket();
        flow.connect(binding.target(client.getAddress()));
        flow.setSoTimeout(IDLE_MS);
        flows.put(key, flow);
        threads.newThread(() -> replies(key, flow)).start();
        return flow;
    }

    /** The container's answers on one flow, sent back to its client until the flow is idle or closed. */
    private void replies(SocketAddress client, DatagramSocket flow) {
        byte[] buf = new byte[MAX_DATAGRAM];
        try {
            while (!flow.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                flow.receive(p);
                socket.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), client));
            }
        } catch (SocketTimeoutException e) {
            // idle: forget the flow
        } catch (IOException e) {
            if (!flow.isClosed() && !socket.isClosed()) {
                log.println("jnet-proxy: " + binding.describe() + " reply: " + e.getMessage());
            }
        } finally {
            flows.remove(client, flow);
            flow.close();
        }
    }

    @Override
    public void close() {
        socket.close();
        flows.values().forEach(DatagramSocket::close);
        flows.clear();
    }
}
