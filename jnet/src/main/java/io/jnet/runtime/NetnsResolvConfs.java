package io.jnet.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /etc/netns/<name>/resolv.conf} of the namespaces on networks with DNS: {@code ip netns exec} mounts it over
 * /etc/resolv.conf, so whatever runs in the namespace asks the gateway. jnet records which files (and directories)
 * it made, in a list under its state dir, and only ever rewrites or removes those: a file someone else put there is
 * left alone.
 */
final class NetnsResolvConfs {
    /** The tracking entry of etcDir itself (no namespace name starts with '@'). */
    private static final String ETC = "@etc";

    private final Path etcDir;
    private final Path tracking;
    private final PrintStream notices;

    NetnsResolvConfs(Path etcDir, Path tracking, PrintStream notices) {
        this.etcDir = etcDir;
        this.tracking = tracking;
        this.notices = notices;
    }

    /** Makes the files match {@code wanted} (full namespace name to nameservers); removes ours no longer wanted. */
    void apply(Map<String, List<String>> wanted) throws IOException {
        Map<String, Boolean> ours = read(); // name -> whether we made its directory too; ETC: whether we made etcDir
        if (!wanted.isEmpty() && !ours.containsKey(ETC)) {
            ours.put(ETC, !Files.isDirectory(etcDir));
        }
        for (Map.Entry<String, List<String>> e : wanted.entrySet()) {
            if (e.getKey().equals(ETC)) {
                continue;
            }
            Path dir = etcDir.resolve(e.getKey());
            Path file = dir.resolve("resolv.conf");
            if (!ours.containsKey(e.getKey()) && Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                notices.println("jnet: leaving " + file + " alone (jnet did not write it); the namespace keeps its own resolver");
                continue;
            }
            boolean madeDir = ours.getOrDefault(e.getKey(), !Files.isDirectory(dir));
            ours.put(e.getKey(), madeDir);
            save(ours); // recorded before it exists, so a crash in between never leaves a file nobody removes
            Files.createDirectories(dir);
            StringBuilder text = new StringBuilder("# written by jnet: the DNS of the namespace's jnet networks; jnet detach removes it\n");
            e.getValue().forEach(ns -> text.append("nameserver ").append(ns).append('\n'));
            Path tmp = dir.resolve(".resolv.conf.jnet-tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        for (String name : new ArrayList<>(ours.keySet())) {
            if (wanted.containsKey(name) || name.equals(ETC)) {
                continue;
            }
            Path dir = etcDir.resolve(name);
            Files.deleteIfExists(dir.resolve("resolv.conf"));
            if (ours.get(name) && Files.isDirectory(dir) && empty(dir)) {
                Files.delete(dir);
            }
            ours.remove(name);
        }
        if (ours.size() == 1 && ours.containsKey(ETC)) { // none of ours left: /etc/netns goes too if we made it and it is empty
            if (ours.get(ETC) && Files.isDirectory(etcDir) && empty(etcDir)) {
                Files.delete(etcDir);
            }
            ours.remove(ETC);
        }
        save(ours);
    }

    private static boolean empty(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            return !ds.iterator().hasNext();
        }
    }

    private Map<String, Boolean> read() throws IOException {
        Map<String, Boolean> out = new LinkedHashMap<>();
        if (Files.exists(tracking)) {
            for (String line : Files.readAllLines(tracking, StandardCharsets.UTF_8)) {
                String[] w = line.split(" ");
                if (w.length == 2 && !w[0].isEmpty() && !w[0].contains("/") && !w[0].startsWith(".") && !w[0].equals("..")) {
                    out.put(w[0], w[1].equals("made-dir"));
                }
            }
        }
        return out;
    }

    private void save(Map<String, Boolean> ours) throws IOException {
        if (ours.isEmpty()) {
            Files.deleteIfExists(tracking);
            return;
        }
        StringBuilder b = new StringBuilder();
        ours.forEach((k, v) -> b.append(k).append(v ? " made-dir\n" : " kept-dir\n"));
        Files.createDirectories(tracking.getParent());
        Path tmp = tracking.resolveSibling(tracking.getFileName() + ".tmp");
        Files.writeString(tmp, b, StandardCharsets.UTF_8);
        Files.move(tmp, tracking, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
