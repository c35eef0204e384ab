package io.jnet.graph;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;

/** The topology for machines ({@code jnet graph --json}): the model as it is, field by field. */
public final class TopologyJson {
    private TopologyJson() {}

    public static JsonObject of(Topology t) {
        JsonObject o = new JsonObject();
        JsonArray nss = new JsonArray();
        for (Topology.Namespace n : t.namespaces()) {
            JsonObject j = new JsonObject();
            j.addProperty("id", n.id());
            j.addProperty("kind", n.kind());
            j.addProperty("detail", n.detail());
            j.addProperty("foreign", n.foreign());
            JsonArray links = new JsonArray();
            for (Topology.Iface i : n.links()) {
                JsonObject l = new JsonObject();
                l.addProperty("index", i.index());
                l.addProperty("name", i.name());
                l.addProperty("kind", i.kind());
                l.addProperty("mac", i.mac());
                l.addProperty("up", i.up());
                l.addProperty("mtu", i.mtu());
                l.add("addresses", strings(i.addresses()));
                l.addProperty("master", i.master());
                l.addProperty("network", i.network());
                l.addProperty("foreign", i.foreign());
                links.add(l);
            }
            j.add("links", links);
            j.add("routes", strings(n.routes()));
            j.add("names", strings(n.names()));
            nss.add(j);
        }
        o.add("namespaces", nss);
        JsonArray cables = new JsonArray();
        for (Topology.Cable c : t.cables()) {
            JsonObject j = new JsonObject();
            j.add("a", end(c.a()));
            j.add("b", end(c.b()));
            j.addProperty("foreign", c.foreign());
            cables.add(j);
        }
        o.add("cables", cables);
        JsonArray nets = new JsonArray();
        for (Topology.Network n : t.networks()) {
            JsonObject j = new JsonObject();
            j.addProperty("name", n.name());
            j.addProperty("bridge", n.bridge());
            j.add("subnets", strings(n.subnets()));
            j.add("gateways", strings(n.gateways()));
            j.addProperty("mode", n.mode());
            j.addProperty("masqueraded", n.masqueraded());
            j.addProperty("accepted", n.accepted());
            j.addProperty("isolation", n.isolation());
            nets.add(j);
        }
        o.add("networks", nets);
        JsonArray ports = new JsonArray();
        for (Topology.Port p : t.ports()) {
            JsonObject j = new JsonObject();
            j.addProperty("network", p.network());
            j.addProperty("namespace", p.ns());
            j.addProperty("hostIp", p.hostIp());
            j.addProperty("hostPort", p.hostPort());
            j.addProperty("protocol", p.protocol());
            j.addProperty("toIp", p.toIp());
            j.addProperty("toPort", p.toPort());
            ports.add(j);
        }
        o.add("ports", ports);
        o.add("foreign", strings(t.foreign()));
        return o;
    }

    private static JsonObject end(Topology.End e) {
        JsonObject j = new JsonObject();
        j.addProperty("namespace", e.ns());
        j.addProperty("ifname", e.ifname());
        return j;
    }

    private static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }
}
