package io.jnet.cni.invoke;

import io.jnet.cni.skel.CniPlugin;
import io.jnet.cni.skel.PluginMain;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Plugins a main plugin may run inside its own JVM instead of exec'ing them: only when the file found in
 * CNI_PATH is a jnet launcher of one of these main classes, so that what runs is exactly what the exec
 * would have run (same code, same environment, same stdin, stdout parsed the same way), minus a JVM start.
 * Any other file, such as the reference host-local, is exec'd as usual.
 */
public final class InProcessPlugins {
    /** The first line of every launcher in dist/ names its main class this way. */
    private static final String LAUNCHER_MARK = "# jnet launcher for ";
    private static final int HEAD_BYTES = 512;
    /** Set to any value to always exec (for comparing both paths, and as a way out). */
    public static final String DISABLE_ENV = "JNET_NO_IN_PROCESS";

    private final Map<String, Supplier<CniPlugin>> byMainClass;

    public InProcessPlugins(Map<String, Supplier<CniPlugin>> byMainClass) {
        this.byMainClass = Map.copyOf(byMainClass);
    }

    public static InProcessPlugins none() {
        return new InProcessPlugins(Map.of());
    }

    /** The plugin to run in-process for {@code file}, if it is a jnet launcher of a registered main class. */
    Optional<CniPlugin> pluginFor(Path file, Map<String, String> env) {
        if (byMainClass.isEmpty() || env.containsKey(DISABLE_ENV)) {
            return Optional.empty();
        }
        String mainClass = launcherMainClass(file);
        Supplier<CniPlugin> s = mainClass == null ? null : byMainClass.get(mainClass);
        return s == null ? Optional.empty() : Optional.of(s.get());
    }

    static String launcherMainClass(Path file) {
        byte[] head = new byte[HEAD_BYTES];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, HEAD_BYTES);
        } catch (IOException e) {
            return null;
        }
        String text = new String(head, 0, n, StandardCharsets.UTF_8);
        if (!text.startsWith("#!")) {
            return null;
        }
        int at = text.indexOf(LAUNCHER_MARK);
        if (at < 0) {
            return null;
        }
        int start = at + LAUNCHER_MARK.length();
        int end = start;
        while (end < text.length() && (Character.isJavaIdentifierPart(text.charAt(end)) || text.charAt(end) == '.')) {
            end++;
        }
        while (end > start && text.charAt(end - 1) == '.') {
            end--; // the sentence's full stop, not part of the name
        }
        return end > start ? text.substring(start, end) : null;
    }

    /** Runs {@code plugin} like a process: its stdout is returned, a non-zero exit becomes its CNI error. */
    static byte[] run(CniPlugin plugin, byte[] stdin, Map<String, String> env, PrintStream stderrSink)
            throws io.jnet.cni.spec.CniException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = PluginMain.run(plugin, env, new ByteArrayInputStream(stdin), o, e);
        }
        byte[] stderr = err.toByteArray();
        if (stderrSink != null && stderr.length > 0) {
            stderrSink.write(stderr, 0, stderr.length);
            stderrSink.flush();
        }
        byte[] stdout = out.toByteArray();
        if (exit != 0) {
            throw PluginExecutor.pluginError(exit, stdout, stderr);
        }
        return stdout;
    }
}
