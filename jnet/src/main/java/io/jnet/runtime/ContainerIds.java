package io.jnet.runtime;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The container ID of a namespace: cnitool's {@code "cnitool-" + hex(sha512(netns path)[:10])}, so an
 * attachment made by jnet can be removed by cnitool and the other way round (same cache file, same IPAM
 * reservation owner).
 */
public final class ContainerIds {
    private ContainerIds() {}

    public static String of(Path netnsPath) {
        try {
            byte[] sum = MessageDigest.getInstance("SHA-512")
                    .digest(netnsPath.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
            return "cnitool-" + HexFormat.of().formatHex(sum, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is always available", e);
        }
    }
}
