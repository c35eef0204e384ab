package io.jnet.cli;

import picocli.CommandLine.Option;

/** {@code --explain}, on the commands that change the kernel: {@link JnetCommand} streams the explanation. */
final class ExplainOption {
    @Option(names = "--explain", description = "Print, as they happen, the ip, sysctl and iptables commands that would do "
            + "the same by hand (the rest of the output becomes # comments, so the whole is a shell script).")
    boolean explain;
}
