package io.jnet.containers.image;

import java.util.List;

/**
 * One image found in an archive: its names, its config, and its layers in order (bottom first).
 *
 * @param refs   the names the archive gives it (may be empty: an untagged image)
 * @param config the config, parsed from bytes whose digest was checked where the archive states it
 * @param layers where each layer's blob is in the archive, with the digests it must have
 */
record ArchiveImage(List<ImageRef> refs, ImageConfig config, List<Layer> layers) {
    /**
     * @param entry      the tar entry holding the blob
     * @param blobDigest the digest of the blob as stored (compressed or not), or null when the format states none
     * @param diffId     the digest of the uncompressed tar, from the config
     */
    record Layer(String entry, String blobDigest, String diffId) {}

    ArchiveImage {
        refs = List.copyOf(refs);
        layers = List.copyOf(layers);
    }
}
