package io.jnet.it;

import io.jnet.inet.IpPrefix;
import io.jnet.netlink.ns.NetNs;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Raw DNS questions from inside a namespace (the socket is made on a thread in it), over UDP or TCP, with dnsjava
 * only for the wire format: what a container's stub resolver would send.
 */
final class DnsProbe {
    private DnsProbe() {}

    static Message query(String name, int type) {
        try {
            return Message.newQuery(Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."), type, DClass.IN));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The answer to one UDP question, empty when none came in time. */
    static Optional<Message> udp(NetNs from, String server, String name, int type) {
        return udpRaw(from, server, query(name, type).toWire(), 5000).map(DnsProbe::parse);
    }

    /** The answer to one TCP question, empty when the connection failed or no answer came in time. */
    static Optional<Message> tcp(NetNs from, String server, String name, int type) {
        return tcpRaw(from, server, query(name, type).toWire(), 5000).map(DnsProbe::parse);
    }

    static Optional<byte[]> udpRaw(NetNs from, String server, byte[] packet, int timeoutMillis) {
        try {
            return from.call(() -> {
                try (DatagramSocket s = new DatagramSocket()) {
                    s.setSoTimeout(timeoutMillis);
                    s.send(new DatagramPacket(packet, packet.length, new InetSocketAddress(IpPrefix.literal(server), 53)));
                    DatagramPacket in = new DatagramPacket(new byte[65536], 65536);
                    s.receive(in);
                    return Optional.of(Arrays.copyOf(in.getData(), in.getLength()));
                } catch (SocketTimeoutException e) {
                    return Optional.<byte[]>empty();
                }
            });
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    static Optional<byte[]> tcpRaw(NetNs from, String server, byte[] packet, int timeoutMillis) {
        try {
            return from.call(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(IpPrefix.literal(server), 53), timeoutMillis);
                    s.setSoTimeout(timeoutMillis);
                    DataOutputStream out = new DataOutputStream(s.getOutputStream());
                    out.writeShort(packet.length);
                    out.write(packet);
                    out.flush();
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    byte[] answer = new byte[in.readUnsignedShort()];
                    in.readFully(answer);
                    return Optional.of(answer);
                } catch (java.io.IOException e) {
                    return Optional.<byte[]>empty();
                }
            });
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    static Message parse(byte[] wire) {
        try {
            return new Message(wire);
        } catch (java.io.IOException e) {
            throw new AssertionError("unparseable answer", e);
        }
    }

    /** The A/AAAA addresses (as text) of an answer. */
    static List<String> addresses(Message m) {
        List<String> out = new ArrayList<>();
        for (Record r : m.getSection(Section.ANSWER)) {
            InetAddress a = r instanceof ARecord ar ? ar.getAddress() : r instanceof AAAARecord aaaa ? aaaa.getAddress() : null;
            if (a != null) {
                out.add(IpPrefix.text(a));
            }
        }
        return out;
    }

    /** The rdata of the answer records (PTR targets and such). */
    static List<String> rdata(Message m) {
        return m.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList();
    }
}
