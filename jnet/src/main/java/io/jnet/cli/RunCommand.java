package io.jnet.cli;

import io.jnet.containers.ContainerView;
import io.jnet.containers.RunRequest;
import io.jnet.containers.spec.Limits;
import io.jnet.containers.spec.MountSpec;
import io.jnet.runtime.JnetException;
import io.jnet.runtime.Privileges;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jnet run [OPTIONS] IMAGE [CMD...]}: a container on jnet networks, handed to runc. */
@Command(name = "run", mixinStandardHelpOptions = true, modelTransformer = ContainerCommand.StopAtPositional.class,
        description = {"Run a container: an overlay of the image's layers as its root, a jnet network namespace attached through "
                + "the plugins, new pid/ipc/uts/mount namespaces and cgroup limits, all in an OCI spec that runc executes.",
                "In the foreground jnet exits with the container's status; -d prints its ID and keeps its output for jnet logs."},
        footerHeading = "%nExamples:%n",
        footer = {"  jnet run --rm busybox echo hello",
                "  jnet run -d --name web -p 8081:80 busybox httpd -f -p 80 -h /www",
                "  jnet run --rm --memory 32m --cpus 0.5 --pids-limit 16 busybox sh",
                "  jnet run --rm -v data:/data --read-only busybox sh -c 'echo hi > /data/note'",
                "  jnet run --dry-run busybox          print the OCI spec, make nothing"})
final class RunCommand extends ContainerCommand {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image name or ID (jnet image ls).")
    String image;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "Command and arguments (default: the image's).")
    List<String> command = new ArrayList<>();

    @Option(names = "--name", paramLabel = "NAME", description = "Container name (also its network namespace's); default IMAGE-xxxx.")
    String name;

    @Option(names = {"-d", "--detach"}, description = "Run in the background; output goes to jnet logs.")
    boolean detach;

    @Option(names = "--rm", description = "Remove the container when it exits.")
    boolean remove;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY[=VALUE]", description = "Environment variable (KEY alone passes this shell's).")
    List<String> env = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory in the container.")
    String workdir;

    @Option(names = "--hostname", paramLabel = "NAME", description = "Host name in its UTS namespace (default: the container's name).")
    String hostname;

    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]", description = "User to run as, names from the image's /etc/passwd or numbers.")
    String user;

    @Option(names = "--net", paramLabel = "NAME", description = "Network to join (repeat for several; default jnet's); none: loopback only; host: the host's.")
    List<String> networks = new ArrayList<>();

    @Option(names = {"-p", "--publish"}, paramLabel = "[HOSTIP:]HOSTPORT:PORT[/PROTO]", description = "Publish a port on the host (first network).")
    List<String> publish = new ArrayList<>();

    @Option(names = "--ip", paramLabel = "IP", description = "Address on the first network instead of the next free one.")
    String ip;

    @Option(names = "--alias", paramLabel = "NAME", description = "Extra DNS name on its networks.")
    List<String> aliases = new ArrayList<>();

    @Option(names = {"-v", "--volume"}, paramLabel = "SRC:DST[:ro]", description = "Bind a host path (absolute) or a named volume.")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--read-only", description = "Mount the root file system read-only (volumes stay writable).")
    boolean readOnly;

    @Option(names = {"-m", "--memory"}, paramLabel = "SIZE", description = "Memory limit, e.g. 32m (at least 6m); no swap beyond it.")
    String memory;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU limit, e.g. 0.5 (a CFS quota per 100 ms).")
    String cpus;

    @Option(names = "--pids-limit", paramLabel = "N", description = "Most processes at once.")
    String pidsLimit;

    @Option(names = "--pid", paramLabel = "host", description = "host: share the host's PID namespace instead of a new one.")
    String pid;

    @Option(names = "--userns", description = "New user namespace: the container's root is host uid/gid 100000 (JNET_USERNS_BASE).")
    boolean userns;

    @Option(names = "--dry-run", description = "Print the OCI runtime spec and make nothing.")
    boolean dryRun;

    @Override
    int runContainers() {
        if (pid != null && !pid.equals("host")) {
            throw JnetException.usage("--pid takes only 'host'", "leave it out for a PID namespace of the container's own");
        }
        List<MountSpec> mounts = volumes.stream().map(MountSpec::parse).toList();
        Limits limits = Limits.parse(memory, cpus, pidsLimit, Runtime.getRuntime().availableProcessors());
        RunRequest req = new RunRequest(name, image, command, env, workdir, hostname, user, networks, publish, ip, aliases, mounts,
                readOnly, limits, pid != null, userns, detach, remove);
        if (dryRun) {
            printJson(containers().dryRun(req));
            return 0;
        }
        Privileges.require("jnet run");
        if (!detach) {
            out().flush();
            return containers().runForeground(req);
        }
        ContainerView v = containers().runDetached(req, shimLauncher());
        if (json()) {
            printJson(v.toJson());
        } else {
            out().println(v.record().id());
        }
        return 0;
    }
}
