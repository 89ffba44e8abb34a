package io.cicdmanager.gate;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a JaCoCo XML report: the LINE and BRANCH counters that stand directly under {@code <report>}, which JaCoCo
 * computes over every group, package and class of the report (an aggregate report included).
 */
final class JacocoReportParser implements XmlReportParser {
    @Override
    public Measurements parse(XMLStreamReader xml, String file) throws XMLStreamException {
        long lineCovered = 0;
        long lineMissed = 0;
        long branchCovered = 0;
        long branchMissed = 0;
        int depth = 1;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                if (depth == 2 && "counter".equals(xml.getLocalName())) {
                    String type = xml.getAttributeValue(null, "type");
                    if ("LINE".equals(type)) {
                        lineCovered += XmlReportParser.longAttribute(xml, file, "covered");
                        lineMissed += XmlReportParser.longAttribute(xml, file, "missed");
                    } else if ("BRANCH".equals(type)) {
                        branchCovered += XmlReportParser.longAttribute(xml, file, "covered");
                        branchMissed += XmlReportParser.longAttribute(xml, file, "missed");
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        return new Measurements.Coverage(lineCovered, lineCovered + lineMissed, branchCovered,
                branchCovered + branchMissed);
    }
}
