import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The DNS bench's two helpers (run as single-file sources with dnsjava on the class path):
 *
 * <pre>
 * java -cp 'dist/lib/*' bench/DnsLoad.java load SERVER NAME SECONDS THREADS   closed-loop UDP load, one line of figures
 * java -cp 'dist/lib/*' bench/DnsLoad.java upstream ADDRESS                   a stand-in upstream answering every A
 * </pre>
 *
 * The load: THREADS sockets, each with one question in flight (a new one as soon as the answer comes), for
 * SECONDS; prints {@code qps=N p50_us=N p99_us=N timeouts=N answered=N}. The upstream answers every question with
 * one A record (198.51.100.77) built straight from the question's bytes, so it costs the resolvers' forwarding
 * almost nothing of its own.
 */
public class DnsLoad {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("upstream")) {
            upstream(args[1]);
        } else {
            load(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        }
    }

    static void load(String server, String name, int seconds, int threads) throws Exception {
        byte[] query = Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN)).toWire();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        AtomicLong timeouts = new AtomicLong();
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int me = t;
            ts[t] = new Thread(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                byte[] q = query.clone();
                byte[] buf = new byte[4096];
                try (DatagramSocket s = new DatagramSocket()) {
                    s.connect(new InetSocketAddress(InetAddress.getByName(server), 53));
                    s.setSoTimeout(1000);
                    DatagramPacket in = new DatagramPacket(buf, buf.length);
                    int id = me * 4096;
                    while (System.nanoTime() < end) {
                        id = (id + 1) & 0xffff;
                        q[0] = (byte) (id >> 8);
                        q[1] = (byte) id;
                        long t0 = System.nanoTime();
                        s.send(new DatagramPacket(q, q.length));
                        try {
                            do {
                                in.setLength(buf.length);
                                s.receive(in);
                            } while (((buf[0] & 0xff) << 8 | (buf[1] & 0xff)) != id);
                        } catch (SocketTimeoutException e) {
                            timeouts.incrementAndGet();
                            continue;
                        }
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = System.nanoTime() - t0;
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                latencies[me] = lat;
                counts[me] = n;
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[total];
        int k = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies[t], 0, all, k, counts[t]);
            k += counts[t];
        }
        Arrays.sort(all);
        long p50 = total == 0 ? 0 : all[total / 2] / 1000;
        long p99 = total == 0 ? 0 : all[Math.min(total - 1, (int) (total * 0.99))] / 1000;
        System.out.printf("qps=%d p50_us=%d p99_us=%d timeouts=%d answered=%d%n", total / seconds, p50, p99, timeouts.get(), total);
    }

    static void upstream(String address) throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), 53))) {
            byte[] buf = new byte[4096];
            byte[] answer = {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, (byte) 198, 51, 100, 77};
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                int end = 12;
                while (end < p.getLength() && buf[end] != 0) {
                    end += (buf[end] & 0xff) + 1;
                }
                end += 5; // root label, type, class: the question ends here; EDNS and the rest are dropped
                if (p.getLength() < end) {
                    continue;
                }
                byte[] out = Arrays.copyOf(buf, end + answer.length);
                out[2] |= (byte) 0x80; // QR
                out[3] = (byte) 0x80; // RA, NOERROR
                out[6] = 0;
                out[7] = 1; // one answer
                out[8] = out[9] = out[10] = out[11] = 0;
                System.arraycopy(answer, 0, out, end, answer.length);
                s.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            }
        }
    }
}
