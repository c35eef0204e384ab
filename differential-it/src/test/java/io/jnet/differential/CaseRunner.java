package io.jnet.differential;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.jnet.differential.FuzzCase.Attachment;
import io.jnet.differential.FuzzCase.Op;
import io.jnet.differential.FuzzCase.Step;
import io.jnet.testing.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plays a case against the reference and against jnet, call by call, like a runtime would (libcni's chaining:
 * ADD in order with each result as the next prevResult; CHECK in order and DEL in reverse with the final result,
 * DEL passing it only from 0.4.0 on), and compares each call's outcome and, where the case asks and after every
 * failure, the whole state. Stops at the first difference: what follows would only repeat it.
 */
final class CaseRunner {
    /** The resolv.conf every case's resolvConf points to. */
    static final String RESOLV_CONF = "nameserver 10.0.0.53\nnameserver fd00::53\nsearch example.org\noptions ndots:2\n";

    private final FuzzCase c;
    private final Side ref;
    private final Side ours;
    private final Path resolvConf;
    private final Map<String, JsonObject> refResults = new HashMap<>();
    private final Map<String, JsonObject> ourResults = new HashMap<>();
    int calls;

    CaseRunner(FuzzCase c, Sandbox sb) throws Exception {
        this.c = c;
        this.ref = Side.reference(sb);
        this.ours = Side.jnet(sb);
        this.resolvConf = sb.tempDir().resolve("resolv.conf");
        Files.writeString(resolvConf, RESOLV_CONF);
    }

    /** The differences found, empty when jnet did what the reference did. */
    List<String> run() throws Exception {
        for (String role : c.ipv6Off()) {
            ref.disableIpv6(role);
            ours.disableIpv6(role);
        }
        for (int i = 0; i < c.steps().size(); i++) {
            Step step = c.steps().get(i);
            Outcome r = call(ref, step.op(), step.attachment());
            Outcome o = call(ours, step.op(), step.attachment());
            String where = "call " + (i + 1) + " (" + step + ")";
            String refSays = summary(ref, r);
            String ourSays = summary(ours, o);
            if (!refSays.equals(ourSays) && !Documented.forgiven(step.op(), r, o)) {
                return List.of(where + ": outcomes differ\n  reference: " + refSays + "\n  jnet:      " + ourSays
                        + "\n  reference " + r.describe() + "\n  jnet " + o.describe());
            }
            if (step.op() == Op.ADD && !r.ok()) {
                List<String> diff = afterFailedAdd(step.attachment());
                if (!diff.isEmpty()) {
                    return List.of(where + ", both failed (" + refSays + "), then DEL: " + String.join("\n  ", diff));
                }
            } else if (step.snapshot() || !r.ok()) {
                List<String> diff = compareState();
                if (!diff.isEmpty()) {
                    return List.of(where + ": state differs afterwards (" + refSays + ")\n  " + String.join("\n  ", diff));
                }
            }
        }
        return List.of();
    }

    /**
     * After an ADD both sides refused: jnet must have undone all of it, so the DEL a runtime sends next finds nothing
     * to change on its side; the reference may have left things that this DEL removes (Documented). Then both
     * sides' states are compared.
     */
    private List<String> afterFailedAdd(Attachment a) throws Exception {
        Snapshot oursBefore = c.touchesKernel() ? Snapshot.take(ours) : null;
        Outcome r = call(ref, Op.DEL, a);
        Outcome o = call(ours, Op.DEL, a);
        if (!summary(ref, r).equals(summary(ours, o)) && !Documented.forgivenDelAfterFailedAdd(r, o)) {
            return List.of("outcomes differ\n  reference " + r.describe() + "\n  jnet " + o.describe());
        }
        if (oursBefore != null) {
            List<String> leftByAdd = Snapshot.removedBetween(oursBefore, Snapshot.take(ours));
            if (!leftByAdd.isEmpty()) {
                return List.of("jnet's failed ADD left what its DEL then removed:\n  " + String.join("\n  ", leftByAdd));
            }
            String bridge = c.plugins().get(0).has("bridge") ? c.plugins().get(0).get("bridge").getAsString() : null;
            if (bridge != null && Snapshot.hasLink(ref, bridge) && !Snapshot.hasLink(ours, bridge)) {
                // Documented: the reference leaves the bridge its failed ADD made, jnet removes it; as an admin would
                ref.sb.exec(ref.host, "ip", "link", "del", bridge).assertOk();
            }
        }
        return compareState();
    }

    Side reference() {
        return ref;
    }

    Side ours() {
        return ours;
    }

    /** The state differences between the two sides now. */
    List<String> compareState() throws Exception {
        if (!c.touchesKernel()) {
            return Snapshot.diffStores(ref.dataDir, ours.dataDir);
        }
        return Snapshot.diff(Snapshot.take(ref), Snapshot.take(ours));
    }

    /** One call of the case on one side: the chain's plugins in libcni's order. */
    Outcome call(Side side, Op op, Attachment a) {
        Map<String, JsonObject> results = side == ref ? refResults : ourResults;
        List<JsonObject> plugins = c.plugins();
        JsonObject prev = results.get(a.key());
        Outcome last = new Outcome(0, "", "");
        if (op == Op.ADD) {
            for (JsonObject p : plugins) {
                last = call(side, p, "ADD", a, prev);
                if (!last.ok()) {
                    return last;
                }
                prev = last.json();
            }
            results.put(a.key(), prev);
            return last;
        }
        if (op == Op.CHECK) {
            for (JsonObject p : plugins) {
                if (p.get("type").getAsString().equals("portmap")) {
                    continue; // Documented: the packaged reference portmap's CHECK is broken
                }
                last = call(side, p, "CHECK", a, prev);
                if (!last.ok()) {
                    return last;
                }
            }
            return last;
        }
        JsonObject passed = c.version().equals("0.3.1") ? null : prev; // libcni passes prevResult on DEL from 0.4.0
        for (int i = plugins.size() - 1; i >= 0; i--) {
            last = call(side, plugins.get(i), "DEL", a, passed);
            if (!last.ok()) {
                return last;
            }
        }
        results.remove(a.key());
        return last;
    }

    private Outcome call(Side side, JsonObject plugin, String command, Attachment a, JsonObject prevResult) {
        JsonObject stdin = plugin.deepCopy();
        stdin.addProperty("cniVersion", c.version());
        stdin.addProperty("name", FuzzCase.NETWORK);
        if (a.args() != null) {
            stdin.add("args", a.args());
        }
        if (prevResult != null) {
            stdin.add("prevResult", prevResult);
        }
        if (a.portMappings() != null && plugin.has("capabilities")) {
            JsonObject rc = new JsonObject();
            rc.add("portMappings", a.portMappings());
            stdin.add("runtimeConfig", rc);
        }
        String text = stdin.toString().replace("@DATADIR@", side.dataDir.toString()).replace("@RESOLV@", resolvConf.toString());
        calls++;
        return side.call(plugin.get("type").getAsString(), command, a.containerId(), a.role(), a.ifname(), a.cniArgs(), text);
    }

    /** What a call did, comparable across sides: "ok" with the normalised result, or the error code. */
    private String summary(Side side, Outcome o) {
        if (!o.ok()) {
            int code = Documented.errorCode(side.impl, o.code(), o.msg());
            return "error code " + code + (o.json() == null ? " (stdout not a CNI error)" : "");
        }
        if (o.stdout().isBlank()) {
            return "ok";
        }
        JsonObject result = o.json();
        if (result == null) {
            return "ok, stdout not JSON: " + o.stdout().strip();
        }
        return "ok " + Labels.of(side).apply(Documented.result(c, side.impl, sorted(result).getAsJsonObject()).toString());
    }

    /** JSON with every object's keys sorted: key order carries no meaning in a result. */
    private static JsonElement sorted(JsonElement e) {
        if (e.isJsonObject()) {
            JsonObject out = new JsonObject();
            new TreeMap<>(e.getAsJsonObject().asMap()).forEach((k, v) -> out.add(k, sorted(v)));
            return out;
        }
        if (e.isJsonArray()) {
            JsonArray out = new JsonArray();
            e.getAsJsonArray().forEach(v -> out.add(sorted(v)));
            return out;
        }
        return e;
    }
}
