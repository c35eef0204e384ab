package io.jnet.plugin.ipam.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jnet.cni.result.IpConfig;
import io.jnet.cni.spec.CniException;
import io.jnet.plugin.ipam.config.Ip;
import io.jnet.plugin.ipam.config.Range;
import io.jnet.plugin.ipam.config.RangeSet;
import io.jnet.plugin.ipam.config.Subnet;
import io.jnet.plugin.ipam.store.Owner;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllocatorTest {
    static final RangeSet SET = new RangeSet(List.of(new Range(Subnet.parse("10.0.0.0/29"), Ip.parse("10.0.0.1"),
            Ip.parse("10.0.0.6"), Ip.parse("10.0.0.1"))));

    final MemoryStore store = new MemoryStore();
    final Allocator alloc = new Allocator(SET, 0, store);

    String add(String id) throws CniException {
        IpConfig ip = alloc.allocate(id, "eth0", null);
        assertEquals("10.0.0.1", ip.gateway());
        return ip.address();
    }

    @Test
    void roundRobinSkipsTakenAddressesAndWraps() throws Exception {
        assertEquals("10.0.0.2/29", add("a"));
        assertEquals("10.0.0.3/29", add("b"));
        store.release(Ip.parse("10.0.0.2"));
        assertEquals("10.0.0.4/29", add("c"));
        assertEquals("10.0.0.5/29", add("d"));
        assertEquals("10.0.0.6/29", add("e"));
        // Wraps to the freed .2, skipping the gateway at .1 and the taken .3.
        assertEquals("10.0.0.2/29", add("f"));
        CniException full = assertThrows(CniException.class, () -> add("g"));
        assertEquals(AllocationException.NO_ADDRESS_AVAILABLE, full.code());
    }

    @Test
    void duplicateOfTheAttachmentOrItsOldFormatIsRefused() throws Exception {
        add("a");
        assertEquals(AllocationException.DUPLICATE_ALLOCATION, assertThrows(CniException.class, () -> add("a")).code());
        store.reservations.put(Ip.parse("10.0.0.5"), new Owner("old"));
        assertEquals(AllocationException.DUPLICATE_ALLOCATION, assertThrows(CniException.class, () -> add("old")).code());
        // The same container on another interface is another attachment.
        assertEquals("10.0.0.3/29", alloc.allocate("a", "eth1", null).address());
    }

    @Test
    void requestedAddresses() throws Exception {
        assertEquals("10.0.0.6/29", alloc.allocate("a", "eth0", Ip.parse("10.0.0.6")).address());
        for (String bad : List.of("10.0.0.6", "10.0.0.1", "10.0.0.7", "10.0.1.2")) {
            CniException e = assertThrows(CniException.class, () -> alloc.allocate("b", "eth0", Ip.parse(bad)), bad);
            assertEquals(AllocationException.REQUESTED_IP_UNAVAILABLE, e.code(), bad);
        }
    }

    @Test
    void storeFailureIsAnIoError() {
        store.failOnReserve = 1;
        assertEquals(CniException.IO_FAILURE, assertThrows(CniException.class, () -> add("a")).code());
    }
}
