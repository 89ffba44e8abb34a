package io.cicdmanager.gate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Reads SARIF 2.1.0 and counts results by severity the way GitHub code scanning does: a rule's (or the result's)
 * {@code properties.security-severity} score decides when present (≥ 9.0 critical, ≥ 7.0 high, ≥ 4.0 medium, else
 * low); otherwise the level does (error → high, warning → medium, note → low, none → not counted). Results that are
 * not failures ({@code kind} other than {@code fail}) or that carry an accepted suppression are not counted.
 */
final class SarifReportParser implements JsonReportParser {
    private static final BigDecimal CRITICAL = new BigDecimal("9.0");
    private static final BigDecimal HIGH = new BigDecimal("7.0");
    private static final BigDecimal MEDIUM = new BigDecimal("4.0");

    @Override
    public Measurements parse(JsonParser json, String file) {
        JsonReportParser.expect(json, JsonToken.START_OBJECT, file, "a SARIF log object");
        Measurements.Findings total = Measurements.Findings.NONE;
        String version = null;
        boolean sawRuns = false;
        while (json.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = json.currentName();
            json.nextToken();
            if (name.equals("version")) {
                version = json.getValueAsString();
            } else if (name.equals("runs")) {
                JsonReportParser.expect(json, JsonToken.START_ARRAY, file, "runs to be an array");
                sawRuns = true;
                while (json.nextToken() != JsonToken.END_ARRAY) {
                    total = total.plus(parseRun(json, file));
                }
            } else {
                json.skipChildren();
            }
        }
        if (!"2.1.0".equals(version)) {
            throw ReportException.at(file, 0, 0, "SARIF version " + (version == null ? "(none)" : "'" + version + "'")
                    + " is not supported; cicd reads SARIF 2.1.0");
        }
        if (!sawRuns) {
            throw ReportException.at(file, 0, 0, "a SARIF log without runs");
        }
        return total;
    }

    /** Counts one run. Results are grouped by what decides their severity, so rules may come after results. */
    private Measurements.Findings parseRun(JsonParser json, String file) {
        JsonReportParser.expect(json, JsonToken.START_OBJECT, file, "a run object");
        List<List<JsonNode>> rules = new ArrayList<>();
        Map<ResultKey, Long> results = new HashMap<>();
        while (json.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = json.currentName();
            json.nextToken();
            if (name.equals("tool")) {
                rules = rules(JsonReportParser.readTree(json));
            } else if (name.equals("results")) {
                JsonReportParser.expect(json, JsonToken.START_ARRAY, file, "results to be an array");
                while (json.nextToken() != JsonToken.END_ARRAY) {
                    ResultKey key = ResultKey.of(JsonReportParser.readTree(json));
                    if (key != null) {
                        results.merge(key, 1L, Long::sum);
                    }
                }
            } else {
                json.skipChildren();
            }
        }
        long[] counts = new long[4];
        for (Map.Entry<ResultKey, Long> e : results.entrySet()) {
            int bucket = bucket(e.getKey(), rules);
            if (bucket >= 0) {
                counts[bucket] += e.getValue();
            }
        }
        return new Measurements.Findings(counts[0], counts[1], counts[2], counts[3]);
    }

    /** The rules of the driver (index 0 here) and of each extension (index i + 1). */
    private static List<List<JsonNode>> rules(JsonNode tool) {
        List<List<JsonNode>> out = new ArrayList<>();
        out.add(list(tool.path("driver").path("rules")));
        for (JsonNode extension : tool.path("extensions")) {
            out.add(list(extension.path("rules")));
        }
        return out;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** 0 critical, 1 high, 2 medium, 3 low, -1 not counted. */
    private static int bucket(ResultKey key, List<List<JsonNode>> rules) {
        JsonNode rule = key.findRule(rules);
        BigDecimal score = key.securitySeverity() != null ? key.securitySeverity()
                : rule == null ? null : JsonReportParser.number(rule.path("properties").path("security-severity"));
        if (score != null) {
            if (score.compareTo(CRITICAL) >= 0) {
                return 0;
            }
            if (score.compareTo(HIGH) >= 0) {
                return 1;
            }
            return score.compareTo(MEDIUM) >= 0 ? 2 : 3;
        }
        String level = key.level();
        if (level == null && rule != null) {
            level = JsonReportParser.text(rule.path("defaultConfiguration").path("level"));
        }
        return switch (level == null ? "warning" : level) {
            case "error" -> 1;
            case "warning" -> 2;
            case "note" -> 3;
            default -> -1;
        };
    }

    /** What decides a result's severity: its rule (by tool component, index or id), its level and own score. */
    private record ResultKey(int component, int ruleIndex, String ruleId, String level, BigDecimal securitySeverity) {

        /** The key of a result that counts, or null for a passing or suppressed one. */
        static ResultKey of(JsonNode result) {
            String kind = JsonReportParser.text(result.path("kind"));
            if (kind != null && !kind.equals("fail")) {
                return null;
            }
            for (JsonNode suppression : result.path("suppressions")) {
                String status = JsonReportParser.text(suppression.path("status"));
                if (status == null || status.equals("accepted")) {
                    return null;
                }
            }
            JsonNode rule = result.path("rule");
            int component = rule.path("toolComponent").path("index").asInt(-1) + 1;
            int index = result.has("ruleIndex") ? result.path("ruleIndex").asInt(-1) : rule.path("index").asInt(-1);
            String id = JsonReportParser.text(result.path("ruleId"));
            if (id == null) {
                id = JsonReportParser.text(rule.path("id"));
            }
            return new ResultKey(component, index, id, JsonReportParser.text(result.path("level")),
                    JsonReportParser.number(result.path("properties").path("security-severity")));
        }

        JsonNode findRule(List<List<JsonNode>> rules) {
            if (component < rules.size()) {
                List<JsonNode> own = rules.get(component);
                if (ruleIndex >= 0 && ruleIndex < own.size()) {
                    return own.get(ruleIndex);
                }
                JsonNode byId = byId(own);
                if (byId != null) {
                    return byId;
                }
            }
            for (List<JsonNode> component : rules) {
                JsonNode byId = byId(component);
                if (byId != null) {
                    return byId;
                }
            }
            return null;
        }

        private JsonNode byId(List<JsonNode> candidates) {
            if (ruleId == null) {
                return null;
            }
            for (JsonNode r : candidates) {
                if (ruleId.equals(JsonReportParser.text(r.path("id")))) {
                    return r;
                }
            }
            return null;
        }
    }
}
