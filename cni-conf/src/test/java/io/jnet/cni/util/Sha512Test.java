package io.jnet.cni.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha512Test {

    @Test
    void knownAnswers() {
        // FIPS 180-4 examples
        assertEquals("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f", Sha512.hex("abc"));
        assertEquals("cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
                + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e", Sha512.hex(""));
        assertEquals("8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
                + "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
                Sha512.hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"));
    }

    @Test
    void matchesMessageDigestAcrossBlockBoundaries() throws Exception {
        Random random = new Random(42);
        for (int len = 0; len <= 400; len++) {
            byte[] msg = new byte[len];
            random.nextBytes(msg);
            assertArrayEquals(MessageDigest.getInstance("SHA-512").digest(msg), Sha512.of(msg), "length " + len);
        }
    }

    @Test
    void utf8Text() throws Exception {
        String s = "net\u00e9\u6f22cnitool-0123456789";
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(s.getBytes("UTF-8"))), Sha512.hex(s));
    }
}
