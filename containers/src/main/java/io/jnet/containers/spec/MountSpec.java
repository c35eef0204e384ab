package io.jnet.containers.spec;

import io.jnet.containers.ContainerException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One {@code -v}: a host directory or file ({@code /srv/www:/www}) or a named volume ({@code data:/data}) mounted
 * at an absolute path of the container, read-write or {@code :ro}.
 *
 * @param source      an absolute host path, or a volume name when {@code volume}
 * @param destination an absolute, normalized container path other than /
 */
public record MountSpec(String source, boolean volume, String destination, boolean readOnly) {
    /** Volume names, as docker takes them. */
    public static final Pattern VOLUME_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");

    public static MountSpec parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw bad(text, "write SOURCE:DESTINATION[:ro]");
        }
        String src = parts[0];
        String dst = parts[1];
        boolean ro = false;
        if (parts.length == 3) {
            for (String opt : parts[2].split(",")) {
                switch (opt) {
                    case "ro" -> ro = true;
                    case "rw" -> ro = false;
                    default -> throw bad(text, "the option '" + opt + "' is not ro or rw");
                }
            }
        }
        boolean volume;
        if (src.startsWith("/")) {
            volume = false;
            src = Path.of(src).normalize().toString();
        } else if (VOLUME_NAME.matcher(src).matches()) {
            volume = true;
        } else {
            throw bad(text, "the source must be an absolute host path or a volume name (letters, digits, '_', '.', '-')");
        }
        if (!dst.startsWith("/")) {
            throw bad(text, "the destination '" + dst + "' is not an absolute path in the container");
        }
        for (String c : dst.split("/")) {
            if (c.equals("..")) {
                throw bad(text, "the destination must not contain '..'");
            }
        }
        String normalized = Path.of(dst).normalize().toString();
        if (normalized.equals("/")) {
            throw bad(text, "the destination cannot be the container's root");
        }
        return new MountSpec(src, volume, normalized, ro);
    }

    private static ContainerException bad(String text, String hint) {
        return ContainerException.usage("bad mount spec -v '" + text + "'", hint + ", e.g. -v /srv/www:/www:ro or -v data:/data");
    }
}
