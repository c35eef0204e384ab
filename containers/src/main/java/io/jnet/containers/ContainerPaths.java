package io.jnet.containers;

import java.nio.file.Path;

/**
 * The files of one container, all in its directory: the runc bundle ({@code config.json}, the OCI spec, with
 * {@code rootfs} the overlay's merged view), the overlay's {@code upper} and {@code work} dirs, the files bind-mounted
 * over /etc/hosts, /etc/hostname and /etc/resolv.conf, the log of a detached container, and two locks: {@code lock}
 * (held by whoever changes the container) and {@code supervisor.lock} (held by the process waiting for it to exit).
 */
public record ContainerPaths(Path dir) {
    public Path record() {
        return dir.resolve("container.json");
    }

    public Path spec() {
        return dir.resolve("config.json");
    }

    public Path rootfs() {
        return dir.resolve("rootfs");
    }

    public Path upper() {
        return dir.resolve("upper");
    }

    public Path work() {
        return dir.resolve("work");
    }

    public Path log() {
        return dir.resolve("container.log");
    }

    public Path supervisorLog() {
        return dir.resolve("supervisor.log");
    }

    public Path hosts() {
        return dir.resolve("hosts");
    }

    public Path hostname() {
        return dir.resolve("hostname");
    }

    public Path resolvConf() {
        return dir.resolve("resolv.conf");
    }

    public Path exit() {
        return dir.resolve("exit.json");
    }

    public Path lock() {
        return dir.resolve("lock");
    }

    public Path supervisorLock() {
        return dir.resolve("supervisor.lock");
    }
}
