package io.cicdmanager.gate;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads JUnit XML as Surefire, Failsafe, Gradle, pytest and go-junit-report write it, counting {@code <testcase>}
 * elements one by one: a suite's {@code tests}/{@code failures} header is wrong after Surefire reruns. A case that
 * failed and then passed on a rerun ({@code flakyFailure}, {@code flakyError}) counts as passed and flaky; one that
 * failed every rerun has a {@code failure} or {@code error} and counts as failed.
 */
final class JunitReportParser implements XmlReportParser {
    @Override
    public Measurements parse(XMLStreamReader xml, String file) throws XMLStreamException {
        long total = 0;
        long failed = 0;
        long skipped = 0;
        long flaky = 0;
        int depth = 1;
        int caseDepth = -1;
        boolean caseFailed = false;
        boolean caseSkipped = false;
        boolean caseFlaky = false;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                String name = xml.getLocalName();
                if (caseDepth < 0) {
                    if ("testcase".equals(name)) {
                        caseDepth = depth;
                        caseFailed = false;
                        caseSkipped = false;
                        caseFlaky = false;
                    }
                } else if (depth == caseDepth + 1) {
                    switch (name) {
                        case "failure", "error" -> caseFailed = true;
                        case "skipped" -> caseSkipped = true;
                        case "flakyFailure", "flakyError" -> caseFlaky = true;
                        default -> {
                            // system-out, rerunFailure and the like say nothing about the outcome
                        }
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (depth == caseDepth) {
                    total++;
                    if (caseFailed) {
                        failed++;
                    } else if (caseSkipped) {
                        skipped++;
                    } else if (caseFlaky) {
                        flaky++;
                    }
                    caseDepth = -1;
                }
                depth--;
            }
        }
        return new Measurements.Tests(total, total - failed - skipped, failed, skipped, flaky);
    }
}
