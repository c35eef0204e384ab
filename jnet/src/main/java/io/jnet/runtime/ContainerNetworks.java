package io.jnet.runtime;

import io.jnet.containers.ContainerException;
import io.jnet.containers.NetworkBackend;
import java.nio.file.Path;
import java.util.List;

/**
 * The network side of {@code jnet run}, done exactly as {@code jnet netns add} and {@code jnet attach} do it: the
 * container's network namespace is a named jnet namespace, and each network is a CNI ADD through the plugins
 * (result cache, port checks, roll-back on failure and all), so {@code jnet ps}, {@code jnet check} and
 * {@code jnet gc} see containers' attachments like any other.
 */
public final class ContainerNetworks implements NetworkBackend {
    private final Jnet jnet;

    public ContainerNetworks(Jnet jnet) {
        this.jnet = jnet;
    }

    @Override
    public void check(List<Request> requests) {
        for (Request r : requests) {
            if (!r.aliases().isEmpty()) {
                throw ContainerException.usage("--alias needs jnet's DNS for containers, which this build does not have yet",
                        "reach the container by its address (jnet ps shows it)");
            }
            if (r.network() != null && !r.network().equals(Networks.DEFAULT_NAME) && jnet.networks().find(r.network()).isEmpty()) {
                throw JnetException.notFound("network " + r.network() + " does not exist",
                        "jnet net ls lists the networks; jnet net create " + r.network() + " --subnet CIDR makes one");
            }
            List<PortMapping> ports = r.ports().stream().map(PortMapping::parse).toList();
            jnet.attachments().checkPorts(ports);
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
        List<PortMapping> ports = request.ports().stream().map(PortMapping::parse).toList();
        AttachmentView v = jnet.attachments().attach(new Attachments.Request(namespace, request.network(), ifname, request.ip(), null, ports));
        return new Attached(v.network(), v.ifname(), v.addresses(), v.ports().stream().map(PortMapping::toString).toList());
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
