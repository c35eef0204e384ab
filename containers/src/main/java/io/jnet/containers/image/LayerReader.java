package io.jnet.containers.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;

/**
 * One layer blob from an archive to a directory: its digest as stored (compressed) and as a tar (the diff ID)
 * are computed on the way and compared with what the archive states, so a corrupt or altered layer is refused.
 */
final class LayerReader {
    private LayerReader() {}

    /**
     * Unpacks a layer blob into {@code dir}, which the caller removes on failure.
     *
     * @param blobDigest the stored digest to check, or null
     * @param diffId     the uncompressed digest to check, or null
     * @param below      the directories of the layers below, top first (for hard links into them)
     * @return the diff ID computed
     */
    static String unpack(InputStream blob, String blobDigest, String diffId, Path dir, List<Path> below) throws IOException {
        MessageDigest stored = Digest.sha256();
        MessageDigest tar = Digest.sha256();
        BufferedInputStream buffered = new BufferedInputStream(new DigestInputStream(blob, stored), 1 << 16);
        InputStream uncompressed = new DigestInputStream(Compression.decompressed(buffered), tar);
        new LayerUnpacker(dir, below).unpack(uncompressed);
        try {
            // the digests cover every byte, also the tar's end blocks and padding after the last entry
            uncompressed.transferTo(OutputStream.nullOutputStream());
            buffered.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw ImageConfig.corrupt("a layer cannot be read to its end (" + e.getMessage() + ")");
        }
        String computedDiff = Digest.of(tar);
        String computedBlob = Digest.of(stored);
        if (blobDigest != null && !blobDigest.equals(computedBlob)) {
            throw ImageConfig.corrupt("a layer blob does not match its digest " + blobDigest + " (it is " + computedBlob + ")");
        }
        if (diffId != null && !diffId.equals(computedDiff)) {
            throw ImageConfig.corrupt("a layer does not match the config's diff ID " + diffId + " (it is " + computedDiff + ")");
        }
        return computedDiff;
    }
}
