package io.jnet.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * The lab's tiny HTTP responder: answers every GET with one line naming itself and who asked, so the proof
 * shows the path a request took (through portmap, the asker is the bridge's address).
 */
public final class HttpResponder {
    private HttpResponder() {}

    /** Serves on every address of the current namespace until the process is killed. */
    public static void serve(int port, String name, PrintStream log) throws IOException, InterruptedException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
        server.createContext("/", exchange -> answer(exchange, name));
        server.start();
        log.println("jnet serve-http: " + name + " listening on port " + port);
        log.flush();
        // Runs until killed. No shutdown hook stopping the server: HttpServer.stop lingers about a second and
        // SIGTERM ends the process (and closes its socket) at once without it.
        new CountDownLatch(1).await();
    }

    private static void answer(HttpExchange ex, String name) throws IOException {
        String body = "hello from " + name + ": you reached " + ex.getLocalAddress().getAddress().getHostAddress() + ":"
                + ex.getLocalAddress().getPort() + " from " + ex.getRemoteAddress().getAddress().getHostAddress() + "\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
