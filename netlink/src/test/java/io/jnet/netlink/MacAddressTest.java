package io.jnet.netlink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MacAddressTest {

    @Test
    void parsesAndFormatsLowerCaseWithColons() {
        MacAddress mac = MacAddress.parse("02:AB:cd:00:ff:10");
        assertArrayEquals(new byte[]{0x02, (byte) 0xab, (byte) 0xcd, 0x00, (byte) 0xff, 0x10}, mac.bytes());
        assertEquals("02:ab:cd:00:ff:10", mac.toString());
    }

    @Test
    void acceptsDashesAndSurroundingSpace() {
        assertEquals(MacAddress.parse("02:ab:cd:00:ff:10"), MacAddress.parse(" 02-ab-cd-00-ff-10 "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "02:ab:cd:00:ff", "02:ab:cd:00:ff:10:11", "02:ab:cd:00:ff:1", "02:ab:cd:00:ff:100",
            "02:ab:cd:00:ff:zz", "02ab.cd00.ff10", "02abcd00ff10", "02:ab:cd:00:ff:10:", ":02:ab:cd:00:ff:10",
            "+2:ab:cd:00:ff:10", "-1:ab:cd:00:ff:10", "02:ab-cd:00-ff:10", "02::ab:cd:00:ff", "02:ab:cd:00:ff:1 0"})
    void rejectsBadInput(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(text));
        assertTrue(e.getMessage().contains("aa:bb:cc:dd:ee:ff"), "the message shows the expected form");
    }

    @Test
    void ofCopiesItsInputAndBytesReturnsACopy() {
        byte[] raw = {0x02, 0, 0, 0, 0, 1};
        MacAddress mac = MacAddress.of(raw);
        raw[5] = 9;
        assertEquals("02:00:00:00:00:01", mac.toString());
        mac.bytes()[0] = 7;
        assertEquals("02:00:00:00:00:01", mac.toString());
    }

    @Test
    void ofTakesOtherLengthsButNotEmpty() {
        // Link-layer addresses of other media (InfiniBand: 20 bytes) come back from the kernel too.
        assertEquals("01:02:03:04", MacAddress.of(new byte[]{1, 2, 3, 4}).toString());
        assertThrows(IllegalArgumentException.class, () -> MacAddress.of(new byte[0]));
    }

    @Test
    void multicastBitIsTheLowBitOfTheFirstByte() {
        assertTrue(MacAddress.parse("01:00:5e:00:00:01").isMulticast());
        assertTrue(MacAddress.parse("33:33:00:00:00:01").isMulticast());
        assertFalse(MacAddress.parse("02:00:00:00:00:01").isMulticast());
    }

    @Test
    void equalityIsByBytes() {
        assertEquals(MacAddress.parse("02:00:00:00:00:01"), MacAddress.of(new byte[]{2, 0, 0, 0, 0, 1}));
        assertEquals(MacAddress.parse("02:00:00:00:00:01").hashCode(), MacAddress.of(new byte[]{2, 0, 0, 0, 0, 1}).hashCode());
        assertNotEquals(MacAddress.parse("02:00:00:00:00:01"), MacAddress.parse("02:00:00:00:00:02"));
    }
}
