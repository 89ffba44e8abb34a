package io.cicdmanager.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports that are broken or built to attack the parser: every one is refused with a message naming the file. */
class HostileReportTest {
    @TempDir
    Path dir;

    private final ReportReader reader = new ReportReader(LicensePolicy.none());

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private String refusal(ReportKind kind, Path file) {
        try {
            reader.read(kind, file, file.getFileName().toString());
        } catch (ReportException e) {
            return e.getMessage();
        }
        throw new AssertionError(file + " was accepted");
    }

    @Test
    void externalEntityToALocalFileIsRefusedAndNothingLeaks() throws IOException {
        Path secret = write("secret.txt", "s3cr3t-database-password");
        Path xxe = write("xxe.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE testsuite [\n  <!ENTITY xxe SYSTEM \""
                + secret.toUri() + "\">\n]>\n<testsuite><testcase name=\"&xxe;\"/></testsuite>\n");
        String message = refusal(ReportKind.TESTS, xxe);
        assertThat(message).startsWith("xxe.xml:5:").contains("refused: The entity \"xxe\" was referenced")
                .contains("DTD entities are never loaded or expanded").doesNotContain("s3cr3t");
    }

    @Test
    void externalDtdIsNeverFetched() throws IOException {
        // A DOCTYPE naming a DTD that does not exist: reading past it proves it was never loaded.
        Path report = write("jacoco.xml", "<?xml version=\"1.0\"?><!DOCTYPE report SYSTEM \""
                + dir.resolve("missing.dtd").toUri() + "\"><report name=\"x\"><counter type=\"LINE\" missed=\"1\""
                + " covered=\"3\"/></report>");
        assertThat(reader.read(ReportKind.COVERAGE, report, "jacoco.xml").measurements())
                .isEqualTo(new Measurements.Coverage(3, 4, 0, 0));
        Path parameterEntity = write("pe.xml", "<?xml version=\"1.0\"?><!DOCTYPE report [<!ENTITY % p SYSTEM \""
                + dir.resolve("missing.dtd").toUri() + "\"> %p;]><report name=\"x\"/>");
        assertThat(reader.read(ReportKind.COVERAGE, parameterEntity, "pe.xml").measurements())
                .isEqualTo(new Measurements.Coverage(0, 0, 0, 0));
    }

    @Test
    void billionLaughsIsRefusedAtTheFirstReference() throws IOException {
        StringBuilder dtd = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            dtd.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        Path bomb = write("bomb.xml", "<?xml version=\"1.0\"?><!DOCTYPE report [" + dtd + "]><report name=\"&lol9;\"/>");
        assertThat(refusal(ReportKind.COVERAGE, bomb)).startsWith("bomb.xml:1:")
                .contains("refused: The entity \"lol9\" was referenced, but not declared");
    }

    @Test
    void truncatedReportsFail() throws IOException {
        String full = Files.readString(Fixtures.path("jacoco/calc-jacoco.xml"));
        Path xml = write("cut.xml", full.substring(0, full.length() / 2));
        assertThat(refusal(ReportKind.COVERAGE, xml)).startsWith("cut.xml:").contains("not well-formed XML");

        String json = Files.readString(Fixtures.path("sarif/eslint.sarif"));
        Path sarif = write("cut.sarif", json.substring(0, json.length() / 2));
        assertThat(refusal(ReportKind.SAST, sarif)).startsWith("cut.sarif:").contains("not valid JSON");

        String lcov = Files.readString(Fixtures.path("lcov/coverage-py.lcov"));
        Path cutLcov = write("cut.lcov", lcov.substring(0, lcov.indexOf("end_of_record")));
        assertThat(refusal(ReportKind.COVERAGE, cutLcov)).contains("truncated");

        String bom = Files.readString(Fixtures.path("cyclonedx/cyclonedx-npm-bom.json"));
        Path cutBom = write("cut-bom.json", bom.substring(0, bom.length() - 40));
        assertThat(refusal(ReportKind.LICENSES, cutBom)).startsWith("cut-bom.json:").contains("not valid JSON");
    }

    @Test
    void binaryGarbageIsNotAReport() throws IOException {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        noise[0] = 0x01;
        assertThat(refusal(ReportKind.COVERAGE, write("noise.bin", noise)))
                .isEqualTo("noise.bin:1: not a report cicd recognises: neither XML, JSON nor LCOV");
        noise[0] = '<';
        assertThat(refusal(ReportKind.TESTS, write("noise.xml", noise))).startsWith("noise.xml:1:");
        noise[0] = '{';
        assertThat(refusal(ReportKind.SAST, write("noise.json", noise))).startsWith("noise.json:1:")
                .contains("not valid JSON");
    }

    @Test
    void invalidUtf8IsRefusedInEveryEncodingPath() throws IOException {
        byte[] bad = {(byte) 0xC3, (byte) 0x28};
        byte[] xml = concat("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite><testcase name=\"", bad,
                "\"/></testsuite>");
        assertThat(refusal(ReportKind.TESTS, write("bad.xml", xml))).startsWith("bad.xml:2:");
        byte[] json = concat("[{\"RuleID\": \"", bad, "\"}]");
        assertThat(refusal(ReportKind.SECRETS, write("bad.json", json))).startsWith("bad.json:1:")
                .contains("UTF-8");
        byte[] lcov = concat("TN:\nSF:a.py\nDA:1,1\nDA:2,", bad, "\nend_of_record\n");
        assertThat(refusal(ReportKind.COVERAGE, write("bad.lcov", lcov))).isEqualTo("bad.lcov:4: not UTF-8 text");
    }

    @Test
    void bytesThatAreNotTextInTheDeclaredEncodingAreRefusedWithTheirPlaceAndNothingOnStandardError()
            throws IOException {
        byte[] latin1InUtf8 = concat("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<report name=\"x\">\n"
                + "<package name=\"caf", new byte[] {(byte) 0xE9}, "\"/></report>");
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        String message;
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            message = refusal(ReportKind.COVERAGE, write("latin.xml", latin1InUtf8));
        } finally {
            System.setErr(original);
        }
        assertThat(message).isEqualTo("latin.xml:3:19: not UTF-8 text: a byte sequence that is not a character in it");
        assertThat(err.toString(StandardCharsets.UTF_8)).as("standard error").isEmpty();
    }

    @Test
    void theDeclaredOrMarkedEncodingIsTheOneRead() throws IOException {
        byte[] latin1 = concat("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<testsuite name=\"caf",
                new byte[] {(byte) 0xE9}, "\" tests=\"1\"><testcase name=\"t\"/></testsuite>");
        assertThat(reader.read(ReportKind.TESTS, write("latin1.xml", latin1), "latin1.xml").measurements())
                .isInstanceOf(Measurements.Tests.class);
        assertThat(refusal(ReportKind.COVERAGE, write("ebcdic.xml", "<?xml version=\"1.0\" encoding=\"x-nope\"?>"
                + "<report/>"))).isEqualTo("ebcdic.xml:1: the XML declaration names the encoding x-nope, which this "
                + "Java does not know");
    }

    @Test
    void emptyWhitespaceAndMissingFilesFail() throws IOException {
        assertThat(refusal(ReportKind.TESTS, write("empty.xml", ""))).isEqualTo("empty.xml: the file is empty");
        assertThat(refusal(ReportKind.TESTS, write("blank.xml", " \n\t\r\n")))
                .isEqualTo("blank.xml: the file holds only white space");
        assertThat(refusal(ReportKind.TESTS, dir.resolve("nope.xml"))).isEqualTo("nope.xml: file not found");
        assertThat(refusal(ReportKind.TESTS, write("prolog.xml", "<?xml version=\"1.0\"?>\n<!-- nothing -->\n")))
                .startsWith("prolog.xml");
    }

    @Test
    void aByteOrderMarkIsFine() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Path p = write("bom.xml", concat("", bom, "<testsuite><testcase name=\"a\"/></testsuite>"));
        assertThat(reader.read(ReportKind.TESTS, p, "bom.xml").measurements())
                .isEqualTo(new Measurements.Tests(1, 1, 0, 0, 0));
    }

    @Test
    void aReportOfTheWrongKindIsNamed() {
        assertThatThrownBy(() -> reader.read(ReportKind.COVERAGE, Fixtures.path("junit/pytest.xml"), "pytest.xml"))
                .hasMessage("pytest.xml: a JUnit XML report, but coverage takes JaCoCo XML, Cobertura XML or LCOV");
        assertThatThrownBy(() -> reader.read(ReportKind.TESTS, Fixtures.path("lcov/coverage-py.lcov"), "c.lcov"))
                .hasMessage("c.lcov: a LCOV report, but tests takes JUnit XML");
        assertThatThrownBy(() -> reader.read(ReportKind.SCA, Fixtures.path("k6/summary-export.json"), "k6.json"))
                .hasMessage("k6.json: a k6 summary JSON report, but sca takes SARIF 2.1.0 or Trivy JSON");
    }

    @Test
    void unknownXmlAndJsonShapesAreNamed() throws IOException {
        assertThat(refusal(ReportKind.TESTS, write("page.xml", "<html><body/></html>")))
                .contains("the root element <html> is not one of");
        assertThat(refusal(ReportKind.SAST, write("other.json", "{\"name\": \"x\", \"list\": [1, 2]}")))
                .contains("JSON, but not SARIF");
        assertThat(refusal(ReportKind.SAST, write("two.json", "{\"version\": \"2.1.0\", \"runs\": []} {}")))
                .contains("two.json:1:").contains("text after the end");
    }

    @Test
    void formatSpecificCorruptionIsNamed() throws IOException {
        assertThat(refusal(ReportKind.SAST, write("v1.sarif", "{\"version\": \"1.0.0\", \"runs\": []}")))
                .contains("SARIF version '1.0.0' is not supported");
        assertThat(refusal(ReportKind.SAST, write("noruns.sarif", "{\"$schema\": \"sarif\", \"runs\": 3,"
                + " \"version\": \"2.1.0\"}"))).contains("expected runs to be an array");
        assertThat(refusal(ReportKind.SCA, write("t1.json", "{\"SchemaVersion\": 1, \"Results\": []}")))
                .contains("Trivy SchemaVersion 1 is not supported");
        assertThat(refusal(ReportKind.LICENSES, write("old-bom.json",
                "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.3\", \"components\": []}")))
                .contains("CycloneDX spec version 1.3 is not supported");
        assertThat(refusal(ReportKind.LICENSES, write("not-bom.json",
                "{\"bomFormat\": \"SPDX\", \"specVersion\": \"1.5\"}"))).contains("bomFormat is not CycloneDX");
        assertThat(refusal(ReportKind.SECRETS, write("leaks.json", "[{\"File\": \"a\"}]")))
                .contains("finding 1 has no RuleID");
        assertThat(refusal(ReportKind.SECRETS, write("leaks2.json", "[\"AKIA...\"]")))
                .contains("finding 1 is not an object");
        assertThat(refusal(ReportKind.LOAD, write("k6a.json", "{\"metrics\": {\"vus\": {\"value\": 1}}}")))
                .contains("no http_req_duration metric");
        assertThat(refusal(ReportKind.LOAD, write("k6b.json",
                "{\"metrics\": {\"http_req_duration\": {\"avg\": 1}}}"))).contains("has no p(95)");
        assertThat(refusal(ReportKind.LOAD, write("k6c.json",
                "{\"metrics\": {\"http_req_duration\": {\"p(95)\": 1}}}"))).contains("no http_req_failed");
        assertThat(refusal(ReportKind.LOAD, write("k6d.json",
                "{\"metrics\": {\"http_req_duration\": {\"p(95)\": 1}, \"http_req_failed\": {\"x\": 1}}}")))
                .contains("neither a rate nor passes and fails");
        assertThat(refusal(ReportKind.COVERAGE, write("j.xml",
                "<report><counter type=\"LINE\" missed=\"x\" covered=\"1\"/></report>")))
                .isEqualTo("j.xml:1: <counter> missed='x' is not a whole number");
        assertThat(refusal(ReportKind.COVERAGE, write("j2.xml", "<report><counter type=\"LINE\" covered=\"1\"/></report>")))
                .isEqualTo("j2.xml:1: <counter> has no missed attribute");
        assertThat(refusal(ReportKind.COVERAGE, write("c.xml", "<coverage><packages><package><classes><class>"
                + "<lines><line number=\"1\" hits=\"1\" branch=\"true\"/></lines></class></classes></package>"
                + "</packages></coverage>"))).contains("condition-coverage");
    }

    @Test
    void lcovEntriesAreValidated() throws IOException {
        assertThat(refusal(ReportKind.COVERAGE, write("a.lcov", "TN:\nSF:x\nDA:1\nend_of_record\n")))
                .isEqualTo("a.lcov:3: DA: needs 2 comma-separated fields");
        assertThat(refusal(ReportKind.COVERAGE, write("b.lcov", "SF:x\nDA:1,many\nend_of_record\n")))
                .isEqualTo("b.lcov:2: DA: 'many' is not a number");
        assertThat(refusal(ReportKind.COVERAGE, write("c.lcov", "TN:\nDA:1,1\n")))
                .isEqualTo("c.lcov:2: DA: outside a record (no SF: before it)");
        assertThat(refusal(ReportKind.COVERAGE, write("d.lcov", "TN:\nend_of_record\n")))
                .isEqualTo("d.lcov:2: end_of_record without a record");
        assertThat(refusal(ReportKind.COVERAGE, write("e.lcov", "TN:\nSF:x\nthis is prose\n")))
                .isEqualTo("e.lcov:3: 'this is prose' is not an LCOV entry");
        assertThat(refusal(ReportKind.COVERAGE, write("f.lcov", "TN:\n\n")))
                .isEqualTo("f.lcov: no LCOV records (SF: ... end_of_record)");
        assertThat(refusal(ReportKind.COVERAGE, write("g.lcov", "SF:x\nBRDA:1,0\nend_of_record\n")))
                .contains("BRDA: needs 4");
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(middle, 0, out, a.length, middle.length);
        System.arraycopy(c, 0, out, a.length + middle.length, c.length);
        return out;
    }
}
