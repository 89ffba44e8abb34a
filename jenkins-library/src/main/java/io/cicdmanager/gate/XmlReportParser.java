package io.cicdmanager.gate;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Reads one XML report format; the reader stands on the root element when {@link #parse} is called. */
@FunctionalInterface
interface XmlReportParser {
    Measurements parse(XMLStreamReader xml, String file) throws XMLStreamException;

    /** An integer attribute, or an error naming the element and the line. */
    static long longAttribute(XMLStreamReader xml, String file, String name) {
        String value = xml.getAttributeValue(null, name);
        if (value == null) {
            throw ReportException.at(file, xml.getLocation().getLineNumber(), 0,
                    "<" + xml.getLocalName() + "> has no " + name + " attribute");
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ReportException.at(file, xml.getLocation().getLineNumber(), 0,
                    "<" + xml.getLocalName() + "> " + name + "='" + value + "' is not a whole number");
        }
    }
}
