package io.jnet.engine;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The engine's socket and lifetime: accepts connections (each on a new platform thread), and retires (stops
 * accepting, gives up the socket and the pid file, lets calls in flight finish, exits) when asked to stop, when
 * idle for too long, when a client of another build arrives, or when its dist/ changes under it.
 */
final class EngineServer {
    private final EngineSettings settings;
    private final String build;
    private final String version;
    private final long netns;
    private final long mntns;
    private final PrintStream log;
    private final EngineStats stats = new EngineStats();
    private final AttachmentLocks locks = new AttachmentLocks();
    private final ScheduledExecutorService scheduler;
    private final Object retireLock = new Object();
    private volatile boolean retiring;
    private ServerSocketChannel server;
    private FileChannel pidChannel;
    private FileLock pidLock;
    private Object socketKey;

    EngineServer(EngineSettings settings, String build, String version, PrintStream log) throws IOException {
        this.settings = settings;
        this.build = build;
        this.version = version;
        this.log = log;
        this.netns = inode("/proc/self/ns/net");
        this.mntns = inode("/proc/self/ns/mnt");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "engine-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Takes the engine's place in its directory: the pid file's lock (one engine per directory), then the socket
     * (a stale one is removed: whoever held it is gone, since the lock was free). False when another engine runs.
     */
    boolean bind(ServerSocketChannel inherited) throws IOException {
        Path dir = settings.dir();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        pidChannel = FileChannel.open(settings.pidFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        pidLock = pidChannel.tryLock();
        if (pidLock == null) {
            pidChannel.close();
            return false;
        }
        if (inherited != null) {
            server = inherited; // systemd made and owns the socket file
        } else {
            Files.deleteIfExists(settings.socket());
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(settings.socket()));
            Files.setPosixFilePermissions(settings.socket(), PosixFilePermissions.fromString("rw-------"));
            socketKey = Files.readAttributes(settings.socket(), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        }
        pidChannel.truncate(0);
        pidChannel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        return true;
    }

    /** Accepts until retired, then waits for the calls in flight. */
    void serve() {
        // SIGTERM (jnet engine stop is the gentle way): give up the socket and pid file on the way out too
        Runtime.getRuntime().addShutdownHook(new Thread(() -> retire("terminated"), "engine-shutdown"));
        scheduler.scheduleWithFixedDelay(this::watch, 1, 1, TimeUnit.SECONDS);
        log("serving " + settings.socket() + " (pid " + ProcessHandle.current().pid() + ", build " + build + ", idle exit "
                + (settings.idleMillis() == 0 ? "never" : settings.idleMillis() / 1000 + " s") + ")");
        while (!retiring) {
            try {
                SocketChannel c = server.accept();
                stats.lastActivityMillis.set(System.currentTimeMillis());
                Thread t = new Thread(new Connection(this, c), "engine-call");
                t.start();
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                if (!retiring) {
                    log("accept failed: " + e.getMessage());
                    sleep(100);
                }
            }
        }
        long until = System.currentTimeMillis() + settings.callTimeoutMillis() + Connection.REQUEST_MILLIS;
        while (stats.inFlight.get() > 0 && System.currentTimeMillis() < until) {
            sleep(20);
        }
        log("exiting (" + stats.served.get() + " calls served)");
    }

    /** Stops taking calls: the socket and pid file are given up at once, so a new engine can start beside us. */
    void retire(String why) {
        synchronized (retireLock) {
            if (retiring) {
                return;
            }
            retiring = true;
        }
        log("retiring: " + why);
        try {
            if (socketKey != null) {
                Object now = Files.readAttributes(settings.socket(), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
                if (Objects.equals(now, socketKey)) {
                    Files.deleteIfExists(settings.socket());
                }
            }
        } catch (IOException ignored) {
            // already gone
        }
        try {
            pidChannel.truncate(0);
            pidLock.release();
            pidChannel.close();
        } catch (IOException ignored) {
            // closing releases the lock anyway
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // accept() ends either way
        }
    }

    boolean retiring() {
        return retiring;
    }

    /** Idle exit and dist/ changes, checked every second. */
    private void watch() {
        long idle = settings.idleMillis();
        if (idle > 0 && stats.inFlight.get() == 0 && System.currentTimeMillis() - stats.lastActivityMillis.get() > idle) {
            retire("idle for " + idle / 1000 + " s");
        }
        String current = EngineSettings.readBuild(settings.home());
        if (!build.equals(current)) {
            retire("dist changed (build " + current + " replaces " + build + ")");
        }
    }

    JsonObject status() {
        return stats.toJson(version, build, settings.socket(), settings.idleMillis());
    }

    void log(String line) {
        log.println(Instant.now() + " jnet engine: " + line);
        log.flush();
    }

    String build() {
        return build;
    }

    long netns() {
        return netns;
    }

    long mntns() {
        return mntns;
    }

    long callTimeoutMillis() {
        return settings.callTimeoutMillis();
    }

    EngineStats stats() {
        return stats;
    }

    AttachmentLocks locks() {
        return locks;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    private static long inode(String path) throws IOException {
        return ((Number) Files.getAttribute(Path.of(path), "unix:ino")).longValue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
