package io.jnet.containers.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A root file system directory written as a layer tar (what {@code tar -C DIR -cf - .} writes), so that an
 * imported directory goes through the same unpacking and digest as an imported tarball. Names are sorted, so
 * the same tree gives the same diff ID; links are stored as links; sockets and device nodes are left out
 * (runc gives a container its own /dev).
 */
final class RootfsTar {
    private RootfsTar() {}

    static void write(Path dir, Path tarFile) throws IOException {
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tarFile), 1 << 16);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(os)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            Map<Object, String> seen = new HashMap<>();
            List<Path> paths;
            try (Stream<Path> s = Files.walk(dir)) {
                paths = s.sorted().toList();
            }
            for (Path p : paths) {
                String name = dir.relativize(p).toString();
                if (name.isEmpty()) {
                    continue;
                }
                Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) a.get("mode");
                TarArchiveEntry e;
                boolean content = false;
                if ((Boolean) a.get("isDirectory")) {
                    e = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
                } else if ((Boolean) a.get("isSymbolicLink")) {
                    e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                    e.setLinkName(Files.readSymbolicLink(p).toString());
                } else if ((Boolean) a.get("isRegularFile")) {
                    Object key = a.get("fileKey");
                    String first = (Integer) a.get("nlink") > 1 ? seen.putIfAbsent(key, name) : null;
                    if (first != null) {
                        e = new TarArchiveEntry(name, TarConstants.LF_LINK);
                        e.setLinkName(first);
                    } else {
                        e = new TarArchiveEntry(name);
                        e.setSize((Long) a.get("size"));
                        content = true;
                    }
                } else {
                    continue;
                }
                e.setMode(mode & 07777);
                e.setUserId(((Integer) a.get("uid")).longValue());
                e.setGroupId(((Integer) a.get("gid")).longValue());
                e.setLastModifiedTime((FileTime) a.get("lastModifiedTime"));
                tar.putArchiveEntry(e);
                if (content) {
                    Files.copy(p, tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }
}
