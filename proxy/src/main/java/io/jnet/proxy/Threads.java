package io.jnet.proxy;

import java.util.concurrent.ThreadFactory;

/**
 * Where the proxy's per-connection work runs: virtual threads on a JDK that has them (21+), where a blocked
 * copy loop costs a few hundred bytes; daemon platform threads with small stacks on Java 17.
 */
final class Threads {
    private Threads() {}

    static ThreadFactory factory(String name) {
        try {
            // Through the public Thread.Builder interface: the builder's own class is internal to java.base.
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, name + "-", 0L);
            return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return r -> {
                Thread t = new Thread(null, r, name, 256 * 1024);
                t.setDaemon(true);
                return t;
            };
        }
    }
}
