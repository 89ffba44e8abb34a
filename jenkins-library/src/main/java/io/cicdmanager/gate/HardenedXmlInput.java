package io.cicdmanager.gate;

import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Opens XML reports with the JDK's own StAX parser set so that a DOCTYPE (JaCoCo writes one) is read past but never
 * loaded, external entities are never fetched, and a reference to any entity a DTD would declare (XXE, billion
 * laughs) is an error at the first reference instead of an expansion.
 */
public final class HardenedXmlInput {
    private static final Pattern JDK_PREFIX = Pattern.compile("^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*Message:\\s*",
            Pattern.DOTALL);
    private static final XMLInputFactory FACTORY = createFactory();

    private HardenedXmlInput() {
    }

    private static XMLInputFactory createFactory() {
        // newDefaultFactory, not newInstance: a StAX implementation that happens to be on the class path must not
        // change how hostile input is treated.
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("refusing to load the external entity " + systemId);
        });
        return f;
    }

    /**
     * A reader of the report in {@code in} (which must support mark and reset), decoded by {@link StrictXmlText}:
     * bytes that are not text fail with where they stand, and nothing is printed on standard error.
     */
    public static XMLStreamReader open(InputStream in, String name) throws XMLStreamException, IOException {
        return FACTORY.createXMLStreamReader(StrictXmlText.of(in, name));
    }

    /** The parser's complaint without the JDK's "ParseError at [row,col]" preamble: the caller names the place. */
    public static String problem(XMLStreamException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        Matcher m = JDK_PREFIX.matcher(message);
        return (m.find() ? message.substring(m.end()) : message).strip();
    }

    /** The exception as a report error naming {@code file:line:column}. */
    public static ReportException error(String file, XMLStreamException e, XMLStreamReader reader) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() != null ? cause.getCause()
                : cause instanceof XMLStreamException x ? x.getNestedException() : null) {
            if (cause instanceof StrictXmlText.NotText notText) {
                return ReportException.at(file, notText.line, notText.column, notText.getMessage());
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        Location at = e.getLocation();
        if (at == null && reader != null) {
            at = reader.getLocation();
        }
        int line = at == null ? 0 : at.getLineNumber();
        int column = at == null ? 0 : at.getColumnNumber();
        String problem = problem(e);
        // With DTD support off, an entity a DOCTYPE declares is "referenced, but not declared": say why.
        String what = problem.contains("entity") && problem.contains("not declared")
                ? "refused: " + problem + " (DTD entities are never loaded or expanded)"
                : "not well-formed XML: " + problem;
        return ReportException.at(file, line, column, what);
    }
}
