package io.jnet.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/**
 * UDP port 53 of one gateway address: one thread receives and answers in place (our names are a map lookup);
 * forwarded questions are answered from dnsjava's I/O thread when the upstream replies.
 */
final class UdpServer implements AutoCloseable {
    private final DatagramChannel channel;
    private final QueryHandler handler;
    private final Thread thread;

    UdpServer(InetAddress address, int port, QueryHandler handler) throws IOException {
        this.channel = DatagramChannel.open();
        try {
            channel.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        this.handler = handler;
        this.thread = new Thread(this::serve, "dns-udp-" + address.getHostAddress());
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        ByteBuffer buf = ByteBuffer.allocateDirect(65536);
        while (channel.isOpen()) {
            try {
                buf.clear();
                SocketAddress from = channel.receive(buf);
                if (!(from instanceof InetSocketAddress src)) {
                    continue;
                }
                buf.flip();
                byte[] packet = new byte[buf.remaining()];
                buf.get(packet);
                handler.handle(packet, src.getAddress(), false, answer -> send(answer, src));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // one bad exchange (an ICMP error surfacing, a failure in a handler) must not stop the server
            }
        }
    }

    private void send(byte[] answer, InetSocketAddress to) {
        try {
            channel.send(ByteBuffer.wrap(answer), to);
        } catch (IOException e) {
            // the asker is gone; UDP has nobody to tell
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
