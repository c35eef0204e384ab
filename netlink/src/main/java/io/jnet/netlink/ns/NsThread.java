package io.jnet.netlink.ns;

import io.jnet.netlink.NetlinkException;

/**
 * Runs work on a fresh platform thread that ends with the work. Switching namespaces with setns(2)
 * changes only the calling thread, so a thread that switched must never go back to a pool: here it
 * simply dies, which also covers a failed switch back.
 */
public final class NsThread {
    private NsThread() {}

    /** Work that may throw a checked exception of type {@code E}. */
    @FunctionalInterface
    public interface Task<T, E extends Exception> {
        T call() throws E;
    }

    /** A task allowed to throw anything; the type is recovered by {@link #run}'s caller. */
    @FunctionalInterface
    interface AnyTask<T> {
        T call() throws Exception;
    }

    @SuppressWarnings("unchecked")
    static <T, E extends Exception> T run(String name, AnyTask<T> task) throws E, NetlinkException {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                result[0] = task.call();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the namespace work cannot be abandoned half way; finish waiting
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure[0];
        if (t == null) {
            return (T) result[0];
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t instanceof NetlinkException ne) {
            throw ne;
        }
        throw (E) t;
    }
}
