package io.jnet.containers.image;

import java.util.List;

/** An image in the store: its ID (the config's digest), the names pointing at it, and its config. */
public record Image(String id, List<ImageRef> tags, ImageConfig config) {
    public Image {
        tags = List.copyOf(tags);
    }

    /** The first 12 hex characters of the ID, as docker and podman show it. */
    public String shortId() {
        return Digest.hex(id).substring(0, 12);
    }

    /** The name to show: the first tag, else the short ID. */
    public String displayName() {
        return tags.isEmpty() ? shortId() : tags.get(0).toString();
    }
}
