package io.jnet.differential;

import java.util.ArrayList;
import java.util.List;

/** A small line diff for reports: the lines only the reference has ("- ") and only jnet has ("+ "), in order. */
final class Lines {
    private Lines() {}

    static String diff(String reference, String ours) {
        List<String> r = new ArrayList<>(List.of(reference.split("\n")));
        List<String> o = new ArrayList<>(List.of(ours.split("\n")));
        List<String> onlyRef = new ArrayList<>(r);
        for (String line : o) {
            onlyRef.remove(line);
        }
        List<String> onlyOurs = new ArrayList<>(o);
        for (String line : r) {
            onlyOurs.remove(line);
        }
        StringBuilder out = new StringBuilder();
        onlyRef.forEach(l -> out.append("    - ").append(l).append('\n'));
        onlyOurs.forEach(l -> out.append("    + ").append(l).append('\n'));
        if (onlyRef.isEmpty() && onlyOurs.isEmpty()) {
            out.append("    (same lines, different order)\n    reference:\n");
            r.forEach(l -> out.append("      ").append(l).append('\n'));
            out.append("    jnet:\n");
            o.forEach(l -> out.append("      ").append(l).append('\n'));
        }
        return out.toString();
    }
}
