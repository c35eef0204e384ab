package io.jnet.cni.spec;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "net1", "my-net_2.0", "0abc"})
    void acceptsGoodNames(String name) {
        assertDoesNotThrow(() -> Validation.networkName(name));
        assertDoesNotThrow(() -> Validation.containerId(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-net", ".net", "net work", "net/x", "net\n", "n\u00e9t", "_a"})
    void refusesBadNetworkNamesWithCode7(String name) {
        assertEquals(7, assertThrows(CniException.class, () -> Validation.networkName(name)).code());
    }

    @Test
    void missingNetworkNameIsCode7() {
        assertEquals(7, assertThrows(CniException.class, () -> Validation.networkName("")).code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-abc", "abc def", "abc;rm", "abc\n", "a:b"})
    void refusesBadContainerIdsWithCode4(String id) {
        assertEquals(4, assertThrows(CniException.class, () -> Validation.containerId(id)).code());
    }

    @Test
    void missingContainerIdIsCode3() {
        assertEquals(3, assertThrows(CniException.class, () -> Validation.containerId("")).code());
        assertEquals(3, assertThrows(CniException.class, () -> Validation.containerId(null)).code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"eth0", "a", "123456789012345", "veth-x.1", "\u00e9th0"})
    void acceptsGoodInterfaceNames(String ifname) {
        assertDoesNotThrow(() -> Validation.interfaceName(ifname));
    }

    @Test
    void refusesBadInterfaceNamesWithCode4() {
        for (String bad : List.of("", ".", "..", "1234567890123456", "eth/0", "eth:0", "eth 0", "eth\t0",
                "eth\u00a00", "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9")) {
            CniException e = assertThrows(CniException.class, () -> Validation.interfaceName(bad), bad);
            assertEquals(4, e.code(), bad);
        }
    }

    @Test
    void pluginTypeMustBeABareFileName() {
        assertDoesNotThrow(() -> Validation.pluginType("bridge"));
        for (String bad : List.of("", "../bridge", "/usr/lib/cni/bridge", "a/b", ".", "..")) {
            assertEquals(7, assertThrows(CniException.class, () -> Validation.pluginType(bad), bad).code(), bad);
        }
    }
}
