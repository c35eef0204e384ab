package io.jnet.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlProtocolTest {

    @Test
    void bindingsRoundTripAndPickTheClientsFamily() throws Exception {
        Binding b = new Binding("udp", "", 53, "10.0.0.2", "fd00::2", 5353);
        assertEquals(null, b.hostIp(), "an empty host address means every address");
        assertEquals(b, Binding.fromJson(b.toJson()));
        assertEquals("fd00:0:0:0:0:0:0:2", b.target(InetAddress.getByName("::1")).getAddress().getHostAddress());
        assertEquals("10.0.0.2", b.target(InetAddress.getByName("127.0.0.1")).getAddress().getHostAddress());
        assertEquals("10.0.0.2", b.target(InetAddress.getByName("::ffff:10.1.1.1")).getAddress().getHostAddress());
        Binding v4only = new Binding("tcp", "::1", 80, "10.0.0.2", null, 80);
        assertEquals("10.0.0.2", v4only.target(InetAddress.getByName("::1")).getAddress().getHostAddress());
    }

    @Test
    void badBindingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Binding("sctp", null, 1, "10.0.0.2", null, 1));
        assertThrows(IllegalArgumentException.class, () -> new Binding("tcp", null, 0, "10.0.0.2", null, 1));
        assertThrows(IllegalArgumentException.class, () -> new Binding("tcp", null, 1, "10.0.0.2", null, 65536));
        assertThrows(IllegalArgumentException.class, () -> new Binding("tcp", null, 1, null, null, 1));
        assertThrows(IllegalArgumentException.class, () -> Binding.fromJson(new JsonObject()));
    }

    @Test
    void badRequestsGetAnErrorAndChangeNothing() {
        try (PortProxy proxy = new PortProxy(System.err)) {
            for (String req : List.of("[]", "{}", "{\"op\":\"nope\"}", "{\"op\":\"publish\",\"owner\":\"o\"}",
                    "{\"op\":\"publish\",\"owner\":\"\",\"bindings\":[]}", "not json",
                    "{\"op\":\"publish\",\"owner\":\"o\",\"bindings\":[{\"protocol\":\"tcp\"}]}")) {
                JsonObject r = ControlProtocol.handle(req, proxy);
                assertFalse(r.get("ok").getAsBoolean(), req);
                assertTrue(r.has("error"), req);
            }
            assertTrue(proxy.isEmpty());
            assertTrue(ControlProtocol.handle("{\"op\":\"list\"}", proxy).get("ok").getAsBoolean());
        }
    }
}
