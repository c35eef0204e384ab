package io.jnet.netlink.it;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jnet.netlink.ns.NetNs;
import io.jnet.testing.Sandbox;
import java.util.ArrayList;
import java.util.List;

/** The ruleset as the {@code nft} program sees it, an independent view to check the netfilter library against. */
final class NftCli {
    private NftCli() {}

    /** {@code nft -j list ruleset}: its objects ("table", "chain", "rule", "set", "map"...) in order. */
    static List<JsonObject> ruleset(Sandbox sb, NetNs ns) {
        String out = sb.exec(ns, "nft", "-j", "list", "ruleset").assertOk().stdout();
        JsonArray all = JsonParser.parseString(out).getAsJsonObject().getAsJsonArray("nftables");
        List<JsonObject> objects = new ArrayList<>();
        for (JsonElement e : all) {
            if (!e.getAsJsonObject().has("metainfo")) {
                objects.add(e.getAsJsonObject());
            }
        }
        return objects;
    }

    /** The objects of one kind ("rule", "chain"...) of {@code nft -j list ruleset}. */
    static List<JsonObject> of(Sandbox sb, NetNs ns, String kind) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject o : ruleset(sb, ns)) {
            if (o.has(kind)) {
                out.add(o.getAsJsonObject(kind));
            }
        }
        return out;
    }

    /** The rule lines of {@code nft list chain FAMILY TABLE CHAIN}, trimmed, without the chain's own declaration. */
    static List<String> ruleLines(Sandbox sb, NetNs ns, String family, String table, String chain) {
        String out = sb.exec(ns, "nft", "list", "chain", family, table, chain).assertOk().stdout();
        List<String> lines = new ArrayList<>();
        for (String raw : out.split("\n")) {
            String l = raw.strip();
            if (l.isEmpty() || l.startsWith("table ") || l.startsWith("chain ") || l.equals("}")
                    || l.startsWith("type ")) {
                continue;
            }
            lines.add(l);
        }
        return lines;
    }

    /** {@code nft list ruleset} as text. */
    static String text(Sandbox sb, NetNs ns) {
        return sb.exec(ns, "nft", "list", "ruleset").assertOk().stdout();
    }
}
