package io.cicdmanager.gate;

import java.math.BigDecimal;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Reads k6's {@code --summary-export} JSON (and the {@code handleSummary} data, whose figures sit under
 * {@code values}): the 95th percentile of {@code http_req_duration} in milliseconds and the share of failed
 * requests from {@code http_req_failed}, in percent.
 */
final class K6SummaryParser implements JsonReportParser {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    @Override
    public Measurements parse(JsonParser json, String file) {
        JsonReportParser.expect(json, JsonToken.START_OBJECT, file, "a k6 summary object");
        JsonNode duration = null;
        JsonNode failed = null;
        while (json.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = json.currentName();
            json.nextToken();
            if (name.equals("metrics") && json.currentToken() == JsonToken.START_OBJECT) {
                while (json.nextToken() == JsonToken.PROPERTY_NAME) {
                    String metric = json.currentName();
                    json.nextToken();
                    if (metric.equals("http_req_duration")) {
                        duration = values(JsonReportParser.readTree(json));
                    } else if (metric.equals("http_req_failed")) {
                        failed = values(JsonReportParser.readTree(json));
                    } else {
                        json.skipChildren();
                    }
                }
            } else {
                json.skipChildren();
            }
        }
        if (duration == null) {
            throw ReportException.at(file, 0, 0, "no http_req_duration metric: not a k6 summary of an HTTP test");
        }
        BigDecimal p95 = JsonReportParser.number(duration.path("p(95)"));
        if (p95 == null) {
            throw ReportException.at(file, 0, 0, "http_req_duration has no p(95); run k6 with "
                    + "--summary-trend-stats that include p(95)");
        }
        if (failed == null) {
            throw ReportException.at(file, 0, 0, "no http_req_failed metric: cannot tell the error rate");
        }
        return new Measurements.Load(p95, errorRate(failed, file));
    }

    private static JsonNode values(JsonNode metric) {
        return metric.path("values").isObject() ? metric.path("values") : metric;
    }

    /** The failed share in percent: k6's rate ({@code value} or {@code rate}), else passes over passes + fails. */
    private static BigDecimal errorRate(JsonNode failed, String file) {
        BigDecimal rate = JsonReportParser.number(failed.path("value"));
        if (rate == null) {
            rate = JsonReportParser.number(failed.path("rate"));
        }
        if (rate != null) {
            return rate.multiply(HUNDRED);
        }
        BigDecimal passes = JsonReportParser.number(failed.path("passes"));
        BigDecimal fails = JsonReportParser.number(failed.path("fails"));
        if (passes == null || fails == null || passes.add(fails).signum() == 0) {
            throw ReportException.at(file, 0, 0, "http_req_failed has neither a rate nor passes and fails");
        }
        // For http_req_failed a "pass" is a failed request: the metric counts true values.
        return passes.multiply(HUNDRED).divide(passes.add(fails), 6, java.math.RoundingMode.UP);
    }
}
