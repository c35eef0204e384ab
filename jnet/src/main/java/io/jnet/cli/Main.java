package io.jnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jnet} command line: namespaces, networks, attachments and the red/blue lab. */
@Command(name = "jnet", mixinStandardHelpOptions = true, version = "jnet 0.1.0",
        description = "Container networking by hand: namespaces, bridges, CNI plugins.")
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
