package io.cicdmanager.gate;

import java.util.Set;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads PIT's mutations.xml: every {@code <mutation>} is a mutant; it is killed when PIT marks it
 * {@code detected='true'} (or, in reports without that attribute, when its status is one PIT counts as detected).
 */
final class PitReportParser implements XmlReportParser {
    private static final Set<String> DETECTED = Set.of("KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR");

    @Override
    public Measurements parse(XMLStreamReader xml, String file) throws XMLStreamException {
        long total = 0;
        long killed = 0;
        while (xml.hasNext()) {
            if (xml.next() == XMLStreamConstants.START_ELEMENT && "mutation".equals(xml.getLocalName())) {
                total++;
                String detected = xml.getAttributeValue(null, "detected");
                boolean isKilled = detected != null ? "true".equals(detected)
                        : DETECTED.contains(String.valueOf(xml.getAttributeValue(null, "status")));
                if (isKilled) {
                    killed++;
                }
            }
        }
        return new Measurements.Mutation(total, killed);
    }
}
