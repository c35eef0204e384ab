package io.jnet.plugin.portmap;

import io.jnet.context.CallContext;
import io.jnet.firewall.PortMapping;
import io.jnet.inet.IpPrefix;
import io.jnet.proxy.Binding;
import io.jnet.proxy.ProxyClient;
import io.jnet.proxy.ProxyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The userland proxy as portmap uses it ({@code "userlandProxy": true}): every TCP and UDP mapping is also held by
 * the proxy of this network namespace, which answers where NAT does not (loopback). An attachment's ports are
 * known to the proxy as one owner, {@code <network>/<containerID>}, so DEL and GC need only the identity.
 */
public class UserlandProxy {
    private final ProxyClient client;

    public UserlandProxy(ProxyClient client) {
        this.client = client;
    }

    /** The proxy of the calling thread's call: its directory from the call's environment. */
    public static UserlandProxy standard() {
        return new UserlandProxy(ProxyClient.fromEnv(CallContext.current().env()));
    }

    /** The owner name of one attachment's ports. */
    public static String owner(String network, String containerId) {
        return network + "/" + containerId;
    }

    /** What the proxy should hold for these mappings (SCTP is left to NAT alone). */
    public static List<Binding> bindings(List<PortMapping> mappings, ContainerAddresses addrs) {
        String v4 = addrs.v4() == null ? null : IpPrefix.text(addrs.v4().address());
        String v6 = addrs.v6() == null ? null : IpPrefix.text(addrs.v6().address());
        List<Binding> out = new ArrayList<>();
        for (PortMapping m : mappings) {
            if (m.protocol().equals("sctp") || v4 == null && v6 == null) {
                continue;
            }
            Binding b = new Binding(m.protocol(), m.hostIp(), m.hostPort(), v4, v6, m.containerPort());
            if (!out.contains(b)) {
                out.add(b);
            }
        }
        return out;
    }

    public void publish(String owner, List<Binding> bindings) throws ProxyException {
        client.publish(owner, bindings);
    }

    public void unpublish(String owner) throws ProxyException {
        client.unpublish(owner);
    }

    public Map<String, List<Binding>> published() throws ProxyException {
        return client.published();
    }
}
