/**
 * jnet's userland proxy, Docker's docker-proxy in one process: for each published port it holds the host socket
 * (so no host process can take the port) and forwards TCP connections and UDP flows to the container. It serves
 * what NAT cannot: {@code [::1]:PORT} (IPv6 has no route_localnet) and {@code 127.0.0.1:PORT} without opening the
 * bridge to 127.0.0.0/8. {@link io.jnet.proxy.PortProxy} is the library (no process-global state, so a resident
 * engine can host it); {@link io.jnet.proxy.ProxyMain} runs it as its own process, one per network namespace,
 * controlled over a Unix socket by {@link io.jnet.proxy.ProxyClient}, and ends with the last published port.
 */
package io.jnet.proxy;
