package io.jnet.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per attachment and program (network, container ID, interface, plugin): ADD, CHECK and DEL of one
 * attachment by one plugin run one at a time, so a DEL that follows a cancelled ADD waits for the ADD's rollback
 * and finds settled state. The plugin is part of the key because a bridge call delegates to its IPAM plugin with
 * the same network, container and interface: that nested call must not wait for the call that is waiting for it. Entries live
 * only while someone holds or waits for them, so the map stays as small as the calls in flight.
 */
final class AttachmentLocks {
    record Key(String program, String network, String containerId, String ifname) {}

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock(true);
        int users;
    }

    private final Map<Key, Entry> entries = new HashMap<>();

    /** Holds the attachment's lock until closed; false from {@link Held#acquired()} when the wait timed out. */
    final class Held implements AutoCloseable {
        private final Key key;
        private final Entry entry;
        private final boolean acquired;

        private Held(Key key, Entry entry, boolean acquired) {
            this.key = key;
            this.entry = entry;
            this.acquired = acquired;
        }

        boolean acquired() {
            return acquired;
        }

        @Override
        public void close() {
            if (acquired && entry != null) {
                entry.lock.unlock();
                release(key, entry);
            }
        }
    }

    /** Waits up to {@code millis} for the lock of {@code key}; a null key is no attachment and needs no lock. */
    Held acquire(Key key, long millis) throws InterruptedException {
        if (key == null) {
            return new Held(null, null, true);
        }
        Entry e;
        synchronized (entries) {
            e = entries.computeIfAbsent(key, k -> new Entry());
            e.users++;
        }
        boolean ok = false;
        try {
            ok = e.lock.tryLock(Math.max(0, millis), TimeUnit.MILLISECONDS);
        } finally {
            if (!ok) {
                release(key, e);
            }
        }
        return new Held(key, e, ok);
    }

    private void release(Key key, Entry e) {
        synchronized (entries) {
            if (--e.users == 0) {
                entries.remove(key);
            }
        }
    }

    /** How many attachments have a holder or a waiter (for status and tests). */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
