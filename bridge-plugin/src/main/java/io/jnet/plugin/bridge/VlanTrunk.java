package io.jnet.plugin.bridge;

import com.google.gson.JsonObject;
import io.jnet.cni.spec.CniException;
import io.jnet.cni.spec.JsonSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** {@code vlanTrunk: [{"id": N} | {"minID": A, "maxID": B}, ...]} collected into a sorted set of VLAN IDs, with the reference's checks. */
final class VlanTrunk {
    private VlanTrunk() {}

    private static final int BAD = CniException.INVALID_NETWORK_CONFIG;

    static List<Integer> collect(JsonObject config) throws CniException {
        TreeSet<Integer> ids = new TreeSet<>();
        for (JsonObject item : JsonSupport.objectList(config, "vlanTrunk", BAD)) {
            Integer min = JsonSupport.optInt(item, "minID", BAD);
            Integer max = JsonSupport.optInt(item, "maxID", BAD);
            Integer id = JsonSupport.optInt(item, "id", BAD);
            if (min != null && max != null) {
                if (min <= 0 || min > 4094) {
                    throw new CniException(BAD, "incorrect trunk minID parameter");
                }
                if (max <= 0 || max > 4094) {
                    throw new CniException(BAD, "incorrect trunk maxID parameter");
                }
                if (max < min) {
                    throw new CniException(BAD, "minID is greater than maxID in trunk parameter");
                }
                for (int v = min; v <= max; v++) {
                    ids.add(v);
                }
            } else if (min == null && max != null) {
                throw new CniException(BAD, "minID and maxID should be configured simultaneously, minID is missing");
            } else if (min != null) {
                throw new CniException(BAD, "minID and maxID should be configured simultaneously, maxID is missing");
            }
            if (id != null) {
                if (id <= 0 || id > 4094) {
                    throw new CniException(BAD, "incorrect trunk id parameter");
                }
                ids.add(id);
            }
        }
        return new ArrayList<>(ids);
    }
}
