package io.jnet.plugin.ipam.config;

import java.util.List;
import java.util.stream.Collectors;

/** One range set: pools of one family, from which one address is allocated per attachment. */
public record RangeSet(List<Range> ranges) {
    public RangeSet {
        ranges = List.copyOf(ranges);
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("empty range set");
        }
    }

    /** The pool holding {@code ip}, or null. */
    public Range rangeFor(Ip ip) {
        for (Range r : ranges) {
            if (r.contains(ip)) {
                return r;
            }
        }
        return null;
    }

    public boolean contains(Ip ip) {
        return rangeFor(ip) != null;
    }

    public boolean overlaps(RangeSet o) {
        for (Range a : ranges) {
            for (Range b : o.ranges) {
                if (a.overlaps(b)) {
                    return true;
                }
            }
        }
        return false;
    }

    public boolean isV4() {
        return ranges.get(0).start().isV4();
    }

    /** {@code start-end,start-end} as the reference prints it in errors. */
    @Override
    public String toString() {
        return ranges.stream().map(Range::toString).collect(Collectors.joining(","));
    }
}
