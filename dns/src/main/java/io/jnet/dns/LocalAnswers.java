package io.jnet.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The networks' own names (CoreDNS's {@code hosts}): A, AAAA and PTR of the attachments on the asker's networks,
 * NXDOMAIN for names jnet owns that the asker cannot see, and nothing (null) for what belongs upstream.
 */
final class LocalAnswers {
    /** Names come and go with attachments: nobody should keep one. */
    static final long TTL = 0;

    private LocalAnswers() {}

    /** The answer from the zone, or null when the question is for the upstreams. */
    static Message answer(Message query, Zone zone, List<NetworkRecords> on) {
        Record q = query.getQuestion();
        Name name = q.getName();
        int type = q.getType();
        if (type == Type.PTR) {
            InetAddress addr = reverseAddress(name);
            if (addr != null) {
                Zone.Answer a = zone.reverse(addr, on);
                return switch (a.kind()) {
                    case FOUND -> ptr(query, name, a.names());
                    case NX_DOMAIN -> response(query, Rcode.NXDOMAIN, true);
                    default -> null;
                };
            }
        }
        String text = name.toString();
        if (type == Type.A || type == Type.AAAA || type == Type.ANY) {
            Message out = null;
            boolean noData = false;
            boolean nx = false;
            for (boolean v6 : type == Type.ANY ? new boolean[] {false, true} : new boolean[] {type == Type.AAAA}) {
                Zone.Answer a = zone.lookup(text, v6, on);
                switch (a.kind()) {
                    case FOUND -> {
                        out = out == null ? response(query, Rcode.NOERROR, true) : out;
                        for (InetAddress addr : a.addresses()) {
                            out.addRecord(v6 ? new AAAARecord(name, DClass.IN, TTL, addr) : new ARecord(name, DClass.IN, TTL, addr),
                                    Section.ANSWER);
                        }
                    }
                    case NO_DATA -> noData = true;
                    case NX_DOMAIN -> nx = true;
                    case NOT_OURS -> { }
                }
            }
            Zone.Kind seen = out != null ? Zone.Kind.FOUND : noData ? Zone.Kind.NO_DATA : nx ? Zone.Kind.NX_DOMAIN : Zone.Kind.NOT_OURS;
            return switch (seen) {
                case FOUND -> out;
                case NO_DATA -> response(query, Rcode.NOERROR, true);
                case NX_DOMAIN -> response(query, Rcode.NXDOMAIN, true);
                case NOT_OURS -> null;
            };
        }
        if (zone.knows(text, on)) {
            return response(query, Rcode.NOERROR, true); // MX, TXT, ... of one of our names: it has none
        }
        return zone.ours(text) ? response(query, Rcode.NXDOMAIN, true) : null;
    }

    static Message refused(Message query) {
        return response(query, Rcode.REFUSED, false);
    }

    /** A reply to {@code query}: same ID, opcode, RD and question, RA set, EDNS when the asker used it. */
    static Message response(Message query, int rcode, boolean authoritative) {
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            m.getHeader().setFlag(Flags.RD);
        }
        m.getHeader().setFlag(Flags.RA);
        if (authoritative) {
            m.getHeader().setFlag(Flags.AA);
        }
        m.getHeader().setRcode(rcode);
        Record q = query.getQuestion();
        if (q != null) {
            m.addRecord(q, Section.QUESTION);
        }
        if (query.getOPT() != null) {
            m.addRecord(new OPTRecord(QueryHandler.EDNS_UDP, 0, 0), Section.ADDITIONAL);
        }
        return m;
    }

    private static Message ptr(Message query, Name name, List<String> targets) {
        Message m = response(query, Rcode.NOERROR, true);
        for (String t : targets) {
            try {
                m.addRecord(new PTRRecord(name, DClass.IN, TTL, Name.fromString(t)), Section.ANSWER);
            } catch (TextParseException e) {
                // a name that is no DNS name is not offered
            }
        }
        return m;
    }

    /** The address a PTR name stands for ({@code 4.3.2.1.in-addr.arpa.}, 32 nibbles under ip6.arpa), else null. */
    static InetAddress reverseAddress(Name name) {
        int labels = name.labels() - 1; // without the root
        String suffix = labels >= 2 ? (name.getLabelString(labels - 2) + "." + name.getLabelString(labels - 1)).toLowerCase() : "";
        byte[] bytes;
        if (suffix.equals("in-addr.arpa") && labels == 6) {
            bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                String l = name.getLabelString(3 - i);
                if (!l.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(l) > 255) {
                    return null;
                }
                bytes[i] = (byte) Integer.parseInt(l);
            }
        } else if (suffix.equals("ip6.arpa") && labels == 34) {
            bytes = new byte[16];
            for (int i = 0; i < 32; i++) {
                String l = name.getLabelString(31 - i);
                if (l.length() != 1 || Character.digit(l.charAt(0), 16) < 0) {
                    return null;
                }
                bytes[i / 2] |= (byte) (Character.digit(l.charAt(0), 16) << (i % 2 == 0 ? 4 : 0));
            }
        } else {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
