package io.jnet.firewall.iptables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ChainsTest {

    @Test
    void chainNamesAreTheReferences() {
        // names the reference portmap 1.1.1 gave these attachments (iptables-save after its ADD)
        assertEquals("CNI-DN-70a29d9dc18bc4d652ea5", Chains.dnatChain("mynet", "abc123"));
        assertEquals("CNI-DN-bef14ab3e324a4b0c1f0a", Chains.dnatChain("mynet", "def456"));
        assertEquals(28, Chains.oldSnatChain("mynet", "abc123").length());
        assertEquals("CNI-SN-", Chains.oldSnatChain("mynet", "abc123").substring(0, 7));
    }

    @Test
    void markIsSpeltLikeGo() {
        assertEquals("0x2000/0x2000", Chains.markDef(13));
        assertEquals("0x1/0x1", Chains.markDef(0));
        assertEquals("0x80000000/0x80000000", Chains.markDef(31));
    }

    @Test
    void commentRoundTripsAndIsTrimmedAt255() {
        String c = Chains.dnatComment("net", "cid");
        assertEquals("dnat name: \"net\" id: \"cid\"", c);
        assertArrayEquals(new String[] {"net", "cid"}, Chains.parseDnatComment(c));
        assertNull(Chains.parseDnatComment("CNI portfwd masquerade mark"));
        String long1 = Chains.dnatComment("n", "x".repeat(300));
        assertEquals(255, long1.length());
        assertEquals("...", long1.substring(252));
    }
}
