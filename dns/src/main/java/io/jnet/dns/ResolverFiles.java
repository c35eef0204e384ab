package io.jnet.dns;

import java.nio.file.Path;

/**
 * Where one resolver keeps its state, under jnet's state dir: the network records, the control socket, the pid
 * file, the log, and the lock that runtimes hold while they change the records.
 */
public record ResolverFiles(Path dir) {
    public Path records() {
        return dir.resolve("networks");
    }

    public Path control() {
        return dir.resolve("control.sock");
    }

    public Path pid() {
        return dir.resolve("resolver.pid");
    }

    public Path log() {
        return dir.resolve("resolver.log");
    }

    public Path lock() {
        return dir.resolve("lock");
    }
}
