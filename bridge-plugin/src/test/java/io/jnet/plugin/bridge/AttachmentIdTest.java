package io.jnet.plugin.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AttachmentIdTest {
    @Test
    void hostVethNameIsDerivedFromTheIdentity() {
        String a = VethPair.hostName("net", "ctr", "eth0");
        assertTrue(a.matches("veth[0-9a-f]{8}"), a);
        assertEquals(a, VethPair.hostName("net", "ctr", "eth0"));
        assertNotEquals(a, VethPair.hostName("net", "ctr", "eth1"));
        assertNotEquals(a, VethPair.hostName("net2", "ctr", "eth0"));
    }
}
