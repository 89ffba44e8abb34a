package io.cicdmanager.gate;

import io.cicdmanager.json.ObjectMappers;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;

/**
 * Reads one report file: recognises its format from the content (an XML root element, a JSON document's keys, or
 * LCOV's records), checks that the format measures the kind it was given as, and runs the matching streaming parser.
 * Every failure, from a missing file to an entity expansion attack, is a {@link ReportException} naming the file.
 */
public final class ReportReader {
    private static final int BUFFER = 1 << 16;

    private final LicensePolicy licensePolicy;

    public ReportReader(LicensePolicy licensePolicy) {
        this.licensePolicy = licensePolicy;
    }

    /** A report read: its format and what it measured. */
    public record Parsed(ReportFormat format, Measurements measurements) {
    }

    public Parsed read(ReportKind kind, Path file, String name) {
        int first = firstSignificantByte(file, name);
        if (first == '<') {
            return readXml(kind, file, name);
        }
        if (first == '{' || first == '[') {
            return readJson(kind, file, name);
        }
        if (!looksLikeLcov(file)) {
            throw ReportException.at(name, 1, 0, "not a report cicd recognises: neither XML, JSON nor LCOV");
        }
        requireKindTakes(kind, ReportFormat.LCOV, name);
        try (InputStream in = Files.newInputStream(file)) {
            return new Parsed(ReportFormat.LCOV, LcovReportParser.parse(in, name));
        } catch (IOException e) {
            throw cannotRead(name, e);
        }
    }

    private static int firstSignificantByte(Path file, String name) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 4096)) {
            int b = in.read();
            if (b == -1) {
                throw ReportException.at(name, 0, 0, "the file is empty");
            }
            if (b == 0xEF) {
                // a UTF-8 byte order mark
                in.skip(2);
                b = in.read();
            }
            while (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                b = in.read();
            }
            if (b == -1) {
                throw ReportException.at(name, 0, 0, "the file holds only white space");
            }
            return b;
        } catch (NoSuchFileException e) {
            throw ReportException.at(name, 0, 0, "file not found");
        } catch (IOException e) {
            throw cannotRead(name, e);
        }
    }

    private static boolean looksLikeLcov(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            String start = new String(head, StandardCharsets.ISO_8859_1);
            return start.startsWith("TN:") || start.startsWith("SF:") || start.startsWith("VER:");
        } catch (IOException e) {
            return false;
        }
    }

    // ---- XML

    private Parsed readXml(ReportKind kind, Path file, String name) {
        XMLStreamReader xml = null;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
            xml = HardenedXmlInput.open(in, name);
            while (xml.hasNext() && xml.next() != XMLStreamConstants.START_ELEMENT) {
                // prolog: declaration, comments, the DOCTYPE that is read past and never loaded
            }
            if (!xml.isStartElement()) {
                throw ReportException.at(name, 0, 0, "an XML file without a root element");
            }
            ReportFormat format = xmlFormat(xml.getLocalName(), name);
            requireKindTakes(kind, format, name);
            XmlReportParser parser = switch (format) {
                case JACOCO -> new JacocoReportParser();
                case COBERTURA -> new CoberturaReportParser();
                case PIT -> new PitReportParser();
                default -> new JunitReportParser();
            };
            return new Parsed(format, parser.parse(xml, name));
        } catch (XMLStreamException e) {
            throw HardenedXmlInput.error(name, e, xml);
        } catch (StrictXmlText.NotText e) {
            throw ReportException.at(name, e.line, e.column, e.getMessage());
        } catch (IOException e) {
            throw cannotRead(name, e);
        } finally {
            close(xml);
        }
    }

    private static ReportFormat xmlFormat(String root, String name) {
        return switch (root) {
            case "report" -> ReportFormat.JACOCO;
            case "coverage" -> ReportFormat.COBERTURA;
            case "testsuites", "testsuite" -> ReportFormat.JUNIT;
            case "mutations" -> ReportFormat.PIT;
            default -> throw ReportException.at(name, 0, 0, "the root element <" + root + "> is not one of JaCoCo's "
                    + "<report>, Cobertura's <coverage>, JUnit's <testsuites>/<testsuite> or PIT's <mutations>");
        };
    }

    private static void close(XMLStreamReader xml) {
        if (xml != null) {
            try {
                xml.close();
            } catch (XMLStreamException e) {
                // the file is closed with its stream; nothing was written
            }
        }
    }

    // ---- JSON

    private Parsed readJson(ReportKind kind, Path file, String name) {
        ReportFormat format = withJson(file, name, false, json -> jsonFormat(json, name));
        requireKindTakes(kind, format, name);
        JsonReportParser parser = switch (format) {
            case SARIF -> new SarifReportParser();
            case TRIVY -> new TrivyReportParser();
            case GITLEAKS -> new GitleaksReportParser();
            case CYCLONEDX -> new CycloneDxLicenseParser(licensePolicy);
            default -> new K6SummaryParser();
        };
        Measurements measurements = withJson(file, name, true, json -> parser.parse(json, name));
        return new Parsed(format, measurements);
    }

    /** Runs {@code body} on a parser standing on the document's first token, turning every failure into a message. */
    private static <T> T withJson(Path file, String name, boolean whole,
            Function<JsonParser, T> body) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
                JsonParser json = ObjectMappers.json().createParser(in)) {
            json.nextToken();
            T result = body.apply(json);
            if (whole && json.nextToken() != null) {
                throw JsonReportParser.error(json, name, "text after the end of the JSON document");
            }
            return result;
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            throw ReportException.at(name, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw cannotRead(name, e);
        }
    }

    /** Recognises a JSON report by its top-level shape, skipping values it does not need; stops at the first clue. */
    private static ReportFormat jsonFormat(JsonParser json, String name) {
        if (json.currentToken() == JsonToken.START_ARRAY) {
            json.skipChildren();
            return ReportFormat.GITLEAKS;
        }
        while (json.nextToken() == JsonToken.PROPERTY_NAME) {
            String key = json.currentName();
            json.nextToken();
            switch (key) {
                case "SchemaVersion" -> {
                    return ReportFormat.TRIVY;
                }
                case "bomFormat" -> {
                    return ReportFormat.CYCLONEDX;
                }
                case "runs" -> {
                    return ReportFormat.SARIF;
                }
                case "root_group", "metrics" -> {
                    return ReportFormat.K6;
                }
                default -> json.skipChildren();
            }
        }
        throw ReportException.at(name, 0, 0,
                "JSON, but not SARIF, a Trivy report, a gitleaks report, a CycloneDX BOM or a k6 summary");
    }

    // ----

    private static void requireKindTakes(ReportKind kind, ReportFormat format, String name) {
        if (!kind.accepts(format)) {
            throw ReportException.at(name, 0, 0, "a " + format.displayName() + " report, but " + kind.id()
                    + " takes " + kind.formatList());
        }
    }

    private static ReportException cannotRead(String name, IOException e) {
        return ReportException.at(name, 0, 0, "cannot read: " + e.getMessage());
    }
}
