package io.jnet.plugin.ipam.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IpTest {
    @Test
    void textIsGoText() {
        assertEquals("fd00::1", Ip.parse("fd00:0:0:0:0:0:0:1").text());
        assertEquals("fd00:0:1::1", Ip.parse("fd00:0:1:0:0:0:0:1").text());
        assertEquals("10.0.0.1", Ip.parse("::ffff:10.0.0.1").text());
        assertEquals("::", Ip.parse("::").text());
    }

    @Test
    void nextCarriesAndWraps() {
        assertEquals("10.0.1.0", Ip.parse("10.0.0.255").next().text());
        assertEquals("fd00::1:0", Ip.parse("fd00::ffff").next().text());
        assertEquals("0.0.0.0", Ip.parse("255.255.255.255").next().text());
    }

    @Test
    void neverResolvesNames() {
        assertThrows(IllegalArgumentException.class, () -> Ip.parse("localhost"));
        assertThrows(IllegalArgumentException.class, () -> Ip.parse("10.0.0"));
        assertThrows(IllegalArgumentException.class, () -> Ip.parse("fe80::1%lo"));
        assertNull(Ip.parseOrNull("lock"));
        assertNull(Ip.parseOrNull("last_reserved_ip.0"));
        assertNull(Ip.parseOrNull("deadbeef"));
        for (String bad : List.of("1.2.3", "1.2.3.4.5", "1.2.3.256", "01.2.3.4", "1..2.3", ".1.2.3", "1.2.3.", "1.2.3.4a")) {
            assertNull(Ip.parseOrNull(bad), bad);
        }
        assertEquals("10.0.0.0", Ip.parseOrNull("10.0.0.0").text());
        assertEquals("255.255.255.255", Ip.parseOrNull("255.255.255.255").text());
        assertEquals("fd00::1", Ip.parseOrNull("fd00::1").text());
    }

    @Test
    void subnetContainsOnlyItsFamily() {
        Subnet s = Subnet.parse("10.1.0.0/16");
        assertTrue(s.contains(Ip.parse("10.1.255.255")));
        assertFalse(s.contains(Ip.parse("10.2.0.0")));
        assertFalse(s.contains(Ip.parse("::a01:1")));
        assertEquals("10.1.255.255", s.last().text());
        assertThrows(IllegalArgumentException.class, () -> Subnet.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Subnet.parse("10.0.0.0"));
    }
}
