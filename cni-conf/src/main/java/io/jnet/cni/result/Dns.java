package io.jnet.cni.result;

import java.util.List;

/**
 * The {@code dns} object of a config or result. Lists are never null.
 *
 * @param nameservers name server addresses
 * @param domain      local domain, may be null
 * @param search      search domains
 * @param options     resolver options
 */
public record Dns(List<String> nameservers, String domain, List<String> search, List<String> options) {
    /** No DNS information. */
    public static final Dns EMPTY = new Dns(List.of(), null, List.of(), List.of());

    public Dns {
        nameservers = nameservers == null ? List.of() : List.copyOf(nameservers);
        search = search == null ? List.of() : List.copyOf(search);
        options = options == null ? List.of() : List.copyOf(options);
    }

    /** True when nothing is set (the object is then omitted from printed results). */
    public boolean isEmpty() {
        return nameservers.isEmpty() && (domain == null || domain.isEmpty()) && search.isEmpty() && options.isEmpty();
    }
}
