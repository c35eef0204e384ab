package io.jnet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PortMappingTest {

    @Test
    void parsesEveryForm() {
        assertEquals(new PortMapping("", 8080, 80, "tcp"), PortMapping.parse("8080:80"));
        assertEquals(new PortMapping("127.0.0.1", 5353, 53, "udp"), PortMapping.parse("127.0.0.1:5353:53/udp"));
        assertEquals(new PortMapping("::1", 8443, 443, "tcp"), PortMapping.parse("[::1]:8443:443/TCP"));
        assertEquals(new PortMapping("", 1, 65535, "sctp"), PortMapping.parse("1:65535/sctp"));
        assertEquals("127.0.0.1:8080->80/tcp", PortMapping.parse("127.0.0.1:8080:80").toString());
        assertEquals("8080->80/tcp", PortMapping.parse("0.0.0.0:8080:80").toString());
    }

    @Test
    void refusesBadSpecsWithAUsageError() {
        for (String bad : new String[] {"80", "a:80", "8080:0", "8080:65536", "8080:80/icmp", "host:8080:80", "[::1:8080:80", "1:2:3:4", ""}) {
            JnetException e = assertThrows(JnetException.class, () -> PortMapping.parse(bad), bad);
            assertEquals(JnetException.Kind.USAGE, e.kind(), bad);
            assertTrue(e.getMessage().startsWith("bad port spec '" + bad + "'"), e.getMessage());
            assertFalse(e.hint().isEmpty());
        }
    }

    @Test
    void clashesOnlyOnTheSamePortProtocolAndAddress() {
        PortMapping any = PortMapping.parse("8080:80");
        assertTrue(any.clashesWith(PortMapping.parse("127.0.0.1:8080:81")));
        assertFalse(any.clashesWith(PortMapping.parse("8080:80/udp")));
        assertFalse(any.clashesWith(PortMapping.parse("8081:80")));
        assertFalse(PortMapping.parse("127.0.0.1:8080:80").clashesWith(PortMapping.parse("10.0.0.1:8080:80")));
    }

    @Test
    void roundTripsThroughTheCapabilityJson() {
        PortMapping p = PortMapping.parse("127.0.0.1:5353:53/udp");
        assertEquals("{\"hostPort\":5353,\"containerPort\":53,\"protocol\":\"udp\",\"hostIP\":\"127.0.0.1\"}", p.toJson().toString());
        assertEquals(p, PortMapping.fromJson(p.toJson()));
    }
}
