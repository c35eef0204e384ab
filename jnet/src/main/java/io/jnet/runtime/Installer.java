package io.jnet.runtime;

import io.jnet.context.CallContext;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies jnet's plugins into a CNI plugin directory: the launchers and the jars they run go to
 * {@code DIR/.jnet/{cni,lib}} (a launcher finds its jars relative to itself), and {@code DIR/bridge},
 * {@code DIR/host-local}, {@code DIR/portmap} become symlinks to those launchers, which resolve symlinks. The
 * copy stands alone: removing the build tree leaves it working. A file jnet did not install is never replaced
 * without {@code force}, and nothing is written unless every plugin can be.
 */
public final class Installer {
    public static final List<String> PLUGINS = List.of("bridge", "host-local", "portmap", "firewall");
    static final String PRIVATE_DIR = ".jnet";

    private final Path home;
    private final Path dir;

    /** @param home jnet's dist directory (holding cni/ and lib/) */
    public Installer(Path home, Path dir) {
        this.home = CallContext.current().absolute(home).normalize();
        this.dir = CallContext.current().absolute(dir).normalize();
    }

    /** Installs; returns the plugin paths a runtime will find. */
    public List<Path> install(boolean force) {
        if (!Files.isDirectory(home.resolve("lib"))) {
            throw JnetException.notFound("no lib directory in " + home, "give jnet's dist directory (built by mvn -q -DskipTests package) with --from");
        }
        for (String p : PLUGINS) {
            Path src = home.resolve("cni").resolve(p);
            if (!Files.isRegularFile(src) || !Files.isExecutable(src)) {
                throw JnetException.notFound("jnet's " + p + " plugin is not in " + home.resolve("cni"), "build it: mvn -q -DskipTests package");
            }
            Path target = dir.resolve(p);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !force && !ours(target)) {
                throw JnetException.conflict(target + " exists and was not installed by jnet",
                        "use --force to replace it, or --dir to install elsewhere");
            }
        }
        Path priv = dir.resolve(PRIVATE_DIR);
        Path staging = dir.resolve(PRIVATE_DIR + ".new");
        Path old = dir.resolve(PRIVATE_DIR + ".old");
        List<Path> out = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            deleteTree(staging);
            copyTree(home.resolve("lib"), staging.resolve("lib"));
            for (String p : PLUGINS) {
                copyTree(home.resolve("cni").resolve(p), staging.resolve("cni").resolve(p));
            }
            deleteTree(old);
            if (Files.exists(priv)) {
                Files.move(priv, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, priv, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
            for (String p : PLUGINS) {
                Path target = dir.resolve(p);
                Path link = dir.resolve("." + p + ".jnet-new");
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, Path.of(PRIVATE_DIR, "cni", p));
                Files.move(link, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                out.add(target);
            }
        } catch (IOException e) {
            throw JnetException.failed("cannot install into " + dir + ": " + e.getMessage(), "run as root, or choose --dir", e);
        }
        return out;
    }

    /** The installed copy of the dist ({@code DIR/.jnet}: cni/ and lib/). */
    public Path installedHome() {
        return dir.resolve(PRIVATE_DIR);
    }

    /** What {@code DIR/name} runs once installed. */
    public Path installedLauncher(String name) {
        return dir.resolve(PRIVATE_DIR).resolve("cni").resolve(name);
    }

    private boolean ours(Path target) {
        try {
            return Files.isSymbolicLink(target) && Files.readSymbolicLink(target).equals(Path.of(PRIVATE_DIR, "cni", target.getFileName().toString()));
        } catch (IOException e) {
            return false;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.createDirectories(dest.getParent());
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (DirectoryNotEmptyException e) {
                    throw new IOException("cannot clear " + root + ": " + e.getMessage(), e);
                }
            }
        }
    }
}
