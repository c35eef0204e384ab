package io.jnet.containers.spec;

import io.jnet.containers.ContainerException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --user USER[:GROUP]} (names or numbers) resolved against the image's own /etc/passwd and /etc/group,
 * as docker does: a name must exist there, a number need not; the supplementary groups are those listing the
 * user.
 */
public record UserSpec(int uid, int gid, List<Integer> additionalGids) {
    public UserSpec {
        additionalGids = List.copyOf(additionalGids);
    }

    /** Checks the form only (before anything is made): names or numbers, at most one ':'. */
    public static void checkSyntax(String spec) {
        if (spec == null || spec.isEmpty()) {
            return;
        }
        if (!spec.matches("[A-Za-z0-9_.][A-Za-z0-9_.-]*(:[A-Za-z0-9_.][A-Za-z0-9_.-]*)?")) {
            throw ContainerException.usage("bad --user '" + spec + "'", "write USER[:GROUP], names or numbers, e.g. --user 1000:1000 or --user nobody");
        }
    }

    /** Resolves {@code spec} (empty means root) in the container's root file system. */
    public static UserSpec resolve(String spec, Path rootfs) {
        checkSyntax(spec);
        if (spec == null || spec.isEmpty()) {
            spec = "0";
        }
        String[] ug = spec.split(":", 2);
        List<String[]> passwd = table(rootfs, "/etc/passwd");
        List<String[]> group = table(rootfs, "/etc/group");
        int uid;
        int gid = 0;
        String userName = null;
        String[] entry = null;
        if (isNumber(ug[0])) {
            uid = number(ug[0]);
            for (String[] p : passwd) {
                if (p.length > 3 && p[2].equals(ug[0])) {
                    entry = p;
                    break;
                }
            }
        } else {
            for (String[] p : passwd) {
                if (p.length > 3 && p[0].equals(ug[0])) {
                    entry = p;
                    break;
                }
            }
            if (entry == null) {
                throw ContainerException.notFound("no user " + ug[0] + " in the image's /etc/passwd", "give a number (--user 1000) or a user the image has");
            }
            uid = number(entry[2]);
        }
        if (entry != null) {
            userName = entry[0];
            if (isNumber(entry[3])) {
                gid = number(entry[3]);
            }
        }
        if (ug.length == 2) {
            if (isNumber(ug[1])) {
                gid = number(ug[1]);
            } else {
                String[] g = group.stream().filter(x -> x.length > 2 && x[0].equals(ug[1])).findFirst().orElseThrow(() ->
                        ContainerException.notFound("no group " + ug[1] + " in the image's /etc/group", "give a number or a group the image has"));
                gid = number(g[2]);
            }
        }
        List<Integer> extra = new ArrayList<>();
        if (userName != null) {
            for (String[] g : group) {
                if (g.length > 3 && isNumber(g[2]) && List.of(g[3].split(",")).contains(userName) && number(g[2]) != gid) {
                    extra.add(number(g[2]));
                }
            }
        }
        return new UserSpec(uid, gid, extra);
    }

    private static List<String[]> table(Path rootfs, String file) {
        List<String[]> out = new ArrayList<>();
        try {
            String text = InRoot.read(rootfs, file);
            if (text != null) {
                for (String line : text.split("\n")) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        out.add(line.split(":", -1));
                    }
                }
            }
        } catch (IOException e) {
            // no readable file: only numeric IDs resolve, as with docker
        }
        return out;
    }

    private static boolean isNumber(String s) {
        return s.matches("[0-9]{1,10}") && Long.parseLong(s) <= 0xfffffffeL;
    }

    private static int number(String s) {
        if (!isNumber(s)) {
            throw ContainerException.usage("the ID " + s + " is not a number from 0 to 4294967294", "give a valid user or group ID");
        }
        return (int) Long.parseLong(s);
    }
}
