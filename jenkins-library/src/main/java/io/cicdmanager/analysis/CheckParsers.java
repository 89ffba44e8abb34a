package io.cicdmanager.analysis;

import io.cicdmanager.config.ConfigNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a spec's {@code checks:} list with the parsers that know each kind: thresholds ({@code max}/{@code min}),
 * ratios to stable ({@code maxRatioToStable}), the sequential judge ({@code judge: sequential}), pod health and
 * firing alerts.
 */
public final class CheckParsers {
    /** The metrics a threshold or ratio check may name: {@link MetricProvider}'s list. */
    public static final List<String> PROVIDER_METRICS = List.of("error-rate", "p50-latency", "p95-latency",
            "p99-latency", "request-count", "error-count", "slow-count", "histogram-count");

    private final List<CheckParser> parsers;

    public CheckParsers(List<CheckParser> parsers) {
        this.parsers = List.copyOf(parsers);
    }

    /** The kinds this build knows, in the order they are tried. */
    public static CheckParsers standard() {
        return new CheckParsers(List.of(new JudgeParser(), new FiringAlertsParser(), new PodHealthParser(),
                new RatioParser(), new ThresholdParser()));
    }

    /** The same parsers plus {@code more}, tried first. */
    public CheckParsers with(CheckParser... more) {
        List<CheckParser> all = new ArrayList<>(List.of(more));
        all.addAll(parsers);
        return new CheckParsers(all);
    }

    public List<Check> parse(List<ConfigNode> entries) {
        List<Check> checks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode entry : entries) {
            if (!entry.isMap()) {
                throw entry.error("must be a map such as {name: error-rate, metric: error-rate, max: 0.01}");
            }
            String name = entry.optString("name").orElseGet(() -> entry.optString("metric").orElse(""));
            if (name.isBlank()) {
                throw entry.error("needs a name (or at least a metric)");
            }
            if (!names.add(name)) {
                throw entry.get("name").error("'" + name + "' names two checks; names must be unique");
            }
            CheckParser parser = parsers.stream().filter(p -> p.accepts(entry)).findFirst()
                    .orElseThrow(() -> entry.error("is not a check this build knows: give a metric with max or min, "
                            + "maxRatioToStable, judge: sequential, a pod-health metric ("
                            + String.join(", ", PodHealthCheck.METRICS)
                            + ") or metric: firing-alerts with a selector"));
            checks.add(parser.parse(entry, name));
        }
        return checks;
    }

    /**
     * A threshold: a plain number, a percentage ({@code 1%}) or, for latencies, a duration ({@code 1s},
     * {@code 250ms}), in the metric's unit (fractions for rates, seconds for latencies).
     */
    public static double threshold(ConfigNode node) {
        String text = node.asString().trim();
        if (text.endsWith("%")) {
            return numberOrPercent(node);
        }
        try {
            return new BigDecimal(text).doubleValue();
        } catch (NumberFormatException e) {
            Duration d = ConfigNode.parseDuration(text).orElseThrow(() -> node.error("'" + text
                    + "' is not a number, a percentage (1%) or a duration (1s, 250ms)"));
            return d.toNanos() / 1e9;
        }
    }

    /** A plain number, or a percentage written with {@code %} ({@code 0.1%} is 0.001). */
    public static double numberOrPercent(ConfigNode node) {
        String text = node.asString().trim();
        boolean percent = text.endsWith("%");
        String digits = percent ? text.substring(0, text.length() - 1).trim() : text;
        try {
            BigDecimal value = new BigDecimal(digits);
            return percent ? value.doubleValue() / 100 : value.doubleValue();
        } catch (NumberFormatException e) {
            throw node.error("'" + text + "' is not " + (percent ? "a percentage" : "a number (or a percentage such as "
                    + "0.1%)"));
        }
    }

    static Map<String, String> variables(ConfigNode node) {
        Map<String, String> vars = new LinkedHashMap<>();
        node.find("variables").ifPresent(v -> v.fields().forEach((k, value) -> vars.put(k, value.asString())));
        node.optString("le").ifPresent(le -> vars.put("le", String.valueOf(threshold(node.get("le")))));
        return vars;
    }

    static String metric(ConfigNode node) {
        String metric = node.string("metric").trim().toLowerCase(Locale.ROOT);
        if (!PROVIDER_METRICS.contains(metric)) {
            throw node.get("metric").error("'" + metric + "' is not a metric; known: "
                    + String.join(", ", PROVIDER_METRICS) + ", " + String.join(", ", PodHealthCheck.METRICS)
                    + ", " + FiringAlertsCheck.METRIC);
        }
        if (metric.equals("slow-count") && !node.has("le")) {
            throw node.error("slow-count needs le: the latency bound (a histogram bucket), e.g. le: 500ms");
        }
        return metric;
    }

    static Track track(ConfigNode node) {
        return node.enumValue("track", Track.class, Track.CANARY);
    }

    private static double nonNegative(ConfigNode node, String key) {
        double v = threshold(node.get(key));
        if (v < 0 || Double.isNaN(v)) {
            throw node.get(key).error("must not be negative");
        }
        return v;
    }

    private static final class ThresholdParser implements CheckParser {
        @Override
        public boolean accepts(ConfigNode node) {
            return node.has("max") || node.has("min");
        }

        @Override
        public Check parse(ConfigNode node, String name) {
            node.allowOnly("name", "metric", "max", "min", "track", "le", "variables", "confidence");
            if (node.has("max") && node.has("min")) {
                throw node.get("min").error("give max or min, not both: write two checks");
            }
            String metric = metric(node);
            boolean isMax = node.has("max");
            double confidence = node.number("confidence", ThresholdCheck.DEFAULT_CONFIDENCE);
            if (confidence < 0 || confidence >= 1) {
                throw node.get("confidence").error("must be from 0 (plain comparison) to below 1, e.g. 0.999");
            }
            return new ThresholdCheck(name, metric, nonNegative(node, isMax ? "max" : "min"), isMax, track(node),
                    variables(node), confidence);
        }
    }

    private static final class JudgeParser implements CheckParser {
        @Override
        public boolean accepts(ConfigNode node) {
            return node.has("judge");
        }

        @Override
        public Check parse(ConfigNode node, String name) {
            List<String> allowed = new ArrayList<>(List.of("name", "judge", "metric", "le", "variables"));
            allowed.addAll(JudgeSettings.FIELDS);
            node.allowOnly(allowed.toArray(String[]::new));
            String judge = node.string("judge").trim();
            if (!judge.equals("sequential")) {
                throw node.get("judge").error("'" + judge + "' is not a judge this build knows; the one there is: "
                        + "sequential");
            }
            String metric = metric(node);
            if (!SequentialJudgeCheck.METRICS.contains(metric)) {
                throw node.get("metric").error("the judge compares error-rate (5xx answers), p50-latency, "
                        + "p95-latency or p99-latency (a latency quantile), or slow-count (requests slower than le), "
                        + "not " + metric);
            }
            double quantile = SequentialJudgeCheck.quantileOf(metric);
            if (!Double.isNaN(quantile)) {
                if (node.has("le")) {
                    throw node.get("le").error("a latency judge compares whole distributions and needs no bound; "
                            + "give its margins as maxRatio (1.2) or maxIncrease (20% or 50ms)");
                }
                return SequentialJudgeCheck.latency(name, metric, LatencyJudgeSettings.from(node, quantile),
                        variables(node));
            }
            return new SequentialJudgeCheck(name, metric, JudgeSettings.from(node), variables(node));
        }
    }

    private static final class RatioParser implements CheckParser {
        @Override
        public boolean accepts(ConfigNode node) {
            return node.has("maxRatioToStable");
        }

        @Override
        public Check parse(ConfigNode node, String name) {
            node.allowOnly("name", "metric", "maxRatioToStable", "le", "variables");
            double ratio = nonNegative(node, "maxRatioToStable");
            if (ratio == 0) {
                throw node.get("maxRatioToStable").error("must be more than 0 (1 means no worse than stable)");
            }
            return new RatioToStableCheck(name, metric(node), ratio, variables(node));
        }
    }

    private static final class PodHealthParser implements CheckParser {
        @Override
        public boolean accepts(ConfigNode node) {
            return node.find("metric").map(m -> PodHealthCheck.METRICS.contains(m.asString().trim())).orElse(false);
        }

        @Override
        public Check parse(ConfigNode node, String name) {
            node.allowOnly("name", "metric", "max", "track");
            String metric = node.string("metric").trim();
            double max = node.has("max") ? nonNegative(node, "max") : 0;
            return new PodHealthCheck(name, metric, max, track(node));
        }
    }

    private static final class FiringAlertsParser implements CheckParser {
        @Override
        public boolean accepts(ConfigNode node) {
            return node.find("metric").map(m -> m.asString().trim().equals(FiringAlertsCheck.METRIC)).orElse(false);
        }

        @Override
        public Check parse(ConfigNode node, String name) {
            node.allowOnly("name", "metric", "selector", "max");
            String selector = node.string("selector", "severity=\"critical\"");
            if (selector.isBlank()) {
                throw node.get("selector").error("is empty; e.g. severity=\"critical\"");
            }
            double max = node.has("max") ? nonNegative(node, "max") : 0;
            return new FiringAlertsCheck(name, selector, max);
        }
    }
}
