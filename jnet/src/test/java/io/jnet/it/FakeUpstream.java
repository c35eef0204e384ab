package io.jnet.it;

import io.jnet.inet.IpPrefix;
import io.jnet.netlink.ns.NetNs;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * An upstream resolver in a test's own namespace (never a real one): it answers every A question with
 * {@link #ANSWER} and counts what it got, and whether all of it parsed.
 */
final class FakeUpstream implements AutoCloseable {
    static final String ANSWER = "198.51.100.77";

    final AtomicInteger questions = new AtomicInteger();
    final AtomicInteger unparseable = new AtomicInteger();
    private final DatagramSocket socket;
    private final Thread thread;

    FakeUpstream(NetNs ns, String address) throws Exception {
        this.socket = ns.call(() -> new DatagramSocket(new InetSocketAddress(IpPrefix.literal(address), 53)));
        this.thread = new Thread(this::serve, "fake-upstream");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        byte[] buf = new byte[65536];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                Message q;
                try {
                    q = new Message(Arrays.copyOf(p.getData(), p.getLength()));
                } catch (java.io.IOException e) {
                    unparseable.incrementAndGet();
                    continue;
                }
                questions.incrementAndGet();
                Message r = q.clone();
                r.getHeader().setFlag(Flags.QR);
                r.getHeader().setFlag(Flags.RA);
                if (q.getQuestion() != null && q.getQuestion().getType() == Type.A) {
                    r.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 60, IpPrefix.literal(ANSWER)), Section.ANSWER);
                }
                byte[] out = r.toWire();
                socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (java.io.IOException e) {
                // closed
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
