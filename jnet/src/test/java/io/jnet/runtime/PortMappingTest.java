package io.jnet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The published port as the runtime keeps it; {@code -p} text is parsed by {@link PortSpec} (PortSpecTest). */
class PortMappingTest {

    @Test
    void printsLikeDocker() {
        assertEquals("127.0.0.1:8080->80/tcp", new PortMapping("127.0.0.1", 8080, 80, "tcp").toString());
        assertEquals("8080->80/tcp", new PortMapping("", 8080, 80, null).toString());
    }

    @Test
    void clashesOnlyOnTheSamePortProtocolAndAddress() {
        PortMapping any = new PortMapping("", 8080, 80, "tcp");
        assertTrue(any.clashesWith(new PortMapping("127.0.0.1", 8080, 81, "tcp")));
        assertFalse(any.clashesWith(new PortMapping("", 8080, 80, "udp")));
        assertFalse(any.clashesWith(new PortMapping("", 8081, 80, "tcp")));
        assertFalse(new PortMapping("127.0.0.1", 8080, 80, "tcp").clashesWith(new PortMapping("10.0.0.1", 8080, 80, "tcp")));
    }

    @Test
    void roundTripsThroughTheCapabilityJson() {
        PortMapping p = new PortMapping("127.0.0.1", 5353, 53, "udp");
        assertEquals("{\"hostPort\":5353,\"containerPort\":53,\"protocol\":\"udp\",\"hostIP\":\"127.0.0.1\"}", p.toJson().toString());
        assertEquals(p, PortMapping.fromJson(p.toJson()));
    }
}
