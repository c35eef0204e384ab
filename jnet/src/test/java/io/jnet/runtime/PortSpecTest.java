package io.jnet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PortSpecTest {

    @Test
    void parsesDockersForms() {
        assertEquals(new PortSpec("8000-8010:80-90", "", 8000, 8010, 80, 90, "tcp"), PortSpec.parse("8000-8010:80-90"));
        assertEquals(new PortSpec("127.0.0.1:9000-9005:9000-9005/udp", "127.0.0.1", 9000, 9005, 9000, 9005, "udp"),
                PortSpec.parse("127.0.0.1:9000-9005:9000-9005/udp"));
        PortSpec auto = PortSpec.parse("80");
        assertTrue(auto.automatic());
        assertEquals(1, auto.containerCount());
        assertEquals(new PortSpec("80/udp", "", 0, 0, 80, 80, "udp"), PortSpec.parse("80/udp"));
        assertEquals(new PortSpec("127.0.0.1::80", "127.0.0.1", 0, 0, 80, 80, "tcp"), PortSpec.parse("127.0.0.1::80"));
        assertEquals(new PortSpec("[::1]::53/udp", "::1", 0, 0, 53, 53, "udp"), PortSpec.parse("[::1]::53/udp"));
        assertEquals(new PortSpec("[::1]:8080:80", "::1", 8080, 8080, 80, 80, "tcp"), PortSpec.parse("[::1]:8080:80"));
        assertEquals(11, PortSpec.parse("80-90").containerCount());
        PortSpec pick = PortSpec.parse("8000-8010:80");
        assertTrue(pick.picksFromRange());
        assertFalse(PortSpec.parse("8080:80").picksFromRange());
    }

    @Test
    void refusesBadSpecsNamingWhatIsWrong() {
        String[][] cases = {
            {"8000-:80", "is not a port or a range"},
            {"-8000:80", "is not a port or a range"},
            {"8000-8010-8020:80", "is not a port or a range"},
            {"8010-8000:80", "is reversed"},
            {"8000-8010:90-80", "is reversed"},
            {"8000-8010:80-85", "are 11, container ports 80-85 are 6"},
            {"8080:80-90", "are 1, container ports 80-90 are 11"},
            {"0:80", "'0' is not a port"},
            {"65536:80", "'65536' is not a port"},
            {"8080:0", "'0' is not a port"},
            {"8080:65536", "'65536' is not a port"},
            {"8080:+80", "is not a port"},
            {"8080:80/icmp", "is not tcp, udp or sctp"},
            {"host:8080:80", "is not an IP address"},
            {"::1:8080:80", "too many ':'"},
            {"[::1]:80", "after [ADDR]"},
            {"", "is not a port"},
        };
        for (String[] c : cases) {
            JnetException e = assertThrows(JnetException.class, () -> PortSpec.parse(c[0]), c[0]);
            assertEquals(JnetException.Kind.USAGE, e.kind(), c[0]);
            assertTrue(e.getMessage().startsWith("bad port spec '" + c[0] + "'") && e.getMessage().contains(c[1]), e.getMessage());
            assertFalse(e.hint().isEmpty());
        }
    }

    @Test
    void describesRangesInOnePiece() {
        List<PortMapping> m = List.of(new PortMapping("", 8000, 80, "tcp"), new PortMapping("", 8001, 81, "tcp"),
                new PortMapping("", 8002, 82, "tcp"), new PortMapping("127.0.0.1", 9000, 53, "udp"), new PortMapping("", 8003, 90, "tcp"));
        assertEquals("8000-8002->80-82/tcp, 127.0.0.1:9000->53/udp, 8003->90/tcp", PortMapping.describe(m));
    }
}
