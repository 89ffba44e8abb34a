package io.cicdmanager.gate;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Reads gitleaks v8's JSON report, an array of findings. Every finding is a leaked credential and counts as critical:
 * it can be used as it is. The secret itself is never copied anywhere.
 */
final class GitleaksReportParser implements JsonReportParser {
    @Override
    public Measurements parse(JsonParser json, String file) {
        JsonReportParser.expect(json, JsonToken.START_ARRAY, file, "a gitleaks findings array");
        long count = 0;
        while (json.nextToken() != JsonToken.END_ARRAY) {
            if (json.currentToken() != JsonToken.START_OBJECT) {
                throw JsonReportParser.error(json, file, "finding " + (count + 1) + " is not an object");
            }
            JsonNode finding = JsonReportParser.readTree(json);
            if (!finding.has("RuleID")) {
                throw ReportException.at(file, 0, 0, "finding " + (count + 1)
                        + " has no RuleID: not a gitleaks v8 report");
            }
            count++;
        }
        return new Measurements.Findings(count, 0, 0, 0);
    }
}
