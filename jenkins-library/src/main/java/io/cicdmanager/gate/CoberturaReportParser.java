package io.cicdmanager.gate;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a Cobertura XML report (Cobertura itself, coverage.py, and the many tools that write its format) by counting
 * the {@code <line>} elements of each class, not the root's {@code lines-valid} header. Lines listed again under
 * {@code <methods>} are the same lines and are not counted twice.
 */
final class CoberturaReportParser implements XmlReportParser {
    private static final Pattern CONDITIONS = Pattern.compile("\\((\\d+)/(\\d+)\\)");

    @Override
    public Measurements parse(XMLStreamReader xml, String file) throws XMLStreamException {
        long lineCovered = 0;
        long lineTotal = 0;
        long branchCovered = 0;
        long branchTotal = 0;
        int methodDepth = 0;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if ("methods".equals(name)) {
                    methodDepth++;
                } else if ("line".equals(name) && methodDepth == 0) {
                    lineTotal++;
                    if (XmlReportParser.longAttribute(xml, file, "hits") > 0) {
                        lineCovered++;
                    }
                    if ("true".equals(xml.getAttributeValue(null, "branch"))) {
                        long[] taken = conditions(xml, file);
                        branchCovered += taken[0];
                        branchTotal += taken[1];
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && "methods".equals(xml.getLocalName())) {
                methodDepth--;
            }
        }
        return new Measurements.Coverage(lineCovered, lineTotal, branchCovered, branchTotal);
    }

    /** {@code condition-coverage="50% (1/2)"} as {covered, total}. */
    private static long[] conditions(XMLStreamReader xml, String file) {
        String text = xml.getAttributeValue(null, "condition-coverage");
        Matcher m = text == null ? null : CONDITIONS.matcher(text);
        if (m == null || !m.find()) {
            throw ReportException.at(file, xml.getLocation().getLineNumber(), 0,
                    "a branch line has no condition-coverage \"N% (covered/total)\"");
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }
}
