package io.jnet.cni.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code K=V} pair of {@code CNI_ARGS}, also the {@code [k, v]} pairs libcni keeps in its cache.
 *
 * @param key   the name, e.g. {@code IP} or {@code K8S_POD_NAME}
 * @param value the value, may be empty
 */
public record CniArg(String key, String value) {
    public CniArg {
        if (key == null || value == null) {
            throw new IllegalArgumentException("CNI_ARGS key and value must not be null");
        }
    }

    /**
     * Parses {@code K=V;K=V}. Empty segments are skipped; a segment without {@code =} or with an empty key
     * is code 4. The value is everything after the first {@code =}.
     */
    public static List<CniArg> parse(String cniArgs) throws CniException {
        List<CniArg> out = new ArrayList<>();
        if (cniArgs == null || cniArgs.isEmpty()) {
            return out;
        }
        for (String pair : cniArgs.split(";", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new CniException(CniException.INVALID_ENVIRONMENT_VARIABLES, "invalid CNI_ARGS pair", pair);
            }
            out.add(new CniArg(pair.substring(0, eq), pair.substring(eq + 1)));
        }
        return List.copyOf(out);
    }

    /** Formats pairs back into {@code K=V;K=V}. */
    public static String format(List<CniArg> args) {
        StringBuilder sb = new StringBuilder();
        for (CniArg a : args) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(a.key()).append('=').append(a.value());
        }
        return sb.toString();
    }
}
