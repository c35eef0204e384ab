package io.jnet.containers.image;

import io.jnet.containers.fs.Syscalls;
import io.jnet.containers.fs.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks one layer (an uncompressed tar) into its own directory of the content store, turning the image
 * formats' whiteouts into overlayfs's: {@code .wh.NAME} becomes a character device 0/0 named NAME (the file
 * of a lower layer is hidden) and {@code .wh..wh..opq} marks its directory opaque ({@code trusted.overlay.opaque=y}:
 * nothing of the lower layers' directory shows). Ownership, modes (setuid included), times and device nodes
 * are kept. Every path is checked by {@link SafePaths}: nothing is ever written outside the directory.
 */
final class LayerUnpacker {
    static final String WHITEOUT = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";
    static final String OPAQUE_XATTR = "trusted.overlay.opaque";

    /** Directory attributes are set last: adding entries changes a directory's time. */
    private record DirAttrs(Path dir, int mode, long uid, long gid, FileTime mtime) {}

    private final Path root;
    /** Directories of the layers below, top first: where a hard link to an older layer's file is found. */
    private final List<Path> lowerLayers;
    private final List<DirAttrs> dirs = new ArrayList<>();
    private long entries;

    LayerUnpacker(Path root, List<Path> lowerLayers) {
        this.root = root;
        this.lowerLayers = List.copyOf(lowerLayers);
    }

    /** Unpacks every entry of {@code tar} (which the caller closes and drains); returns the number of entries. */
    long unpack(InputStream tar) throws IOException {
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        TarArchiveEntry e;
        while ((e = next(in)) != null) {
            entries++;
            Path rel = SafePaths.relative(e.getName());
            if (rel.toString().isEmpty()) {
                if (e.isDirectory()) {
                    dirs.add(new DirAttrs(root, e.getMode(), e.getLongUserId(), e.getLongGroupId(), e.getLastModifiedTime()));
                }
                continue;
            }
            String base = rel.getFileName().toString();
            if (base.startsWith(WHITEOUT)) {
                whiteout(rel, base);
                continue;
            }
            SafePaths.makeParents(root, rel);
            Path target = root.resolve(rel);
            if (e.isDirectory()) {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    Trees.delete(target);
                    Files.createDirectory(target);
                }
                dirs.add(new DirAttrs(target, e.getMode(), e.getLongUserId(), e.getLongGroupId(), e.getLastModifiedTime()));
                continue;
            }
            Trees.delete(target); // a later entry replaces an earlier one, as tar does
            if (e.isSymbolicLink()) {
                Files.createSymbolicLink(target, Path.of(e.getLinkName()));
            } else if (e.isLink()) {
                hardLink(target, rel, e.getLinkName());
                continue; // a hard link shares the attributes of its target
            } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
                int type = e.isCharacterDevice() ? Syscalls.S_IFCHR : e.isBlockDevice() ? Syscalls.S_IFBLK : Syscalls.S_IFIFO;
                Syscalls.mknod(target, type, e.getMode(), e.getDevMajor(), e.getDevMinor());
            } else if (e.isFile()) {
                Files.copy(new CorruptOnReadError(in), target);
            } else {
                throw ImageConfig.corrupt("the layer entry '" + e.getName() + "' has a type jnet does not unpack");
            }
            attributes(target, e.isSymbolicLink(), e.getMode(), e.getLongUserId(), e.getLongGroupId(), e.getLastModifiedTime());
        }
        // deepest first, so setting a parent's time is the last change to it
        for (int i = dirs.size() - 1; i >= 0; i--) {
            DirAttrs d = dirs.get(i);
            attributes(d.dir(), false, d.mode(), d.uid(), d.gid(), d.mtime());
        }
        return entries;
    }

    /** The next entry; a header the tar reader cannot parse (or a cut-off stream) is a corrupt layer. */
    private static TarArchiveEntry next(TarArchiveInputStream in) {
        try {
            return in.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            throw ImageConfig.corrupt("a layer is not a readable tar (" + e.getMessage() + ")");
        }
    }

    /** A file's content as the tar gives it: a read failure is the archive's fault, a write failure the disk's. */
    private static final class CorruptOnReadError extends java.io.FilterInputStream {
        CorruptOnReadError(InputStream in) {
            super(in);
        }

        @Override
        public int read() {
            try {
                return super.read();
            } catch (IOException e) {
                throw ImageConfig.corrupt("a layer is cut short or damaged (" + e.getMessage() + ")");
            }
        }

        @Override
        public int read(byte[] b, int off, int len) {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw ImageConfig.corrupt("a layer is cut short or damaged (" + e.getMessage() + ")");
            }
        }
    }

    private void whiteout(Path rel, String base) throws IOException {
        SafePaths.makeParents(root, rel);
        Path dir = rel.getParent() == null ? root : root.resolve(rel.getParent());
        if (base.equals(OPAQUE)) {
            Syscalls.setXattr(dir, OPAQUE_XATTR, "y");
        } else if (!base.startsWith(WHITEOUT + WHITEOUT)) { // other .wh..wh.* names are aufs bookkeeping
            String hidden = base.substring(WHITEOUT.length());
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                throw SafePaths.escape(rel.toString(), "it whites out '" + hidden + "'");
            }
            Path target = dir.resolve(hidden);
            Trees.delete(target);
            Syscalls.mknod(target, Syscalls.S_IFCHR, 0, 0, 0);
        }
    }

    /** A hard link to an earlier entry of this layer, or a copy of the file of a lower layer it names. */
    private void hardLink(Path target, Path rel, String linkName) throws IOException {
        Path linkRel = SafePaths.relative(linkName);
        if (linkRel.toString().isEmpty()) {
            throw SafePaths.escape(rel.toString(), "it is a hard link to the root");
        }
        Path here = root.resolve(linkRel);
        if (SafePaths.parentsAreDirectories(root, linkRel) && Files.isRegularFile(here, LinkOption.NOFOLLOW_LINKS)) {
            Files.createLink(target, here);
            return;
        }
        for (Path lower : lowerLayers) {
            Path there = lower.resolve(linkRel);
            if (SafePaths.parentsAreDirectories(lower, linkRel) && Files.isRegularFile(there, LinkOption.NOFOLLOW_LINKS)) {
                Files.copy(there, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                Syscalls.lchown(target, intId((Integer) Files.getAttribute(there, "unix:uid", LinkOption.NOFOLLOW_LINKS)),
                        intId((Integer) Files.getAttribute(there, "unix:gid", LinkOption.NOFOLLOW_LINKS)));
                Syscalls.chmod(target, (Integer) Files.getAttribute(there, "unix:mode", LinkOption.NOFOLLOW_LINKS));
                return;
            }
        }
        throw ImageConfig.corrupt("the hard link '" + rel + "' points to '" + linkName + "', which is no regular file of this image");
    }

    private static void attributes(Path p, boolean symlink, int mode, long uid, long gid, FileTime mtime) throws IOException {
        Syscalls.lchown(p, intId(uid), intId(gid));
        if (!symlink) {
            Syscalls.chmod(p, mode); // after chown, which clears setuid bits
        }
        if (mtime != null) {
            Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(mtime, null, null);
        }
    }

    private static int intId(long id) {
        if (id < 0 || id > 0xfffffffeL) {
            throw ImageConfig.corrupt("an owner ID out of range: " + id);
        }
        return (int) id;
    }
}
