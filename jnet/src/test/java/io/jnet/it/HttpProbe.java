package io.jnet.it;

import io.jnet.netlink.ns.NetNs;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** An HTTP GET made from inside a namespace (a thread that entered it). */
final class HttpProbe {
    private HttpProbe() {}

    /** The response text, or the exception's message when there is none. */
    static String get(NetNs from, String host, int port) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            last = from.call(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(host, port), 2000);
                    s.setSoTimeout(3000);
                    OutputStream out = s.getOutputStream();
                    out.write(("GET / HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "error: " + e.getMessage();
                }
            });
            if (!last.startsWith("error:")) {
                return last;
            }
            Thread.sleep(200); // the server may still be starting
        }
        return last;
    }
}
