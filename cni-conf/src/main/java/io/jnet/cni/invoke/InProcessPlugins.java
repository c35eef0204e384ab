package io.jnet.cni.invoke;

import io.jnet.cni.skel.CniPlugin;
import io.jnet.cni.skel.PluginMain;
import io.jnet.context.CallContext;
import io.jnet.context.CallStreams;
import io.jnet.context.MainRunner;
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
import java.util.Set;
import java.util.function.Supplier;

/**
 * Plugins a main plugin (or the CLI's runtime) may run inside its own JVM instead of exec'ing them: only when the
 * file found in CNI_PATH is a jnet launcher (or native client) of one of these main classes, so that what runs is exactly what the exec
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
    /** Main classes run as hosted calls of their own main (exactly what the launcher runs), see {@link #mains}. */
    private final Set<String> mains;

    public InProcessPlugins(Map<String, Supplier<CniPlugin>> byMainClass) {
        this(byMainClass, Set.of());
    }

    private InProcessPlugins(Map<String, Supplier<CniPlugin>> byMainClass, Set<String> mains) {
        this.byMainClass = Map.copyOf(byMainClass);
        this.mains = Set.copyOf(mains);
    }

    /**
     * Runs the launchers of these main classes by calling the main itself in this JVM, under a call context of
     * the plugin's own (environment, stdin, stdout, stderr, exit status), as the engine does: the same code path
     * as the exec, with the construction its main does.
     */
    public static InProcessPlugins mains(Set<String> mainClasses) {
        return new InProcessPlugins(Map.of(), mainClasses);
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

    /**
     * Runs {@code file}'s plugin in this JVM when it is one of ours (either kind of registration) and returns its
     * stdout; empty when it has to be exec'd.
     */
    public Optional<byte[]> run(Path file, byte[] stdin, Map<String, String> env, PrintStream stderrSink)
            throws io.jnet.cni.spec.CniException {
        if (env.containsKey(DISABLE_ENV) || (byMainClass.isEmpty() && mains.isEmpty())) {
            return Optional.empty();
        }
        String mainClass = launcherMainClass(file);
        if (mainClass == null) {
            return Optional.empty();
        }
        Supplier<CniPlugin> s = byMainClass.get(mainClass);
        if (s != null) {
            return Optional.of(run(s.get(), stdin, env, stderrSink));
        }
        if (!mains.contains(mainClass)) {
            return Optional.empty();
        }
        CallStreams.install(); // a stray System.out of the plugin goes to its stderr, as in its own JVM
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            CallContext call = CallContext.hosted(env, CallContext.current().cwd(), new ByteArrayInputStream(stdin), o, e, e);
            exit = MainRunner.run(mainClass, new String[0], call);
        } catch (ReflectiveOperationException | LinkageError e) {
            return Optional.empty(); // not on our class path after all: the exec runs it
        }
        return Optional.of(finish(exit, out.toByteArray(), err.toByteArray(), stderrSink));
    }

    /**
     * The main class a jnet launcher runs: named in its first lines (sh launcher) or in the mark the build appends
     * to a copy of the native client (an ELF file), else null.
     */
    static String launcherMainClass(Path file) {
        byte[] head = new byte[HEAD_BYTES];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, HEAD_BYTES);
        } catch (IOException e) {
            return null;
        }
        if (n >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
            return markedMainClass(tail(file));
        }
        String text = new String(head, 0, n, StandardCharsets.UTF_8);
        if (!text.startsWith("#!")) {
            return null;
        }
        return markedMainClass(text);
    }

    private static String tail(Path file) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            long size = ch.size();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) Math.min(size, HEAD_BYTES));
            ch.read(b, size - b.capacity());
            return new String(b.array(), 0, b.position(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    private static String markedMainClass(String text) {
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
        return finish(exit, out.toByteArray(), err.toByteArray(), stderrSink);
    }

    private static byte[] finish(int exit, byte[] stdout, byte[] stderr, PrintStream stderrSink) throws io.jnet.cni.spec.CniException {
        if (stderrSink != null && stderr.length > 0) {
            stderrSink.write(stderr, 0, stderr.length);
            stderrSink.flush();
        }
        if (exit != 0) {
            throw PluginExecutor.pluginError(exit, stdout, stderr);
        }
        return stdout;
    }
}
