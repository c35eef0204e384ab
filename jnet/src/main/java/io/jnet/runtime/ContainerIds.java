package io.jnet.runtime;

import io.jnet.cni.util.Sha512;
import io.jnet.context.CallContext;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The container ID of a namespace: cnitool's {@code "cnitool-" + hex(sha512(netns path)[:10])}, so an
 * attachment made by jnet can be removed by cnitool and the other way round (same cache file, same IPAM
 * reservation owner).
 */
public final class ContainerIds {
    private ContainerIds() {}

    public static String of(Path netnsPath) {
        return "cnitool-" + HexFormat.of().formatHex(Sha512.of(CallContext.current().absolute(netnsPath).toString()), 0, 10);
    }
}
