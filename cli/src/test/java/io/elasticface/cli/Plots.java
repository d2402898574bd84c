package io.elasticface.cli;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Reads back the SVG files the plotting commands write: well-formed XML, their text, their marks. */
final class Plots {

    private Plots() {
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // JFreeSVG writes a DOCTYPE: read it, but never fetch its DTD
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setExpandEntityReferences(false);
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
        if (!"svg".equals(document.getDocumentElement().getLocalName())) {
            throw new IllegalArgumentException("not an SVG document: " + document.getDocumentElement().getTagName());
        }
        return document;
    }

    /** Every text element's content: titles, axis labels, legend entries. */
    static List<String> svgText(String svg) throws Exception {
        NodeList texts = parse(svg).getElementsByTagNameNS("*", "text");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            lines.add(texts.item(i).getTextContent());
        }
        return lines;
    }

    /** Drawn shapes (paths, rectangles, ellipses): scatter marks, bars, lines. */
    static int marks(String svg) throws Exception {
        Document document = parse(svg);
        int marks = 0;
        for (String tag : new String[] {"path", "rect", "ellipse", "circle"}) {
            marks += document.getElementsByTagNameNS("*", tag).getLength();
        }
        return marks;
    }
}
