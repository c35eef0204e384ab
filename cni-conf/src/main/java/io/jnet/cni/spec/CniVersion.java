package io.jnet.cni.spec;

import java.util.Collection;
import java.util.List;

/** The CNI spec versions jnet speaks, and comparison between version strings. */
public final class CniVersion {
    private CniVersion() {}

    public static final String V0_1_0 = "0.1.0";
    public static final String V0_2_0 = "0.2.0";
    public static final String V0_3_0 = "0.3.0";
    public static final String V0_3_1 = "0.3.1";
    public static final String V0_4_0 = "0.4.0";
    public static final String V1_0_0 = "1.0.0";
    public static final String V1_1_0 = "1.1.0";

    /** The newest version; results are built in this version's model. */
    public static final String CURRENT = V1_1_0;

    /** Every supported version, oldest first (what VERSION advertises). */
    public static final List<String> SUPPORTED = List.of(V0_1_0, V0_2_0, V0_3_0, V0_3_1, V0_4_0, V1_0_0, V1_1_0);

    /** The version a config without {@code cniVersion} has. */
    public static final String IMPLICIT = V0_1_0;

    /** Whether {@code version} is exactly one of {@link #SUPPORTED}. */
    public static boolean isSupported(String version) {
        return SUPPORTED.contains(version);
    }

    /**
     * Compares two versions numerically ({@code major.minor.patch}, missing parts are 0, an optional
     * leading {@code v} is accepted like semver does).
     *
     * @throws CniException code 6 when either is not a version
     */
    public static int compare(String a, String b) throws CniException {
        int[] x = parse(a);
        int[] y = parse(b);
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** {@code a >= b}. */
    public static boolean atLeast(String a, String b) throws CniException {
        return compare(a, b) >= 0;
    }

    /** Whether {@code version} parses as a version at all. */
    public static boolean isWellFormed(String version) {
        try {
            parse(version);
            return true;
        } catch (CniException e) {
            return false;
        }
    }

    private static int[] parse(String v) throws CniException {
        if (v == null || v.isEmpty()) {
            throw new CniException(CniException.DECODING_FAILURE, "invalid version", "empty version string");
        }
        String s = v.startsWith("v") ? v.substring(1) : v;
        String[] parts = s.split("\\.", -1);
        if (parts.length > 3) {
            throw new CniException(CniException.DECODING_FAILURE, "invalid version", "\"" + v + "\"");
        }
        int[] out = new int[3];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 9 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new CniException(CniException.DECODING_FAILURE, "invalid version", "\"" + v + "\"");
            }
            out[i] = Integer.parseInt(p);
        }
        return out;
    }

    /**
     * The details text of an incompatible-version error, formatted like the reference
     * ({@code config is "0.5.0", plugin supports ["0.1.0" "0.2.0" ...]}).
     */
    public static String incompatibleDetails(String configVersion, Collection<String> supported) {
        StringBuilder sb = new StringBuilder("config is \"").append(configVersion).append("\", plugin supports [");
        boolean first = true;
        for (String s : supported) {
            if (!first) {
                sb.append(' ');
            }
            sb.append('"').append(s).append('"');
            first = false;
        }
        return sb.append(']').toString();
    }

    /** Error code 1 "incompatible CNI versions" for a config version we do not speak. */
    public static CniException incompatible(String configVersion) {
        return new CniException(CniException.INCOMPATIBLE_CNI_VERSION, "incompatible CNI versions",
                incompatibleDetails(configVersion, SUPPORTED));
    }
}
