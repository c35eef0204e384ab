package io.jnet.cli;

import io.jnet.runtime.HttpResponder;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jnet serve-http}: the lab's responder, run by {@code lab up} inside blue. Hidden: not for people. */
@Command(name = "serve-http", hidden = true, description = "Answer HTTP GETs with a line naming this server (the lab's responder).")
final class ServeHttpCommand extends JnetCommand {
    @Option(names = "--port", description = "Port to listen on (default 80).")
    int port = 80;

    @Option(names = "--name", description = "Name to answer with.")
    String name = "jnet";

    @Override
    int run() throws Exception {
        HttpResponder.serve(port, name, new PrintStream(System.out, true));
        return 0;
    }
}
