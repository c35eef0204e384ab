package io.jnet.containers;

import java.nio.file.Path;
import java.util.List;

/**
 * The network side of a container, provided by the jnet runtime: a named network namespace and its
 * attachments through the CNI plugins, exactly as {@code jnet netns add} and {@code jnet attach} make them.
 * Containers never touch links, addresses or rules themselves.
 */
public interface NetworkBackend {
    /** One network to join: its name (null for jnet's default), and what {@code jnet attach} takes for it. */
    record Request(String network, String ip, List<String> ports, List<String> aliases) {
        public Request {
            ports = ports == null ? List.of() : List.copyOf(ports);
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }
    }

    /**
     * What an attach made: the network, the interface in the container and its addresses, the published ports, and
     * the network's DNS servers (its gateways, when the network has names; else none).
     */
    record Attached(String network, String ifname, List<String> addresses, List<String> ports, List<String> nameservers) {
        public Attached {
            addresses = List.copyOf(addresses);
            ports = List.copyOf(ports);
            nameservers = nameservers == null ? List.of() : List.copyOf(nameservers);
        }
    }

    /**
     * Checks requests without changing anything: the networks exist (or are the default), the ports parse and are
     * free, the aliases are host names and some network has DNS to serve them.
     */
    void check(List<Request> requests);

    /** Whether a namespace of this (user's) name exists. */
    boolean namespaceExists(String name);

    /** Creates the named namespace, loopback up; its path. */
    Path createNamespace(String name);

    /** The path of a named namespace. */
    Path namespacePath(String name);

    /**
     * Attaches the namespace to one network as {@code ifname} (CNI ADD through the plugins, rolled back on failure);
     * on a network with DNS the namespace's name (the container's) and its aliases resolve to it.
     */
    Attached attach(String namespace, Request request, String ifname);

    /** Detaches the namespace from every network (CNI DEL); nothing attached is fine. */
    void detachAll(String namespace);

    /** Deletes the named namespace; gone already is fine. */
    void deleteNamespace(String name);
}
