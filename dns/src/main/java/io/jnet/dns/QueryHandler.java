package io.jnet.dns;

import java.net.InetAddress;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * One query, from bytes to the reply's bytes: who may ask (only addresses of jnet networks: not an open resolver),
 * what parses (dnsjava's wire parser; anything it refuses gets FORMERR or nothing, and is never forwarded), our
 * names first ({@link LocalAnswers}), then the upstreams ({@link Forwarder}) unless the asker's networks are all
 * internal. The reply goes to {@code reply}, possibly later (forwarding) and from another thread.
 */
public final class QueryHandler {
    /** The largest UDP reply to an asker without EDNS (RFC 1035), and the most we offer with it (DNS flag day 2020). */
    static final int PLAIN_UDP = 512;
    static final int EDNS_UDP = 1232;
    private static final int HEADER = 12;

    private final Supplier<Zone> zone;
    private final Forwarder.Forwarding forwarder;
    private final Stats stats;

    public QueryHandler(Supplier<Zone> zone, Forwarder.Forwarding forwarder, Stats stats) {
        this.zone = zone;
        this.forwarder = forwarder;
        this.stats = stats;
    }

    /**
     * Handles one message from {@code asker}; {@code reply} gets the answer's bytes, at most once, or never (dropped).
     *
     * @param tcp whether it came over TCP (no size limit below 64 KiB, no truncation)
     */
    public void handle(byte[] packet, InetAddress asker, boolean tcp, Consumer<byte[]> reply) {
        Zone z = zone.get();
        List<NetworkRecords> on = z.networksOf(asker);
        if (on.isEmpty()) {
            stats.dropped.incrementAndGet(); // not ours to serve: silence, so nobody can use us to amplify
            return;
        }
        if (packet.length < HEADER || (packet[2] & 0x80) != 0) {
            stats.dropped.incrementAndGet(); // no header to answer to, or a response (answering those makes loops)
            return;
        }
        Message query;
        try {
            query = new Message(packet);
        } catch (Exception e) { // WireParseException, and anything else a hostile packet might provoke
            stats.malformed.incrementAndGet();
            reply.accept(error(packet, Rcode.FORMERR));
            return;
        }
        Header h = query.getHeader();
        if (h.getOpcode() != Opcode.QUERY) {
            stats.refused.incrementAndGet();
            reply.accept(error(packet, Rcode.NOTIMP));
            return;
        }
        List<Record> questions = query.getSection(Section.QUESTION);
        if (questions.size() != 1 || h.getCount(Section.ANSWER) != 0) {
            stats.malformed.incrementAndGet();
            reply.accept(error(packet, Rcode.FORMERR));
            return;
        }
        Record q = questions.get(0);
        int limit = tcp ? Message.MAXLENGTH : udpLimit(query);
        if (q.getDClass() != DClass.IN && q.getDClass() != DClass.ANY || q.getType() == Type.AXFR || q.getType() == Type.IXFR) {
            stats.refused.incrementAndGet();
            reply.accept(wire(LocalAnswers.refused(query), limit));
            return;
        }
        Message local = LocalAnswers.answer(query, z, on);
        if (local != null) {
            stats.answered.incrementAndGet();
            reply.accept(wire(local, limit));
            return;
        }
        if (on.stream().allMatch(NetworkRecords::internal)) {
            stats.refused.incrementAndGet(); // internal networks reach nothing outside, names included
            reply.accept(wire(LocalAnswers.refused(query), limit));
            return;
        }
        stats.forwarded.incrementAndGet();
        forwarder.forward(query).whenComplete((answer, failure) -> {
            Message out;
            if (failure != null || answer == null) {
                stats.upstreamFailed.incrementAndGet();
                out = LocalAnswers.response(query, Rcode.SERVFAIL, false);
            } else {
                out = answer;
                out.getHeader().setID(h.getID());
            }
            try {
                reply.accept(wire(out, limit));
            } catch (RuntimeException e) {
                stats.malformed.incrementAndGet(); // an upstream answer dnsjava cannot re-encode
                reply.accept(error(packet, Rcode.SERVFAIL));
            }
        });
    }

    /** The asker's UDP size: 512 without EDNS, else what it offers, between 512 and 1232. */
    private static int udpLimit(Message query) {
        OPTRecord opt = query.getOPT();
        return opt == null ? PLAIN_UDP : Math.max(PLAIN_UDP, Math.min(opt.getPayloadSize(), EDNS_UDP));
    }

    /** dnsjava truncates to the limit and sets TC itself. */
    private static byte[] wire(Message m, int limit) {
        return m.toWire(limit);
    }

    /** An error built from the raw header alone: the ID, the opcode and RD of a message that did not parse. */
    static byte[] error(byte[] packet, int rcode) {
        byte[] out = new byte[HEADER];
        out[0] = packet[0];
        out[1] = packet[1];
        int opcode = (packet[2] >> 3) & 0x0f;
        out[2] = (byte) (0x80 | (opcode << 3) | (packet[2] & 0x01)); // QR, opcode, RD
        out[3] = (byte) (0x80 | (rcode & 0x0f)); // RA
        return out;
    }
}
