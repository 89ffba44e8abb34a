package io.cicdmanager.gate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes large, realistic JUnit XML and JaCoCo XML reports of a requested size for the gate benchmark and for tests
 * that need big inputs, and remembers what it wrote, so the numbers the parsers read back can be checked.
 */
public final class SyntheticReports {
    private static final long MB = 1024L * 1024L;
    private static final String STACK = "java.lang.AssertionError: expected:<200> but was:<503>\n"
            + "\tat org.junit.Assert.fail(Assert.java:89)\n"
            + "\tat io.example.shop.CheckoutTest.paysWithCard(CheckoutTest.java:42)\n"
            + "\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)\n";

    private SyntheticReports() {
    }

    /** A JUnit XML file written, and the outcomes it holds. */
    public record JunitFile(Path path, long bytes, Measurements.Tests tests) {
    }

    /** A JaCoCo XML file written, and the coverage it reports. */
    public record JacocoFile(Path path, long bytes, Measurements.Coverage coverage) {
    }

    /**
     * Writes at least {@code megabytes} of Surefire-style JUnit XML: suites of 200 cases, one in 50 failed, one in 70
     * skipped, one in 97 flaky, with output captured as Surefire does.
     */
    public static JunitFile junit(Path file, double megabytes) throws IOException {
        long target = (long) (megabytes * MB);
        long total = 0;
        long failed = 0;
        long skipped = 0;
        long flaky = 0;
        try (CountingWriter out = new CountingWriter(file)) {
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
            int suite = 0;
            while (out.count < target) {
                suite++;
                // A wrong header on purpose: parsers must count cases, not trust it.
                out.write("<testsuite name=\"io.example.shop.Suite" + suite + "Test\" time=\"1.5\" tests=\"1\""
                        + " errors=\"0\" skipped=\"0\" failures=\"0\">\n  <properties>\n"
                        + "    <property name=\"java.version\" value=\"17.0.15\"/>\n  </properties>\n");
                for (int i = 0; i < 200; i++) {
                    total++;
                    out.write("  <testcase name=\"case" + i + "ReturnsTheExpectedOrderTotal\" classname=\"io.example.shop"
                            + ".Suite" + suite + "Test\" time=\"0.0" + (i % 10) + "\"");
                    if (total % 50 == 0) {
                        failed++;
                        out.write(">\n    <failure message=\"expected:&lt;200&gt; but was:&lt;503&gt;\""
                                + " type=\"java.lang.AssertionError\"><![CDATA[" + STACK + "]]></failure>\n"
                                + "    <system-out><![CDATA[GET /checkout -> 503 after 1200 ms]]></system-out>\n"
                                + "  </testcase>\n");
                    } else if (total % 70 == 0) {
                        skipped++;
                        out.write(">\n    <skipped message=\"needs a payment sandbox\"/>\n  </testcase>\n");
                    } else if (total % 97 == 0) {
                        flaky++;
                        out.write(">\n    <flakyFailure message=\"timeout\" type=\"java.net.SocketTimeoutException\">"
                                + "\n      <stackTrace><![CDATA[" + STACK + "]]></stackTrace>\n    </flakyFailure>\n"
                                + "  </testcase>\n");
                    } else {
                        out.write("/>\n");
                    }
                }
                out.write("</testsuite>\n");
            }
            out.write("</testsuites>\n");
            return new JunitFile(file, out.count, new Measurements.Tests(total, total - failed - skipped, failed,
                    skipped, flaky));
        }
    }

    /**
     * Writes at least {@code megabytes} of JaCoCo XML (with JaCoCo's DOCTYPE): packages of classes with methods,
     * counters and per-line source data, and the report-level totals JaCoCo writes last.
     */
    public static JacocoFile jacoco(Path file, double megabytes) throws IOException {
        long target = (long) (megabytes * MB);
        long lineCovered = 0;
        long lineMissed = 0;
        long branchCovered = 0;
        long branchMissed = 0;
        try (CountingWriter out = new CountingWriter(file)) {
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><!DOCTYPE report PUBLIC"
                    + " \"-//JACOCO//DTD Report 1.1//EN\" \"report.dtd\"><report name=\"shop\">"
                    + "<sessioninfo id=\"bench\" start=\"1\" dump=\"2\"/>");
            int pkg = 0;
            while (out.count < target) {
                pkg++;
                out.write("<package name=\"io/example/shop/p" + pkg + "\">");
                for (int c = 0; c < 20; c++) {
                    String cls = "io/example/shop/p" + pkg + "/Class" + c;
                    out.write("<class name=\"" + cls + "\" sourcefilename=\"Class" + c + ".java\">");
                    for (int m = 0; m < 8; m++) {
                        int covered = (m * 7 + c) % 10;
                        int missed = 10 - covered;
                        int bc = m % 3;
                        int bm = 2 - bc;
                        lineCovered += covered;
                        lineMissed += missed;
                        branchCovered += bc;
                        branchMissed += bm;
                        out.write("<method name=\"method" + m + "\" desc=\"(Ljava/lang/String;)I\" line=\"" + (m * 12 + 3)
                                + "\"><counter type=\"INSTRUCTION\" missed=\"" + missed * 4 + "\" covered=\""
                                + covered * 4 + "\"/><counter type=\"BRANCH\" missed=\"" + bm + "\" covered=\"" + bc
                                + "\"/><counter type=\"LINE\" missed=\"" + missed + "\" covered=\"" + covered
                                + "\"/><counter type=\"COMPLEXITY\" missed=\"1\" covered=\"1\"/><counter"
                                + " type=\"METHOD\" missed=\"0\" covered=\"1\"/></method>");
                    }
                    out.write("</class><sourcefile name=\"Class" + c + ".java\">");
                    for (int line = 3; line < 99; line++) {
                        out.write("<line nr=\"" + line + "\" mi=\"" + (line % 3) + "\" ci=\"" + (line % 5)
                                + "\" mb=\"0\" cb=\"0\"/>");
                    }
                    out.write("</sourcefile>");
                }
                out.write("</package>");
            }
            out.write("<counter type=\"BRANCH\" missed=\"" + branchMissed + "\" covered=\"" + branchCovered
                    + "\"/><counter type=\"LINE\" missed=\"" + lineMissed + "\" covered=\"" + lineCovered
                    + "\"/></report>");
            return new JacocoFile(file, out.count, new Measurements.Coverage(lineCovered, lineCovered + lineMissed,
                    branchCovered, branchCovered + branchMissed));
        }
    }

    /** A UTF-8 writer that counts what it wrote (the generated text is ASCII: one byte a character). */
    private static final class CountingWriter implements AutoCloseable {
        private final Writer out;
        long count;

        CountingWriter(Path file) throws IOException {
            this.out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20);
        }

        void write(String s) throws IOException {
            out.write(s);
            count += s.length();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
