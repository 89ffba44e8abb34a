package io.cicdmanager.analysis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The {@code data} of a successful Prometheus query, in one shape for all result types: a scalar is one series
 * without labels, a vector has one point per series, a matrix many.
 */
record PrometheusQueryResult(String resultType, List<Series> series) {

    /** One labelled series and its points; values may be NaN or infinite, as Prometheus sent them. */
    record Series(Map<String, String> labels, List<MetricPoint> points) {
        Series {
            labels = Map.copyOf(labels);
            points = List.copyOf(points);
        }
    }

    PrometheusQueryResult {
        series = List.copyOf(series);
    }

    /** Reads a query API {@code data} object; a shape Prometheus does not send is an IllegalArgumentException. */
    static PrometheusQueryResult from(JsonNode data) {
        String type = text(data.path("resultType"), "data.resultType");
        JsonNode result = data.path("result");
        if (!result.isArray()) {
            throw new IllegalArgumentException("data.result is not a list");
        }
        List<Series> series = new ArrayList<>();
        switch (type) {
            case "scalar" -> series.add(new Series(Map.of(), List.of(point(result, "data.result"))));
            // A string is never a metric value; the provider names the result type in its error.
            case "string" -> { }
            case "vector" -> {
                for (JsonNode item : result) {
                    series.add(new Series(labels(item), List.of(point(item.path("value"), "data.result[].value"))));
                }
            }
            case "matrix" -> {
                for (JsonNode item : result) {
                    JsonNode values = item.path("values");
                    if (!values.isArray()) {
                        throw new IllegalArgumentException("data.result[].values is not a list");
                    }
                    List<MetricPoint> points = new ArrayList<>();
                    for (JsonNode value : values) {
                        points.add(point(value, "data.result[].values[]"));
                    }
                    series.add(new Series(labels(item), points));
                }
            }
            default -> throw new IllegalArgumentException("unknown resultType '" + type + "'");
        }
        return new PrometheusQueryResult(type, series);
    }

    private static Map<String, String> labels(JsonNode item) {
        JsonNode metric = item.path("metric");
        if (!metric.isObject()) {
            throw new IllegalArgumentException("data.result[].metric is not an object");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : metric.properties()) {
            labels.put(e.getKey(), e.getValue().asString());
        }
        return labels;
    }

    // Prometheus sends a sample as [seconds since the epoch, "value as text"].
    private static MetricPoint point(JsonNode pair, String where) {
        if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber() || !pair.get(1).isString()) {
            throw new IllegalArgumentException(where + " is not a [time, \"value\"] pair");
        }
        Instant time = Instant.ofEpochMilli(Math.round(pair.get(0).asDouble() * 1000));
        return new MetricPoint(time, parseValue(pair.get(1).asString(), where));
    }

    /** A sample value in Prometheus' text form, which spells infinities {@code +Inf} and {@code -Inf}. */
    static double parseValue(String text, String where) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + " '" + text + "' is not a number", e);
                }
            }
        };
    }

    private static String text(JsonNode node, String where) {
        if (!node.isString()) {
            throw new IllegalArgumentException(where + " is missing");
        }
        return node.asString();
    }
}
