package io.jnet.graph.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jnet.graph.Fixtures;
import io.jnet.graph.Topology;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The SVG is well-formed XML in the SVG namespace and names every namespace and every address (in text or in the
 * tooltips), also for a topology of 50 namespaces, and also when names hold characters XML must escape.
 */
class SvgValidityTest {

    @Test
    void theLabIsWellFormedAndComplete() throws Exception {
        check(Fixtures.lab());
    }

    @Test
    void fiftyNamespacesOnThreeBridgesStayWellFormedAndComplete() throws Exception {
        Topology t = Fixtures.many(50, 3);
        Document d = check(t);
        int w = Integer.parseInt(d.getDocumentElement().getAttribute("width"));
        assertTrue(w < 2400, "laid out in a grid, not one long row: width " + w);
    }

    @Test
    void namesThatNeedEscapingAreEscaped() throws Exception {
        Topology lab = Fixtures.lab();
        List<Topology.Namespace> nss = new ArrayList<>(lab.namespaces());
        nss.add(new Topology.Namespace("a<b>&\"c\"", "netns", "a<b>&\"c\"", true, List.of(), List.of(), List.of()));
        check(new Topology(nss, lab.cables(), lab.networks(), lab.ports(), List.of("rule with <angle> & \"quotes\"")));
    }

    private static Document check(Topology t) throws Exception {
        String svg = SvgRenderer.render(t);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        Element root = d.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
        String text = root.getTextContent();
        for (Topology.Namespace n : t.namespaces()) {
            assertTrue(text.contains(n.id()), "namespace " + n.id() + " is drawn");
            for (Topology.Iface i : n.links()) {
                for (String a : i.addresses()) {
                    assertTrue(text.contains(a), "address " + a + " of " + n.id() + " " + i.name() + " is drawn");
                }
                if (!i.mac().isEmpty() && !i.kind().equals("loopback")) {
                    assertTrue(text.contains(i.mac()), "MAC of " + n.id() + " " + i.name());
                }
            }
        }
        for (Topology.Port p : t.ports()) {
            assertTrue(text.contains(":" + p.hostPort() + "/" + p.protocol()), "published port " + p.hostPort());
        }
        // the page embeds the same picture
        String html = HtmlRenderer.render(t, 0, "test");
        assertTrue(html.contains(svg) && html.startsWith("<!DOCTYPE html>") && !html.contains("http-equiv"), "a page without refresh");
        return d;
    }
}
