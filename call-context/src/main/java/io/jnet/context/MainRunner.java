package io.jnet.context;

import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a program's {@code main(String[])} as a hosted call: the context bound to the calling thread for the
 * duration, the exit status taken from {@link CallContext#exit} (0 when main just returns, 1 with the trace on
 * the call's stderr when it throws, as a JVM would). The programs must read everything process-wide through
 * {@link CallContext}, as jnet's plugin skeleton and CLI do.
 */
public final class MainRunner {
    private MainRunner() {}

    private static final ConcurrentHashMap<String, MethodHandle> MAINS = new ConcurrentHashMap<>();

    /** Runs {@code mainClass} with {@code args} under {@code ctx}; returns its exit status. */
    public static int run(String mainClass, String[] args, CallContext ctx) throws ReflectiveOperationException {
        MethodHandle main = mainOf(mainClass);
        Throwable failure;
        try {
            failure = ctx.call(() -> {
                try {
                    main.invokeExact(args);
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
        } catch (Exception e) {
            failure = e; // not reached: the task catches everything
        }
        if (failure != null) {
            PrintStream err = ctx.stderr();
            err.print("Exception in call of " + mainClass + ": ");
            failure.printStackTrace(err);
            err.flush();
            return ctx.exitCode().orElse(1);
        }
        ctx.stdout().flush();
        ctx.stderr().flush();
        return ctx.exitCode().orElse(0);
    }

    /** Loads and initialises {@code mainClass} now (an engine warms up this way). */
    public static void load(String mainClass) throws ReflectiveOperationException {
        mainOf(mainClass);
    }

    private static MethodHandle mainOf(String mainClass) throws ReflectiveOperationException {
        MethodHandle h = MAINS.get(mainClass);
        if (h == null) {
            Class<?> c = Class.forName(mainClass, true, MainRunner.class.getClassLoader());
            h = MethodHandles.publicLookup().findStatic(c, "main", MethodType.methodType(void.class, String[].class));
            MAINS.put(mainClass, h);
        }
        return h;
    }
}
