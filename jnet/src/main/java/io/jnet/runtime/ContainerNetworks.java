package io.jnet.runtime;

import io.jnet.containers.NetworkBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The network side of {@code jnet run}, done exactly as {@code jnet netns add} and {@code jnet attach} do it: the
 * container's network namespace is a named jnet namespace, and each network is a CNI ADD through the plugins
 * (result cache, port checks, roll-back on failure and all), so {@code jnet ps}, {@code jnet check} and
 * {@code jnet gc} see containers' attachments like any other. On networks with DNS the container's name (its
 * namespace's) and its {@code --alias} names resolve, and its resolv.conf names the networks' gateways.
 */
public final class ContainerNetworks implements NetworkBackend {
    private final Jnet jnet;

    public ContainerNetworks(Jnet jnet) {
        this.jnet = jnet;
    }

    @Override
    public void check(List<Request> requests) {
        boolean dns = false;
        for (Request r : requests) {
            Optional<Networks.Loaded> net = jnet.networks().find(r.network() == null ? Networks.DEFAULT_NAME : r.network());
            if (net.isEmpty() && r.network() != null && !r.network().equals(Networks.DEFAULT_NAME)) {
                throw JnetException.notFound("network " + r.network() + " does not exist",
                        "jnet net ls lists the networks; jnet net create " + r.network() + " --subnet CIDR makes one");
            }
            dns |= net.isPresent() && NetworkDns.enabled(net.get().list());
            DnsAliases.check(r.aliases());
            // what jnet attach -p takes; the fixed host ports are checked now, before anything is made (automatic
            // ones are picked at attach, under the publish lock)
            List<PortMapping> fixed = new ArrayList<>();
            for (PortSpec spec : r.ports().stream().map(PortSpec::parse).toList()) {
                if (!spec.automatic() && !spec.picksFromRange()) {
                    for (int i = 0; i < spec.containerCount(); i++) {
                        fixed.add(spec.mapping(i, spec.hostStart() + i));
                    }
                }
            }
            jnet.attachments().checkPorts(fixed);
        }
        if (!dns && requests.stream().anyMatch(r -> !r.aliases().isEmpty())) {
            throw JnetException.usage("none of the container's networks has DNS, so --alias would name nothing",
                    "run it on a network made with DNS (jnet net create NAME has it by default), or drop --alias");
        }
    }

    @Override
    public boolean namespaceExists(String name) {
        return jnet.namespaces().exists(name);
    }

    @Override
    public Path createNamespace(String name) {
        jnet.namespaces().add(name);
        return jnet.namespaces().path(name);
    }

    @Override
    public Path namespacePath(String name) {
        return jnet.namespaces().path(name);
    }

    @Override
    public Attached attach(String namespace, Request request, String ifname) {
        List<PortSpec> publish = request.ports().stream().map(PortSpec::parse).toList();
        Optional<Networks.Loaded> net = jnet.networks().find(request.network() == null ? Networks.DEFAULT_NAME : request.network());
        boolean dns = net.isPresent() && NetworkDns.enabled(net.get().list());
        // aliases name the container on the networks that have names; the others take it without them
        AttachmentView v = jnet.attachments().attach(new Attachments.Request(namespace, request.network(), ifname, request.ip(), null, List.of(), publish),
                dns ? request.aliases() : List.of());
        List<String> nameservers = dns ? net.get().info().gateways().stream().filter(g -> !g.isEmpty()).toList() : List.of();
        return new Attached(v.network(), v.ifname(), v.addresses(), v.ports().stream().map(PortMapping::toString).toList(), nameservers);
    }

    @Override
    public void detachAll(String namespace) {
        boolean attached = jnet.attachments().list().stream().anyMatch(a -> a.netnsPath().equals(jnet.namespaces().path(namespace).toString()));
        if (attached) {
            jnet.attachments().detach(namespace, null, null);
        }
    }

    @Override
    public void deleteNamespace(String name) {
        if (jnet.namespaces().exists(name)) {
            jnet.namespaces().delete(name);
        }
    }
}
