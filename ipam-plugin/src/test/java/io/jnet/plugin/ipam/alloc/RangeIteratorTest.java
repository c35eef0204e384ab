package io.jnet.plugin.ipam.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jnet.plugin.ipam.config.Ip;
import io.jnet.plugin.ipam.config.Range;
import io.jnet.plugin.ipam.config.RangeSet;
import io.jnet.plugin.ipam.config.Subnet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RangeIteratorTest {
    static Range range(String subnet, String start, String end, String gw) {
        return new Range(Subnet.parse(subnet), Ip.parse(start), Ip.parse(end), Ip.parse(gw));
    }

    static List<String> walk(RangeSet set, String last) {
        RangeIterator it = new RangeIterator(set, last == null ? null : Ip.parse(last));
        List<String> out = new ArrayList<>();
        for (RangeIterator.Candidate c = it.next(); c != null; c = it.next()) {
            out.add(c.ip().text());
        }
        return out;
    }

    @Test
    void startsAtRangeStartAndSkipsTheGateway() {
        RangeSet set = new RangeSet(List.of(range("10.0.0.0/29", "10.0.0.1", "10.0.0.6", "10.0.0.1")));
        assertEquals(List.of("10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"), walk(set, null));
    }

    @Test
    void roundRobinStartsAfterTheLastReservedAndWrapsAcrossRanges() {
        RangeSet set = new RangeSet(List.of(range("10.0.0.0/29", "10.0.0.1", "10.0.0.3", "10.0.0.1"),
                range("10.0.1.0/29", "10.0.1.4", "10.0.1.6", "10.0.1.5")));
        assertEquals(List.of("10.0.1.4", "10.0.1.6", "10.0.0.2", "10.0.0.3"), walk(set, "10.0.0.3"));
        assertEquals(List.of("10.0.1.6", "10.0.0.2", "10.0.0.3", "10.0.1.4"), walk(set, "10.0.1.4"));
        // A last address outside the set (the config changed) starts over at the first range.
        assertEquals(List.of("10.0.0.2", "10.0.0.3", "10.0.1.4", "10.0.1.6"), walk(set, "192.168.0.1"));
    }

    @Test
    void gatewayAtTheResumePointIsSkippedAndTheWalkStillEnds() {
        RangeSet set = new RangeSet(List.of(range("fd00::/125", "fd00::1", "fd00::7", "fd00::4")));
        assertEquals(List.of("fd00::5", "fd00::6", "fd00::7", "fd00::1", "fd00::2", "fd00::3"), walk(set, "fd00::3"));
    }
}
