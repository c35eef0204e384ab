package io.jnet.netlink.netfilter;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The key (or data) type of a set or map: one field or a concatenation ({@code ipv4_addr . inet_proto .
 * inet_service}). In a concatenation every field takes a multiple of 4 bytes, as it does in the registers the
 * lookup reads, so the key is the fields' values each padded to 4 bytes.
 *
 * @param fields the fields in order
 */
public record SetKey(List<Field> fields) {

    public SetKey {
        fields = List.copyOf(fields);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a set key needs at least one field");
        }
    }

    public static SetKey of(Field... fields) {
        return new SetKey(List.of(fields));
    }

    /** nft's type identifier of the key. */
    public int type() {
        int[] types = new int[fields.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = fields.get(i).type();
        }
        return Nft.concatType(types);
    }

    /** The key length in bytes (a single field its own length, a concatenation padded fields). */
    public int length() {
        if (fields.size() == 1) {
            return fields.get(0).length();
        }
        int len = 0;
        for (Field f : fields) {
            len += padded(f.length());
        }
        return len;
    }

    /** The type as nft declares it: {@code ipv4_addr . inet_proto . inet_service}. */
    public String typeText() {
        StringBuilder sb = new StringBuilder();
        for (Field f : fields) {
            if (sb.length() > 0) {
                sb.append(" . ");
            }
            sb.append(Nft.typeName(f.type()));
        }
        return sb.toString();
    }

    /** The key bytes of one value per field (each already in network byte order, of the field's length). */
    public byte[] key(byte[]... values) {
        if (values.length != fields.size()) {
            throw new IllegalArgumentException("key of " + fields.size() + " fields given " + values.length + " values");
        }
        byte[] out = new byte[length()];
        int pos = 0;
        for (int i = 0; i < values.length; i++) {
            int len = fields.get(i).length();
            if (values[i].length != len) {
                throw new IllegalArgumentException(fields.get(i) + " takes " + len + " bytes, given " + values[i].length);
            }
            System.arraycopy(values[i], 0, out, pos, len);
            pos += fields.size() == 1 ? len : padded(len);
        }
        return out;
    }

    /** The key as nft writes it in an element: {@code 10.0.0.1 . tcp . 8080}. */
    public String text(byte[] key) {
        List<String> parts = new ArrayList<>();
        int pos = 0;
        for (Field f : fields) {
            int len = f.length();
            if (pos + len > key.length) {
                return "0x" + java.util.HexFormat.of().formatHex(key);
            }
            byte[] v = java.util.Arrays.copyOfRange(key, pos, pos + len);
            parts.add(valueText(f.type(), v));
            pos += fields.size() == 1 ? len : padded(len);
        }
        return String.join(" . ", parts);
    }

    static String valueText(int type, byte[] v) {
        switch (type) {
            case Nft.TYPE_IPADDR, Nft.TYPE_IP6ADDR -> {
                try {
                    return io.jnet.inet.IpPrefix.text(InetAddress.getByAddress(v));
                } catch (UnknownHostException e) {
                    break;
                }
            }
            case Nft.TYPE_INET_PROTOCOL -> {
                return protocolName(v[0] & 0xff);
            }
            case Nft.TYPE_INET_SERVICE -> {
                return Integer.toString(((v[0] & 0xff) << 8) | (v[1] & 0xff));
            }
            case Nft.TYPE_IFNAME -> {
                int n = 0;
                while (n < v.length && v[n] != 0) {
                    n++;
                }
                return "\"" + new String(v, 0, n, StandardCharsets.UTF_8) + "\"";
            }
            default -> { }
        }
        return "0x" + java.util.HexFormat.of().formatHex(v);
    }

    /** tcp, udp, sctp, icmp... as nft names a layer 4 protocol; else the number. */
    public static String protocolName(int proto) {
        return switch (proto) {
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 58 -> "ipv6-icmp";
            case 132 -> "sctp";
            default -> Integer.toString(proto);
        };
    }

    /** The protocol number of tcp, udp or sctp. */
    public static int protocolNumber(String name) {
        return switch (name) {
            case "tcp" -> 6;
            case "udp" -> 17;
            case "sctp" -> 132;
            case "icmp" -> 1;
            case "ipv6-icmp" -> 58;
            default -> throw new IllegalArgumentException("unknown layer 4 protocol " + name);
        };
    }

    static int padded(int len) {
        return (len + 3) & ~3;
    }

    @Override
    public String toString() {
        return typeText();
    }
}
