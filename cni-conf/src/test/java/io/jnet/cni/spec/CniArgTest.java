package io.jnet.cni.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CniArgTest {
    @Test
    void parsesPairsInOrder() throws CniException {
        List<CniArg> args = CniArg.parse("IgnoreUnknown=1;IP=10.1.0.9;K8S_POD_NAME=web-0;EMPTY=");
        assertEquals(List.of(new CniArg("IgnoreUnknown", "1"), new CniArg("IP", "10.1.0.9"),
                new CniArg("K8S_POD_NAME", "web-0"), new CniArg("EMPTY", "")), args);
        assertEquals("IgnoreUnknown=1;IP=10.1.0.9;K8S_POD_NAME=web-0;EMPTY=", CniArg.format(args));
    }

    @Test
    void emptyIsNoArgs() throws CniException {
        assertEquals(List.of(), CniArg.parse(""));
        assertEquals(List.of(), CniArg.parse(null));
        assertEquals(List.of(new CniArg("A", "1")), CniArg.parse("A=1;"));
    }

    @Test
    void pairWithoutEqualsIsCode4() {
        CniException e = assertThrows(CniException.class, () -> CniArg.parse("A=1;garbage"));
        assertEquals(4, e.code());
        assertEquals("garbage", e.details());
        assertEquals(4, assertThrows(CniException.class, () -> CniArg.parse("=x")).code());
    }
}
