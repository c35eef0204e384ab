package io.jnet.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.SimpleResolver;

/**
 * Forwarding (CoreDNS's {@code forward} beside its {@code hosts}): a question the networks do not own goes to the
 * host's upstreams, one after the other, each with a timeout. Only a message that parsed is ever sent, re-encoded by
 * dnsjava under a fresh random ID from a random port ({@link UpstreamSockets}); a truncated answer is asked again
 * over TCP (dnsjava's SimpleResolver), so an asker that came over TCP for a big answer gets it whole.
 */
public final class Forwarder implements AutoCloseable {
    /** Sends one parsed question upstream; the answer, or a failed stage when no upstream answered. */
    public interface Forwarding {
        CompletionStage<Message> forward(Message query);
    }

    private final Upstreams upstreams;
    private final Supplier<Set<InetAddress>> own;
    private final Duration timeout;
    private final UpstreamSockets udp = new UpstreamSockets();
    private volatile List<InetAddress> lastNamed;

    /**
     * @param own     the resolver's own listen addresses: never an upstream (a host whose resolv.conf names a
     *                gateway would otherwise loop)
     * @param timeout per upstream
     */
    public Forwarder(Upstreams upstreams, Supplier<Set<InetAddress>> own, Duration timeout) {
        this.upstreams = upstreams;
        this.own = own;
        this.timeout = timeout;
    }

    public CompletionStage<Message> forward(Message query) {
        Set<InetAddress> self = own.get();
        List<InetAddress> named = upstreams.current();
        List<InetAddress> servers = named.stream().filter(a -> !self.contains(a)).toList();
        if (servers.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("no upstream resolver in " + upstreams.resolvConf()));
        }
        if (named != lastNamed) { // the host's resolv.conf changed: sockets to upstreams no longer named go
            lastNamed = named;
            udp.retain(servers.stream().map(a -> new InetSocketAddress(a, SimpleResolver.DEFAULT_PORT)).toList());
        }
        return attempt(query, servers, 0);
    }

    private CompletionStage<Message> attempt(Message q, List<InetAddress> servers, int i) {
        InetSocketAddress server = new InetSocketAddress(servers.get(i), SimpleResolver.DEFAULT_PORT);
        CompletionStage<Message> sent = udp.send(q, server, timeout.toMillis())
                .thenCompose(m -> m.getHeader().getFlag(Flags.TC) ? overTcp(q, server) : CompletableFuture.completedFuture(m));
        if (i + 1 == servers.size()) {
            return sent;
        }
        return sent.handle((m, e) -> e == null ? CompletableFuture.completedFuture(m) : attempt(q, servers, i + 1))
                .thenCompose(s -> s);
    }

    private CompletionStage<Message> overTcp(Message q, InetSocketAddress server) {
        SimpleResolver r = new SimpleResolver(server);
        r.setTCP(true);
        r.setTimeout(timeout);
        return r.sendAsync(q);
    }

    @Override
    public void close() {
        udp.close();
    }
}
