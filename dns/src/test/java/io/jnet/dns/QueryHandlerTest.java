package io.jnet.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.inet.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The query path without sockets: who is answered, what, and what reaches the forwarder. */
class QueryHandlerTest {
    static final InetAddress RED = ip("10.1.0.2");
    static final InetAddress BLUE = ip("10.1.0.3");
    static final InetAddress GREEN = ip("10.2.0.2");
    static final InetAddress SEALED = ip("10.3.0.2");

    final List<Message> forwarded = new ArrayList<>();
    final Stats stats = new Stats();
    final Zone zone = new Zone(List.of(
            new NetworkRecords("web", false, List.of(ip("10.1.0.1"), ip("fd01::1")), List.of(IpPrefix.parse("10.1.0.0/24"),
                    IpPrefix.parse("fd01::/64")), List.of(
                    new NetworkRecords.Host("id-red", List.of("red", "www"), List.of(RED, ip("fd01::2"))),
                    new NetworkRecords.Host("id-blue", List.of("blue"), List.of(BLUE)),
                    new NetworkRecords.Host("id-green", List.of("green"), List.of(ip("10.1.0.9"))))),
            new NetworkRecords("db", false, List.of(ip("10.2.0.1")), List.of(IpPrefix.parse("10.2.0.0/24")), List.of(
                    new NetworkRecords.Host("id-green", List.of("green"), List.of(GREEN)),
                    new NetworkRecords.Host("id-pg", List.of("pg"), List.of(ip("10.2.0.3"))))),
            new NetworkRecords("sealed", true, List.of(ip("10.3.0.1")), List.of(IpPrefix.parse("10.3.0.0/24")), List.of(
                    new NetworkRecords.Host("id-s", List.of("s1"), List.of(SEALED))))));
    final QueryHandler handler = new QueryHandler(() -> zone, q -> {
        forwarded.add(q);
        Message r = q.clone();
        r.getHeader().setFlag(Flags.QR);
        try {
            r.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 60, ip("198.51.100.7")), Section.ANSWER);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return CompletableFuture.completedFuture(r);
    }, stats);

    @Test
    void namesAliasesAndNetworkDomains() throws Exception {
        Message r = ask(BLUE, "red.", Type.A);
        assertEquals(Rcode.NOERROR, r.getRcode());
        assertEquals(List.of(RED), addresses(r));
        assertTrue(r.getHeader().getFlag(Flags.AA));
        assertEquals(List.of(RED), addresses(ask(BLUE, "WWW.", Type.A)), "aliases, any case");
        assertEquals(List.of(RED), addresses(ask(BLUE, "red.web.", Type.A)));
        assertEquals(List.of(ip("fd01::2")), addresses(ask(BLUE, "red.", Type.AAAA)));
        Message noV6 = ask(BLUE, "blue.", Type.AAAA);
        assertEquals(Rcode.NOERROR, noV6.getRcode());
        assertTrue(noV6.getSection(Section.ANSWER).isEmpty(), "a known name without IPv6 is NODATA");
        assertTrue(forwarded.isEmpty());
    }

    @Test
    void otherNetworksAreInvisible() throws Exception {
        assertEquals(Rcode.NXDOMAIN, ask(RED, "pg.", Type.A).getRcode());
        assertEquals(Rcode.NXDOMAIN, ask(RED, "pg.db.", Type.A).getRcode());
        assertEquals(Rcode.NXDOMAIN, ask(RED, "nothing.", Type.A).getRcode(), "single labels never go upstream");
        // green is on both: it sees both, and each name answers with its address on the shared network
        assertEquals(List.of(ip("10.2.0.3")), addresses(ask(ip("10.1.0.9"), "pg.", Type.A)));
        assertEquals(List.of(ip("10.1.0.9")), addresses(ask(RED, "green.", Type.A)));
        assertTrue(forwarded.isEmpty());
    }

    @Test
    void reverse() throws Exception {
        Message r = ask(BLUE, ReverseMap.fromAddress(RED).toString(), Type.PTR);
        assertEquals(List.of("red.", "www."), r.getSection(Section.ANSWER).stream().map(x -> x.rdataToString()).toList());
        Message v6 = ask(BLUE, ReverseMap.fromAddress(ip("fd01::2")).toString(), Type.PTR);
        assertEquals(2, v6.getSection(Section.ANSWER).size());
        assertEquals(Rcode.NXDOMAIN, ask(BLUE, ReverseMap.fromAddress(ip("10.1.0.77")).toString(), Type.PTR).getRcode());
        assertEquals(Rcode.NXDOMAIN, ask(BLUE, ReverseMap.fromAddress(ip("10.2.0.3")).toString(), Type.PTR).getRcode(),
                "an address on a network the asker is not on is not named, nor asked upstream");
        assertTrue(forwarded.isEmpty());
    }

    @Test
    void forwardsTheRestUnlessInternal() throws Exception {
        Message r = ask(RED, "example.org.", Type.A);
        assertEquals(List.of(ip("198.51.100.7")), addresses(r));
        assertEquals(1, forwarded.size());
        assertEquals(Rcode.REFUSED, ask(SEALED, "example.org.", Type.A).getRcode(), "internal networks forward nothing");
        assertEquals(List.of(SEALED), addresses(ask(SEALED, "s1.", Type.A)));
        assertEquals(1, forwarded.size());
    }

    @Test
    void strangersGetNothing() throws Exception {
        List<byte[]> replies = new ArrayList<>();
        handler.handle(Message.newQuery(Record.newRecord(Name.fromString("red."), Type.A, DClass.IN)).toWire(), ip("192.0.2.1"), false,
                replies::add);
        handler.handle(Message.newQuery(Record.newRecord(Name.fromString("example.org."), Type.A, DClass.IN)).toWire(),
                ip("10.9.0.2"), false, replies::add);
        assertTrue(replies.isEmpty(), "not an open resolver");
        assertTrue(forwarded.isEmpty());
    }

    @Test
    void malformedGetsFormerrAndIsNeverForwarded() throws Exception {
        byte[] good = Message.newQuery(Record.newRecord(Name.fromString("example.org."), Type.A, DClass.IN)).toWire();
        Random rnd = new Random(17);
        int answeredFormerr = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] p;
            switch (i % 4) {
                case 0 -> p = java.util.Arrays.copyOf(good, rnd.nextInt(good.length)); // truncated
                case 1 -> { // flipped bytes
                    p = good.clone();
                    for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                        p[rnd.nextInt(p.length)] = (byte) rnd.nextInt(256);
                    }
                }
                case 2 -> { // garbage of any size up to 64 KiB
                    p = new byte[rnd.nextInt(i % 100 == 2 ? 65535 : 600)];
                    rnd.nextBytes(p);
                }
                default -> { // a compression pointer loop in the question name
                    p = java.util.Arrays.copyOf(good, 14);
                    p[12] = (byte) 0xc0;
                    p[13] = 12;
                    p[4] = 0;
                    p[5] = 1;
                    p[2] = 0;
                }
            }
            List<byte[]> replies = new ArrayList<>();
            int before = forwarded.size();
            handler.handle(p, RED, false, replies::add);
            for (byte[] reply : replies) {
                assertTrue(reply.length <= 512);
                if (reply.length == 12 && (reply[3] & 0x0f) == Rcode.FORMERR) {
                    answeredFormerr++;
                }
            }
            for (Message f : forwarded.subList(before, forwarded.size())) {
                assertNotNull(f.getQuestion(), "only parsed questions are forwarded");
            }
        }
        assertTrue(answeredFormerr > 1000, "formerr answers: " + answeredFormerr);
        assertTrue(stats.malformed() > 1000);
        assertEquals(List.of(RED), addresses(ask(BLUE, "red.", Type.A)), "and it still answers");
    }

    @Test
    void formerrKeepsTheId() {
        byte[] p = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'a'};
        List<byte[]> replies = new ArrayList<>();
        handler.handle(p, RED, false, replies::add);
        assertEquals(1, replies.size());
        assertArrayEquals(new byte[] {0x12, 0x34, (byte) 0x81, (byte) 0x81, 0, 0, 0, 0, 0, 0, 0, 0}, replies.get(0));
    }

    @Test
    void responsesAreNeverAnswered() throws Exception {
        Message m = Message.newQuery(Record.newRecord(Name.fromString("red."), Type.A, DClass.IN));
        m.getHeader().setFlag(Flags.QR);
        List<byte[]> replies = new ArrayList<>();
        handler.handle(m.toWire(), RED, false, replies::add);
        assertTrue(replies.isEmpty());
    }

    Message ask(InetAddress from, String name, int type) throws Exception {
        List<byte[]> replies = new ArrayList<>();
        handler.handle(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)).toWire(), from, false, replies::add);
        assertEquals(1, replies.size(), "one reply to " + name);
        Message r = new Message(replies.get(0));
        assertNotNull(r.getQuestion());
        return r;
    }

    static List<InetAddress> addresses(Message r) {
        List<InetAddress> out = new ArrayList<>();
        for (Record rec : r.getSection(Section.ANSWER)) {
            out.add(rec instanceof ARecord a ? a.getAddress() : ((org.xbill.DNS.AAAARecord) rec).getAddress());
        }
        return out;
    }

    static InetAddress ip(String s) {
        return IpPrefix.literal(s);
    }

    @Test
    void notAPtrName() {
        assertNull(LocalAnswers.reverseAddress(Name.root));
    }
}
