package dev.stampededoctor.cli.render;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The HTML pages as XML documents: they are well-formed XHTML, so the JDK's parser reads them. */
final class HtmlPages {
    private HtmlPages() {
    }

    /** Parses {@code html}; fails (throws) when it is not well-formed. */
    static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    static NodeList select(Document d, String xpath) throws Exception {
        return (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, d, XPathConstants.NODESET);
    }

    /** The concatenated text of every {@code <svg>}'s text elements and titles. */
    static String svgText(Document d) throws Exception {
        NodeList svgs = select(d, "//svg");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < svgs.getLength(); i++) {
            b.append(svgs.item(i).getTextContent()).append('\n');
        }
        return b.toString();
    }
}
