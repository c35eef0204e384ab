package io.jnet.cni.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CniVersionTest {
    @Test
    void listsEverySpecVersionOldestFirst() {
        assertEquals(List.of("0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"), CniVersion.SUPPORTED);
        assertTrue(CniVersion.isSupported("0.3.1"));
        assertFalse(CniVersion.isSupported("0.5.0"));
        assertFalse(CniVersion.isSupported("1.1"));
    }

    @Test
    void comparesNumericallyNotTextually() throws CniException {
        assertTrue(CniVersion.compare("0.10.0", "0.4.0") > 0);
        assertTrue(CniVersion.compare("0.3.1", "0.4.0") < 0);
        assertEquals(0, CniVersion.compare("1.0", "1.0.0"));
        assertTrue(CniVersion.atLeast("1.1.0", "1.1.0"));
        assertFalse(CniVersion.atLeast("1.0.0", "1.1.0"));
    }

    @Test
    void garbageVersionIsDecodingFailure() {
        CniException e = assertThrows(CniException.class, () -> CniVersion.compare("one", "1.0.0"));
        assertEquals(CniException.DECODING_FAILURE, e.code());
        assertFalse(CniVersion.isWellFormed("1.0.0.0"));
        assertFalse(CniVersion.isWellFormed(""));
    }

    @Test
    void incompatibleErrorMatchesTheReferenceText() {
        CniException e = CniVersion.incompatible("0.5.0");
        assertEquals(1, e.code());
        assertEquals("incompatible CNI versions", e.msg());
        assertEquals("config is \"0.5.0\", plugin supports [\"0.1.0\" \"0.2.0\" \"0.3.0\" \"0.3.1\" \"0.4.0\" \"1.0.0\" \"1.1.0\"]",
                e.details());
    }

    @Test
    void errorJsonOmitsEmptyDetails() {
        assertEquals("{\"cniVersion\":\"1.0.0\",\"code\":7,\"msg\":\"bad\"}",
                JsonSupport.compact(new CniException(7, "bad").toJson("1.0.0")));
        assertEquals("{\"cniVersion\":\"1.1.0\",\"code\":2,\"msg\":\"unsupported field\",\"details\":\"mtu=x\"}",
                JsonSupport.compact(new CniException(2, "unsupported field", "mtu=x").toJson("1.1.0")));
    }
}
