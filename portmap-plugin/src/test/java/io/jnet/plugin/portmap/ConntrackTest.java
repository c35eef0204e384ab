package io.jnet.plugin.portmap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jnet.netlink.netfilter.ConntrackEntry;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConntrackTest {
    @Test
    void onlyPortsThatAreAnOriginalUdpDestinationHaveEntries() throws Exception {
        InetAddress a = InetAddress.getByName("172.31.0.2");
        InetAddress b = InetAddress.getByName("172.31.0.1");
        List<ConntrackEntry> entries = List.of(
                new ConntrackEntry(2, 17, a, b, 40053, 8003, 0),
                new ConntrackEntry(2, 17, a, b, 8001, 53, 0), // 8001 only as a source port
                new ConntrackEntry(2, 6, a, b, 40000, 8002, 0)); // TCP
        assertEquals(List.of(8003), Conntrack.withEntries(entries, List.of(8000, 8001, 8002, 8003, 8004)));
    }
}
