package io.jnet.engine;

import io.jnet.context.CallContext;
import io.jnet.context.CallStreams;
import io.jnet.context.MainRunner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * {@code lib/jvm/engine}: the resident engine. Started detached by the native client (or by
 * {@code jnet engine start}, or by systemd with {@code --inherit}); its stdout and stderr are its log.
 */
public final class EngineMain {
    private EngineMain() {}

    public static void main(String[] args) {
        PrintStream log = System.err;
        EngineSettings settings;
        try {
            settings = EngineSettings.parse(args, System.getenv(), System.getProperty("jnet.home"));
        } catch (IllegalArgumentException e) {
            log.println("jnet engine: " + e.getMessage());
            System.exit(2);
            return;
        }
        CallStreams.install();
        String build = EngineSettings.readBuild(settings.home());
        try {
            EngineServer server = new EngineServer(settings, build, version(), log);
            ServerSocketChannel inherited = settings.inherit() ? inherited() : null;
            if (!server.bind(inherited)) {
                log.println("jnet engine: another engine already serves " + settings.dir());
                System.exit(0);
            }
            Thread warm = new Thread(EngineMain::warmUp, "engine-warm-up");
            warm.setDaemon(true);
            warm.start();
            server.serve();
        } catch (IOException | RuntimeException e) {
            log.println("jnet engine: cannot serve " + settings.socket() + ": " + e);
            System.exit(1);
        }
        System.exit(0);
    }

    private static ServerSocketChannel inherited() throws IOException {
        Channel c = System.inheritedChannel();
        if (c instanceof ServerSocketChannel s) {
            return s;
        }
        throw new IOException("--inherit: stdin is not a listening socket (" + c + ")");
    }

    /**
     * Loads every program and runs each plugin's VERSION and a refused ADD once, so the first real calls find
     * the skeleton, the JSON code and the error path loaded. Touches nothing: an ADD without CNI_CONTAINERID
     * is refused before any work.
     */
    private static void warmUp() {
        for (Map.Entry<String, String> p : Programs.MAINS.entrySet()) {
            try {
                MainRunner.load(p.getValue());
                if (Programs.isPlugin(p.getKey())) {
                    quietly(p.getValue(), Map.of("CNI_COMMAND", "VERSION"), "{}");
                    quietly(p.getValue(), Map.of("CNI_COMMAND", "ADD"), "{\"cniVersion\":\"1.0.0\",\"name\":\"warm-up\",\"type\":\"" + p.getKey() + "\"}");
                }
            } catch (ReflectiveOperationException | LinkageError e) {
                // a program missing from the class path is reported when it is called
            }
        }
    }

    private static void quietly(String main, Map<String, String> env, String stdin) throws ReflectiveOperationException {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        MainRunner.run(main, new String[0], CallContext.hosted(env, Path.of("/"), in, sink, sink, sink));
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream in = EngineMain.class.getResourceAsStream("engine.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // version unknown
        }
        return "jnet engine " + p.getProperty("version", "unknown");
    }
}
