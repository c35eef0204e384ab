package io.jnet.containers.image;

import io.jnet.containers.ContainerException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** How a layer or an archive is compressed, told by its first bytes rather than by a media type. */
enum Compression {
    NONE, GZIP, ZSTD;

    static Compression of(byte[] head, int n) {
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (n >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    static Compression of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = new byte[4];
            return of(head, in.readNBytes(head, 0, 4));
        }
    }

    /** The uncompressed stream of {@code in} (which must support mark/reset). */
    static InputStream decompressed(BufferedInputStream in) throws IOException {
        in.mark(4);
        byte[] head = new byte[4];
        int n = in.readNBytes(head, 0, 4);
        in.reset();
        return switch (of(head, n)) {
            case GZIP -> GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
            case ZSTD -> throw ContainerException.usage("a layer is zstd-compressed, which jnet does not read",
                    "save the image with gzip or uncompressed layers (skopeo copy --dest-compress-format gzip)");
            case NONE -> in;
        };
    }
}
