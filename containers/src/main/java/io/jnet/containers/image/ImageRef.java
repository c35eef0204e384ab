package io.jnet.containers.image;

import io.jnet.containers.ContainerException;
import java.util.regex.Pattern;

/**
 * An image name with its tag, in the short form people type: {@code busybox:latest}, {@code localhost/web:1}.
 * Docker Hub's prefixes ({@code docker.io/library/}, {@code docker.io/}) are dropped, so an image saved by
 * {@code docker save} answers to the same name as on the command line; a missing tag is {@code latest}.
 */
public record ImageRef(String name, String tag) {
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern HOST = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    @Override
    public String toString() {
        return name + ":" + tag;
    }

    /** Parses and normalizes a reference; a usage error explains what is wrong with a bad one. */
    public static ImageRef parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 255) {
            throw bad(text, "it is empty or longer than 255 characters");
        }
        String rest = text;
        int at = rest.indexOf('@');
        if (at >= 0) {
            throw bad(text, "digest references are not stored; use the name:tag or the image ID");
        }
        String tag = "latest";
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > slash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw bad(text, "the tag '" + tag + "' is not letters, digits, '_', '.' or '-'");
            }
        }
        for (String hub : new String[] {"docker.io/library/", "index.docker.io/library/", "docker.io/", "index.docker.io/"}) {
            if (rest.startsWith(hub) && rest.length() > hub.length()) {
                rest = rest.substring(hub.length());
                break;
            }
        }
        String[] parts = rest.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            boolean host = i == 0 && parts.length > 1 && (parts[0].contains(".") || parts[0].contains(":") || parts[0].equals("localhost"));
            if (!(host ? HOST : COMPONENT).matcher(parts[i]).matches()) {
                throw bad(text, "'" + parts[i] + "' is not a valid name component (lower-case letters, digits, '.', '_', '-')");
            }
        }
        return new ImageRef(rest, tag);
    }

    private static ContainerException bad(String text, String why) {
        return ContainerException.usage("bad image name '" + text + "': " + why, "write NAME[:TAG], e.g. busybox:1.36 or localhost/web");
    }
}
