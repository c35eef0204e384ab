package io.jnet.trace;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** A trace for people (numbered steps in columns, then the verdict) and for machines (JSON). */
public final class TraceText {
    private TraceText() {}

    public static String render(Trace t) {
        StringBuilder s = new StringBuilder();
        s.append("jnet trace ").append(t.from()).append(" -> ").append(t.to()).append("   (").append(t.packet()).append(")\n");
        int nsw = 4;
        int stw = 6;
        for (Trace.Step st : t.steps()) {
            nsw = Math.max(nsw, st.ns().length());
            stw = Math.max(stw, st.stage().length());
        }
        for (int i = 0; i < t.steps().size(); i++) {
            Trace.Step st = t.steps().get(i);
            s.append(String.format("%3d  %-" + nsw + "s  %-" + stw + "s  %s%n", i + 1, st.ns(), st.stage(), st.text()));
        }
        s.append("verdict: ").append(t.verdict().text()).append('\n');
        for (String n : t.notes()) {
            s.append("note: ").append(n).append('\n');
        }
        return s.toString();
    }

    public static JsonObject json(Trace t) {
        JsonObject o = new JsonObject();
        o.addProperty("from", t.from());
        o.addProperty("to", t.to());
        o.addProperty("packet", t.packet());
        JsonArray steps = new JsonArray();
        for (Trace.Step st : t.steps()) {
            JsonObject j = new JsonObject();
            j.addProperty("namespace", st.ns());
            j.addProperty("stage", st.stage());
            j.addProperty("text", st.text());
            steps.add(j);
        }
        o.add("steps", steps);
        JsonObject v = new JsonObject();
        v.addProperty("kind", t.verdict().kind().word());
        v.addProperty("namespace", t.verdict().ns());
        v.addProperty("text", t.verdict().text());
        v.addProperty("address", t.verdict().address());
        o.add("verdict", v);
        JsonArray notes = new JsonArray();
        t.notes().forEach(notes::add);
        o.add("notes", notes);
        return o;
    }
}
