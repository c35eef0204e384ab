package io.jnet.proxy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java io.jnet.proxy.ProxyMain --socket PATH}: the userland proxy as its own process, started by
 * {@link ProxyClient} in the network namespace whose ports it serves. It exits once its last published port is
 * withdrawn, and removes its socket and log then.
 */
public final class ProxyMain {
    private ProxyMain() {}

    public static void main(String[] args) {
        if (args.length != 2 || !args[0].equals("--socket")) {
            System.err.println("usage: io.jnet.proxy.ProxyMain --socket PATH");
            System.exit(2);
        }
        Path socket = Path.of(args[1]);
        PortProxy proxy = new PortProxy(System.err);
        ControlServer server = new ControlServer(proxy, socket, System.err);
        try {
            server.bind();
        } catch (IOException e) {
            System.err.println("jnet-proxy: cannot listen on " + socket + ": " + e.getMessage());
            System.exit(1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutDown, "jnet-proxy-exit"));
        server.serve();
        proxy.close();
        try {
            Files.deleteIfExists(ProxyClient.logOf(socket)); // a clean exit: nothing to read there
        } catch (IOException ignored) {
            // best effort
        }
        System.exit(0);
    }
}
