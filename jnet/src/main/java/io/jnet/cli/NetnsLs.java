package io.jnet.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jnet.runtime.AttachmentView;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code jnet netns ls}. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List named network namespaces and their attachments.",
        footerHeading = "%nExamples:%n", footer = {"  jnet netns ls", "  jnet --json netns ls"})
final class NetnsLs extends JnetCommand {
    @Override
    int run() {
        List<String> names = jnet().namespaces().list();
        List<AttachmentView> all = jnet().attachments().list();
        JsonArray arr = new JsonArray();
        Table t = new Table("NAME", "NETWORKS", "ADDRESSES");
        for (String n : names) {
            String path = jnet().namespaces().path(n).toString();
            List<AttachmentView> mine = all.stream().filter(a -> a.netnsPath().equals(path)).toList();
            List<String> nets = mine.stream().map(a -> a.network() + ":" + a.ifname()).toList();
            List<String> addrs = mine.stream().flatMap(a -> a.addresses().stream()).toList();
            t.row(n, String.join(",", nets), String.join(",", addrs));
            JsonObject o = new JsonObject();
            o.addProperty("name", n);
            o.addProperty("path", path);
            JsonArray at = new JsonArray();
            mine.forEach(a -> at.add(a.toJson()));
            o.add("attachments", at);
            arr.add(o);
        }
        if (json()) {
            printJson(arr);
        } else {
            t.print(out());
        }
        return 0;
    }
}
