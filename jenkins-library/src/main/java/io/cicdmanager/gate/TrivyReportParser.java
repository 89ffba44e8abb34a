package io.cicdmanager.gate;

import java.util.Locale;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Reads Trivy's JSON report (schema version 2): every vulnerability, failed misconfiguration and secret of every
 * target counts once at its Trivy severity. UNKNOWN counts as medium: an unrated finding is neither ignored nor
 * allowed to block on its own.
 */
final class TrivyReportParser implements JsonReportParser {
    @Override
    public Measurements parse(JsonParser json, String file) {
        JsonReportParser.expect(json, JsonToken.START_OBJECT, file, "a Trivy report object");
        long[] counts = new long[4];
        String schema = null;
        while (json.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = json.currentName();
            json.nextToken();
            if (name.equals("SchemaVersion")) {
                schema = json.getValueAsString();
            } else if (name.equals("Results") && json.currentToken() == JsonToken.START_ARRAY) {
                while (json.nextToken() != JsonToken.END_ARRAY) {
                    readResult(json, file, counts);
                }
            } else {
                json.skipChildren();
            }
        }
        if (!"2".equals(schema)) {
            throw ReportException.at(file, 0, 0, "Trivy SchemaVersion " + (schema == null ? "(none)" : schema)
                    + " is not supported; cicd reads schema version 2 (trivy --format json)");
        }
        return new Measurements.Findings(counts[0], counts[1], counts[2], counts[3]);
    }

    private static void readResult(JsonParser json, String file, long[] counts) {
        JsonReportParser.expect(json, JsonToken.START_OBJECT, file, "a result object");
        while (json.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = json.currentName();
            json.nextToken();
            boolean findings = name.equals("Vulnerabilities") || name.equals("Misconfigurations")
                    || name.equals("Secrets");
            if (findings && json.currentToken() == JsonToken.START_ARRAY) {
                while (json.nextToken() != JsonToken.END_ARRAY) {
                    JsonNode finding = JsonReportParser.readTree(json);
                    String status = JsonReportParser.text(finding.path("Status"));
                    if (name.equals("Misconfigurations") && status != null && !status.equals("FAIL")) {
                        continue;
                    }
                    counts[bucket(JsonReportParser.text(finding.path("Severity")))]++;
                }
            } else {
                json.skipChildren();
            }
        }
    }

    private static int bucket(String severity) {
        return switch (severity == null ? "UNKNOWN" : severity.toUpperCase(Locale.ROOT)) {
            case "CRITICAL" -> 0;
            case "HIGH" -> 1;
            case "LOW" -> 3;
            default -> 2;
        };
    }
}
