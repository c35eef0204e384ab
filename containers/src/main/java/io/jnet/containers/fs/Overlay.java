package io.jnet.containers.fs;

import io.jnet.containers.ContainerException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A container's root file system: the image's layers stacked read-only (lowerdir, top layer first), a
 * per-container upper dir that takes every write (copy-up) and every deletion (whiteouts), and the merged
 * view runc pivots into. {@code mount -t overlay overlay -o lowerdir=L1:L2,upperdir=U,workdir=W MERGED}.
 */
public record Overlay(List<Path> lowerDirs, Path upperDir, Path workDir, Path merged) {
    /** The kernel copies mount options into one page. */
    private static final int MAX_OPTIONS = 4095;

    public Overlay {
        lowerDirs = List.copyOf(lowerDirs);
        if (lowerDirs.isEmpty()) {
            throw new IllegalArgumentException("an overlay needs at least one lower layer");
        }
    }

    /** The mount options, checked for characters overlayfs cannot take in a path. */
    public String options() {
        StringBuilder b = new StringBuilder("lowerdir=");
        for (int i = 0; i < lowerDirs.size(); i++) {
            b.append(i == 0 ? "" : ":").append(checked(lowerDirs.get(i)));
        }
        b.append(",upperdir=").append(checked(upperDir)).append(",workdir=").append(checked(workDir));
        if (b.length() > MAX_OPTIONS) {
            throw ContainerException.usage("the overlay options for " + lowerDirs.size() + " layers are longer than a page ("
                    + b.length() + " bytes)", "use a shorter --data-dir, or an image with fewer layers");
        }
        return b.toString();
    }

    public void mount() throws IOException {
        Syscalls.mount("overlay", merged, "overlay", 0, options());
    }

    /** Unmounts the merged view; nothing to do when it is not mounted. Lazily when busy (a process still in it). */
    public static void unmount(Path merged) throws IOException {
        while (MountTable.isMountPoint(merged)) {
            try {
                Syscalls.unmount(merged, 0);
            } catch (IOException busy) {
                Syscalls.unmount(merged, Syscalls.MNT_DETACH);
            }
        }
    }

    private static String checked(Path p) {
        String s = p.toAbsolutePath().normalize().toString();
        if (s.contains(":") || s.contains(",") || s.contains("\\")) {
            throw ContainerException.usage("overlayfs cannot take the path " + s + " (it holds ':', ',' or '\\')",
                    "use a --data-dir without those characters");
        }
        return s;
    }
}
