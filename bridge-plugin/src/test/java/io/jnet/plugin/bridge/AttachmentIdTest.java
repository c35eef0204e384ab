package io.jnet.plugin.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AttachmentIdTest {
    @Test
    void chainNameIsTheReferencesHash() {
        // what /usr/lib/cni/bridge wrote for network "mynet", container "ctr1"
        assertEquals("CNI-5145007e2a8415ce07579739", AttachmentId.masqChain("mynet", "ctr1"));
        assertEquals(28, AttachmentId.masqChain("n", "a-very-long-container-id-0123456789abcdef").length());
    }

    @Test
    void commentNamesNetworkAndContainer() {
        assertEquals("name: \"mynet\" id: \"ctr1\"", AttachmentId.comment("mynet", "ctr1"));
    }

    @Test
    void hostVethNameIsDerivedFromTheIdentity() {
        String a = VethPair.hostName("net", "ctr", "eth0");
        assertTrue(a.matches("veth[0-9a-f]{8}"), a);
        assertEquals(a, VethPair.hostName("net", "ctr", "eth0"));
        assertNotEquals(a, VethPair.hostName("net", "ctr", "eth1"));
        assertNotEquals(a, VethPair.hostName("net2", "ctr", "eth0"));
    }
}
