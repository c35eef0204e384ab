package io.jnet.plugin.ipam.alloc;

import io.jnet.plugin.ipam.config.Ip;
import io.jnet.plugin.ipam.config.Range;
import io.jnet.plugin.ipam.config.RangeSet;

/**
 * The reference's round-robin walk over a range set: from the address after the last reserved one (or from
 * the first range's start), through each range's start..end, wrapping to the next range and around the set,
 * skipping gateways, until it is back where it began. The same order as the reference, so both hand out
 * the same addresses from the same store.
 */
public final class RangeIterator {
    private final RangeSet set;
    private int rangeIndex;
    private Ip cur;
    private Ip startIp;

    /** A walk starting after {@code lastReserved} when the set holds it, else at the first range's start. */
    public RangeIterator(RangeSet set, Ip lastReserved) {
        this.set = set;
        if (lastReserved != null && set.contains(lastReserved)) {
            for (int i = 0; i < set.ranges().size(); i++) {
                if (set.ranges().get(i).contains(lastReserved)) {
                    rangeIndex = i;
                    cur = lastReserved;
                    break;
                }
            }
        } else {
            rangeIndex = 0;
            startIp = set.ranges().get(0).start();
        }
    }

    /** The next candidate with its range, or null when every address has been offered. */
    public Candidate next() {
        while (true) {
            Range r = set.ranges().get(rangeIndex);
            if (cur == null) {
                // First call without a last reserved address: rangeStart itself is a candidate.
                cur = r.start();
                startIp = cur;
                if (cur.equals(r.gateway())) {
                    continue;
                }
                return new Candidate(cur, r);
            }
            if (cur.equals(r.end())) {
                rangeIndex = (rangeIndex + 1) % set.ranges().size();
                r = set.ranges().get(rangeIndex);
                cur = r.start();
            } else {
                cur = cur.next();
            }
            if (startIp == null) {
                startIp = cur;
            } else if (cur.equals(startIp)) {
                return null;
            }
            if (cur.equals(r.gateway())) {
                continue;
            }
            return new Candidate(cur, r);
        }
    }

    /** An address offered by the walk and the range it belongs to (for its prefix length and gateway). */
    public record Candidate(Ip ip, Range range) {}
}
