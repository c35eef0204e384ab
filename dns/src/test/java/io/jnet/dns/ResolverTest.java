package io.jnet.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.inet.IpPrefix;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The resolver as a library on loopback (no root: a high port, 127.0.0.0/8 standing in for a network): reload with
 * acknowledgement, UDP and TCP, several queries on one TCP connection, garbage on TCP, and the control socket.
 */
class ResolverTest {
    @TempDir
    Path dir;

    final int port = 20000 + ThreadLocalRandom.current().nextInt(20000);

    @Test
    void servesReloadsAndStops() throws Exception {
        ResolverFiles files = new ResolverFiles(dir);
        write(files, List.of(new NetworkRecords.Host("a", List.of("alpha"), List.of(IpPrefix.literal("127.0.0.2"))),
                new NetworkRecords.Host("b", List.of("beta"), List.of(IpPrefix.literal("127.0.0.3")))));
        Path conf = dir.resolve("resolv.conf");
        Files.writeString(conf, "");
        try (Resolver r = Resolver.start(new Resolver.Config(files.records(), port, new Upstreams(conf, dir.resolve("none")),
                Duration.ofMillis(500)))) {
            ControlServer control = new ControlServer(files.control(), r, () -> { });
            try {
                ResolverProcess client = new ResolverProcess(files, List.of("unused"));
                assertTrue(client.send("ping").orElseThrow().startsWith("ok pid="));
                assertEquals(List.of("127.0.0.3"), addresses(udp("beta")));
                assertEquals(List.of("127.0.0.2"), addresses(tcpTwice("alpha")));
                assertEquals(Rcode.SERVFAIL, udp("example.org").getRcode(), "no upstream: SERVFAIL, at once");

                write(files, List.of(new NetworkRecords.Host("a", List.of("alpha"), List.of(IpPrefix.literal("127.0.0.2")))));
                String ack = client.update(true);
                assertTrue(ack.startsWith("ok generation=2 networks=1"), ack);
                assertEquals(Rcode.NXDOMAIN, udp("beta").getRcode(), "gone once the reload was acknowledged");
                assertTrue(client.send("stats").orElseThrow().contains("answered="));

                try (Socket s = new Socket("127.0.0.1", port)) { // garbage framed as a message, then a truncated frame
                    DataOutputStream out = new DataOutputStream(s.getOutputStream());
                    out.writeShort(5);
                    out.write(new byte[] {1, 2, 3, 4, 5});
                    out.writeShort(300);
                    out.write(new byte[10]);
                    out.flush();
                }
                assertEquals(List.of("127.0.0.2"), addresses(udp("alpha")), "still answering");
                assertEquals("error unknown command", client.send("bogus").orElseThrow());
            } finally {
                control.close();
            }
        }
    }

    private void write(ResolverFiles files, List<NetworkRecords.Host> hosts) throws Exception {
        RecordsFiles.write(files.records(), new NetworkRecords("lo", false, List.of(IpPrefix.literal("127.0.0.1")),
                List.of(IpPrefix.parse("127.0.0.0/8")), hosts));
    }

    private Message udp(String name) throws Exception {
        byte[] q = query(name).toWire();
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(IpPrefix.literal("127.0.0.2"), 0))) {
            s.setSoTimeout(3000);
            s.send(new DatagramPacket(q, q.length, new InetSocketAddress("127.0.0.1", port)));
            DatagramPacket in = new DatagramPacket(new byte[4096], 4096);
            s.receive(in);
            return new Message(Arrays.copyOf(in.getData(), in.getLength()));
        }
    }

    /** Two questions on one connection: both answered. */
    private Message tcpTwice(String name) throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(IpPrefix.literal("127.0.0.2"), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            s.setSoTimeout(3000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            Message last = null;
            for (int i = 0; i < 2; i++) {
                byte[] q = query(name).toWire();
                out.writeShort(q.length);
                out.write(q);
                out.flush();
                byte[] a = new byte[in.readUnsignedShort()];
                in.readFully(a);
                last = new Message(a);
            }
            return last;
        }
    }

    private static Message query(String name) throws Exception {
        return Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN));
    }

    private static List<String> addresses(Message m) {
        return m.getSection(Section.ANSWER).stream().map(r -> IpPrefix.text(((ARecord) r).getAddress())).toList();
    }
}
