package io.jnet.graph.render;

import io.jnet.graph.Topology;

/**
 * The SVG picture in a self-contained HTML page (no scripts, no external files), for a browser on the host. With a
 * refresh interval the page reloads itself, so a file that {@code jnet graph --watch} keeps rewriting stays live.
 */
public final class HtmlRenderer {
    private HtmlRenderer() {}

    /** The page; {@code refreshSeconds} 0 for a page that never reloads. */
    public static String render(Topology t, int refreshSeconds, String generated) {
        StringBuilder s = new StringBuilder();
        s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        if (refreshSeconds > 0) {
            s.append("<meta http-equiv=\"refresh\" content=\"").append(refreshSeconds).append("\">\n");
        }
        s.append("<title>jnet topology</title>\n");
        s.append("<style>body{font-family:Helvetica,Arial,sans-serif;margin:16px;background:#fff}"
                + "p{color:#555;font-size:12px}svg{max-width:100%;height:auto}</style>\n");
        s.append("</head>\n<body>\n<h1>jnet topology</h1>\n");
        s.append("<p>").append(Svg.escape(generated)).append(refreshSeconds > 0 ? "; this page reloads every " + refreshSeconds + " s" : "")
                .append("</p>\n");
        s.append(SvgRenderer.render(t));
        s.append("</body>\n</html>\n");
        return s.toString();
    }
}
