package io.jnet.dns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The resolver as its own process: {@code ResolverMain --dir DIR [--resolv-conf FILE] [--systemd-resolv-conf FILE]
 * [--port N]}. It serves {@code DIR/networks/*.json}, answers on {@code DIR/control.sock}, writes its pid to
 * {@code DIR/resolver.pid}, and removes both when it stops.
 */
public final class ResolverMain {
    private ResolverMain() {}

    public static void main(String[] args) throws Exception {
        Path dir = null;
        Path resolvConf = Upstreams.HOST_RESOLV_CONF;
        Path systemd = Upstreams.SYSTEMD_RESOLV_CONF;
        int port = 53;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--resolv-conf" -> resolvConf = Path.of(args[i + 1]);
                case "--systemd-resolv-conf" -> systemd = Path.of(args[i + 1]);
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                default -> usage("unknown option " + args[i]);
            }
        }
        if (dir == null || args.length % 2 != 0) {
            usage("--dir is required");
        }
        ResolverFiles files = new ResolverFiles(dir);
        Resolver resolver = Resolver.start(new Resolver.Config(files.records(), port, new Upstreams(resolvConf, systemd),
                Duration.ofSeconds(2)));
        CountDownLatch stopped = new CountDownLatch(1);
        ControlServer control = new ControlServer(files.control(), resolver, stopped::countDown);
        Files.writeString(files.pid(), ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> cleanUp(files, control)));
        System.err.println("jnet-dns: serving " + resolver.zone().networks().size() + " network(s), pid " + ProcessHandle.current().pid());
        stopped.await();
        resolver.close();
        System.err.println("jnet-dns: stopped (" + resolver.stats() + ")");
        System.exit(0); // the shutdown hook removes the socket and the pid file
    }

    private static void cleanUp(ResolverFiles files, ControlServer control) {
        try {
            control.close();
            Files.deleteIfExists(files.pid());
        } catch (IOException ignored) {
            // the next start replaces them
        }
    }

    private static void usage(String problem) {
        System.err.println("jnet-dns: " + problem + " (usage: ResolverMain --dir DIR [--resolv-conf FILE] [--systemd-resolv-conf FILE] [--port N])");
        System.exit(2);
    }
}
