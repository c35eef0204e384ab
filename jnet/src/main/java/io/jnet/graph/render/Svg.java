package io.jnet.graph.render;

import java.util.Locale;

/** A tiny SVG writer: elements with attributes escaped, coordinates in whole pixels. */
final class Svg {
    private final StringBuilder s = new StringBuilder();

    Svg open(int width, int height, String title) {
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">\n");
        s.append("<title>").append(escape(title)).append("</title>\n");
        s.append("<style>\n")
                .append("text{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:11px;fill:#222}\n")
                .append(".title{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;font-size:13px;font-weight:bold}\n")
                .append(".head{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;font-size:11px;font-weight:bold;fill:#555}\n")
                .append(".dim{fill:#666}\n")
                .append(".foreign{fill:#9a9a9a}\n")

                .append("</style>\n");
        return this;
    }

    Svg rect(int x, int y, int w, int h, int radius, String fill, String stroke, String extra) {
        s.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" rx=\"").append(radius).append("\" fill=\"").append(fill).append("\" stroke=\"").append(stroke).append('"')
                .append(extra.isEmpty() ? "" : " " + extra).append("/>\n");
        return this;
    }

    Svg line(int x1, int y1, int x2, int y2, String stroke, int width, String extra) {
        s.append("<line x1=\"").append(x1).append("\" y1=\"").append(y1).append("\" x2=\"").append(x2).append("\" y2=\"").append(y2)
                .append("\" stroke=\"").append(stroke).append("\" stroke-width=\"").append(width).append('"')
                .append(extra.isEmpty() ? "" : " " + extra).append("/>\n");
        return this;
    }

    Svg path(String d, String stroke, int width, String extra) {
        s.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"").append(width)
                .append('"').append(extra.isEmpty() ? "" : " " + extra).append("/>\n");
        return this;
    }

    Svg circle(int cx, int cy, int r, String fill) {
        s.append("<circle cx=\"").append(cx).append("\" cy=\"").append(cy).append("\" r=\"").append(r).append("\" fill=\"").append(fill)
                .append("\"/>\n");
        return this;
    }

    Svg text(int x, int y, String cssClass, String text) {
        s.append("<text x=\"").append(x).append("\" y=\"").append(y).append('"')
                .append(cssClass.isEmpty() ? "" : " class=\"" + cssClass + "\"").append('>').append(escape(text)).append("</text>\n");
        return this;
    }

    /** A group whose title a browser shows as the tooltip of everything in it. */
    Svg group(String title) {
        s.append("<g><title>").append(escape(title)).append("</title>\n");
        return this;
    }

    Svg end() {
        s.append("</g>\n");
        return this;
    }

    Svg comment(String text) {
        s.append("<!-- ").append(text.replace("--", "- -")).append(" -->\n");
        return this;
    }

    String close() {
        return s.append("</svg>\n").toString();
    }

    static String escape(String t) {
        StringBuilder b = new StringBuilder(t.length());
        for (char c : t.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\t') {
                        b.append(c); // control characters are not allowed in XML 1.0
                    }
                }
            }
        }
        return b.toString();
    }

    static String fmt(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
