package io.jnet.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jnet.runtime.FirewallReload;
import io.jnet.runtime.FirewallWatch;
import io.jnet.runtime.Privileges;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jnet reload [--watch]}: puts back every live attachment's firewall rules after a flush or a firewalld reload. */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = "Restore every live attachment's firewall rules (masquerade, published ports, forwarding, protections) "
                + "from its cached result, after iptables -F, nft flush ruleset or a firewalld reload wiped them. Rules "
                + "still in place are left alone.",
        footerHeading = "%nExamples:%n", footer = {"  nft flush ruleset; jnet reload",
                "  jnet reload --watch &        # restore by itself within a second of every change"})
final class ReloadCommand extends JnetCommand {
    @Option(names = "--watch", description = "Keep running: restore after every firewall change (nf_tables notifications; "
            + "with legacy iptables, a look every second).")
    boolean watch;

    @Override
    int run() throws Exception {
        Privileges.require("jnet reload");
        FirewallReload reload = jnet().firewallReload();
        if (!watch) {
            return report(reload.run(), true);
        }
        FirewallWatch.run(() -> report(reload.run(), false), () -> {
            out().println("jnet: watching the firewall; every change is followed by a reload (Ctrl-C stops)");
            out().flush();
        });
        return 0;
    }

    /** Prints what was restored; 1 when an attachment could not be restored. */
    private int report(List<FirewallReload.Outcome> outcomes, boolean once) {
        boolean failed = false;
        if (json()) {
            JsonArray a = new JsonArray();
            for (FirewallReload.Outcome o : outcomes) {
                JsonObject j = o.attachment().toJson();
                JsonArray what = new JsonArray();
                o.restored().forEach(what::add);
                j.add("restored", what);
                j.addProperty("problem", o.problem());
                a.add(j);
                failed |= !o.problem().isEmpty();
            }
            printJson(a);
            return failed ? 1 : 0;
        }
        int restored = 0;
        for (FirewallReload.Outcome o : outcomes) {
            String who = o.attachment().netns() + " on " + o.attachment().network() + " (" + o.attachment().ifname() + ")";
            if (!o.restored().isEmpty()) {
                out().println("restored " + who + ": " + String.join(", ", o.restored()));
                restored++;
            }
            if (!o.problem().isEmpty()) {
                Main.report(err(), "cannot restore " + who + ": " + o.problem(), "jnet check " + o.attachment().netns() + " shows what is missing");
                failed = true;
            }
        }
        if (restored == 0 && !failed && once) {
            out().println(outcomes.isEmpty() ? "nothing attached: nothing to restore" : "every attachment's rules are in place: nothing to restore");
        }
        out().flush();
        return failed ? 1 : 0;
    }
}
