package io.cicdmanager.analysis;

import io.cicdmanager.DependencyUnreachableException;
import io.cicdmanager.UsageException;
import io.cicdmanager.config.ConfigNode;
import io.cicdmanager.json.ObjectMappers;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A {@link MetricProvider} that asks Prometheus over its HTTP API: it renders the metric's query template, runs it
 * at the query's end time (or over a range), and turns the answer into one number, or no data.
 *
 * <p>A query Prometheus rejects is a usage error naming the metric, the query and Prometheus' reason; a
 * Prometheus that cannot be reached, times out or fails is a {@link DependencyUnreachableException} naming its
 * URL. The bearer token goes into the Authorization header and nowhere else: not in logs, not in messages.
 * Holds no state between queries, so one instance may serve several checks at once.
 */
public final class PrometheusMetricProvider implements MetricProvider {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusMetricProvider.class);
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final String MATCHER = "\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*(?:=~|!~|!=|=)\\s*"
            + "(?:\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*')\\s*";
    // Only label matchers may reach the firing-alerts query: anything else could change what the query means.
    private static final Pattern SELECTOR = Pattern.compile("\\s*(?:" + MATCHER + "(?:," + MATCHER + ")*,?\\s*)?");
    private static final int MAX_ERROR_TEXT = 300;

    private final PrometheusConfig config;
    private final String token;
    private final HttpClient http;
    private final PrometheusQueryTemplates templates;
    private final String baseUrl;

    public PrometheusMetricProvider(PrometheusConfig config, String bearerTokenOrNull, HttpClient http) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = Objects.requireNonNull(http, "http");
        this.token = bearerTokenOrNull == null || bearerTokenOrNull.isBlank() ? null : bearerTokenOrNull.strip();
        if (token != null && !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // Said without the value: the token must not reach a message even when it is malformed.
            throw new UsageException("the bearer token in the environment variable " + config.tokenEnv()
                    + " contains characters an HTTP header cannot carry (spaces, line breaks or non-ASCII)");
        }
        config.labels().forEach((key, name) -> {
            if (!LABEL_NAME.matcher(name).matches()) {
                throw new UsageException("prometheus.labels." + key + ": '" + name + "' is not a Prometheus label name");
            }
        });
        this.templates = PrometheusQueryTemplates.forConfig(config);
        String url = config.url().toString();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * How far before a window the raw samples are read, so that every series that existed at its start has a
     * sample there (Prometheus' own lookback for instant queries is 5 minutes too).
     */
    static final Duration LOOKBACK = Duration.ofMinutes(5);
    // A raw counter template must select series, nothing more: the provider appends the range.
    private static final Pattern SERIES_SELECTOR = Pattern.compile("\\s*[a-zA-Z_:][a-zA-Z0-9_:]*\\s*(\\{.*})?\\s*",
            Pattern.DOTALL);

    /** The templates this provider renders, after the spec's overrides. */
    public PrometheusQueryTemplates templates() {
        return templates;
    }

    @Override
    public MetricSample query(MetricQuery query) {
        Prepared prepared = prepare(query);
        if (prepared.nothingToAsk()) {
            return MetricSample.noData(query, prepared.promql());
        }
        String promql = prepared.promql();
        PrometheusQueryResult result = call("query", query, promql, Map.of("time", seconds(query.end())));
        return switch (result.resultType()) {
            case "vector", "scalar" -> {
                PrometheusQueryResult.Series series = onlySeries(query, promql, result);
                if (series == null) {
                    yield MetricSample.noData(query, promql);
                }
                double value = series.points().get(0).value();
                yield Double.isFinite(value) ? MetricSample.of(query, value, promql) : MetricSample.noData(query, promql);
            }
            case "matrix" -> throw new UsageException(describe(query) + ": the query returned a range vector, not one "
                    + "number: wrap the range in a function such as rate() or increase(); query: " + promql);
            default -> throw new UsageException(describe(query) + ": the query returned a " + result.resultType()
                    + ", not a number; query: " + promql);
        };
    }

    @Override
    public Duration ingestionLag() {
        return config.lag();
    }

    /** Raw counters: this backend gives them, by {@link #increases}. */
    @Override
    public Optional<RawCounters> rawCounters() {
        return Optional.of(this::increases);
    }

    /**
     * Asks for the raw samples of every series the counter template selects, over the window and
     * {@link #LOOKBACK} before it ({@code selector[range]}, evaluated at the window's end), and differences them
     * per series with {@link CounterSamples#increases}.
     */
    public List<SeriesIncreases> increases(MetricQuery query, Duration step) {
        long steps = step.toMillis() <= 0 ? 0 : query.window().toMillis() / step.toMillis();
        if (steps < 1 || query.window().toMillis() % step.toMillis() != 0) {
            throw new IllegalArgumentException("a window of " + query.window() + " is no whole number of steps of "
                    + step);
        }
        String selector = templates.render(query.metric(), values(query)).strip();
        if (!SERIES_SELECTOR.matcher(selector).matches()) {
            throw new UsageException(describe(query) + ": the query must select raw counter series, such as "
                    + "http_requests_total{track=\"${track}\"}, nothing more (the judge reads their samples and "
                    + "differences them itself); query: " + selector);
        }
        String promql = selector + "[" + PrometheusQueryTemplates.duration(query.window().plus(LOOKBACK)) + "]";
        PrometheusQueryResult result = call("query", query, promql, Map.of("time", seconds(query.end())));
        if (!result.resultType().equals("matrix")) {
            throw new UsageException(describe(query) + ": the query returned a " + result.resultType()
                    + ", not raw samples; query: " + promql);
        }
        List<SeriesIncreases> out = new ArrayList<>();
        String podLabel = config.podLabel();
        for (PrometheusQueryResult.Series series : result.series()) {
            Map<String, String> labels = series.labels();
            if (!podLabel.equals("pod") && labels.containsKey(podLabel)) {
                // The judge tells pods apart by "pod": the spec's own pod label is read as that.
                labels = new HashMap<>(labels);
                labels.put("pod", labels.get(podLabel));
            }
            out.add(new SeriesIncreases(labels, CounterSamples.increases(series.points(), query.end(), step,
                    (int) steps)));
        }
        return out;
    }

    /**
     * The metric at each {@code step} from {@code start} to the query's end, each point computed over the query's
     * window. Points where Prometheus has no finite value are left out; no data at all is an empty list.
     */
    public List<MetricPoint> queryRange(MetricQuery query, Instant start, Duration step) {
        if (!start.isBefore(query.end())) {
            throw new IllegalArgumentException("a range must start before it ends: " + start + " is not before " + query.end());
        }
        if (step.toMillis() <= 0) {
            throw new IllegalArgumentException("a range step must be at least 1ms, not " + step);
        }
        Prepared prepared = prepare(query);
        if (prepared.nothingToAsk()) {
            return List.of();
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("start", seconds(start));
        params.put("end", seconds(query.end()));
        params.put("step", decimalSeconds(step.toMillis()));
        PrometheusQueryResult result = call("query_range", query, prepared.promql(), params);
        PrometheusQueryResult.Series series = onlySeries(query, prepared.promql(), result);
        if (series == null) {
            return List.of();
        }
        return series.points().stream().filter(p -> Double.isFinite(p.value())).toList();
    }

    /**
     * The PromQL a query runs; or, when there is nothing to ask yet, the query that found so: for
     * {@code slow-count}, the one that found no latency histogram for the track, hence no bucket for the bound.
     */
    private record Prepared(String promql, boolean nothingToAsk) {
    }

    private Prepared prepare(MetricQuery query) {
        String metric = query.metric();
        templates.template(metric);
        Map<String, String> values = values(query);
        if (templates.uses(metric, "le")) {
            String boundsQuery = templates.render(PrometheusQueryTemplates.BUCKET_BOUNDS, values);
            Optional<String> le = bucketBound(query, boundsQuery);
            if (le.isEmpty()) {
                return new Prepared(boundsQuery, true);
            }
            values.put("le", le.get());
        }
        return new Prepared(templates.render(metric, values), false);
    }

    private Map<String, String> values(MetricQuery query) {
        Map<String, String> values = new HashMap<>();
        for (String name : List.of("namespace", "service")) {
            String value = query.variables().get(name);
            if (value != null) {
                values.put(name, value);
            }
        }
        values.put("track", query.track().label());
        if (query.window().toMillis() <= 0) {
            throw new UsageException(describe(query) + ": the analysis window must be at least 1ms, not " + query.window());
        }
        values.put("window", PrometheusQueryTemplates.duration(query.window()));
        for (String key : List.of("namespace", "service", "track")) {
            values.put(key + "Label", config.labels().getOrDefault(key, key));
        }
        String selector = query.variables().getOrDefault("selector", "");
        if (!SELECTOR.matcher(selector).matches()) {
            throw new UsageException(describe(query) + ": the selector '" + selector + "' is not a list of label "
                    + "matchers such as severity=\"critical\", team=~\"pay.*\"");
        }
        values.put("selector", selector);
        return values;
    }

    /**
     * Finds the histogram bucket whose bound is the {@code le} the query asks about, and returns its label text
     * exactly as the client library wrote it (one writes {@code 1.0}, another {@code 1}). Empty when the histogram
     * has no series yet; a bound that is not a bucket is a usage error listing the bounds there are.
     */
    private Optional<String> bucketBound(MetricQuery query, String promql) {
        String requested = query.variables().get("le");
        if (requested == null || requested.isBlank()) {
            throw new UsageException(describe(query) + " needs the variable le: the latency bound in seconds, one "
                    + "of the histogram's bucket bounds (such as 0.5)");
        }
        double bound = parseBound(query, requested.strip());
        PrometheusQueryResult result = call("query", query, promql, Map.of("time", seconds(query.end())));
        Map<Double, String> bounds = new TreeMap<>();
        for (PrometheusQueryResult.Series series : result.series()) {
            String le = series.labels().get("le");
            if (le != null) {
                try {
                    bounds.put(PrometheusQueryResult.parseValue(le, "le"), le);
                } catch (IllegalArgumentException e) {
                    LOG.debug("ignoring the bucket label le=\"{}\", which is not a number", le);
                }
            }
        }
        if (bounds.isEmpty()) {
            return Optional.empty();
        }
        for (Map.Entry<Double, String> e : bounds.entrySet()) {
            if (Math.abs(e.getKey() - bound) <= 1e-9 * Math.max(1.0, bound)) {
                return Optional.of(e.getValue());
            }
        }
        List<String> known = new ArrayList<>();
        bounds.forEach((value, text) -> {
            if (Double.isFinite(value)) {
                known.add(text);
            }
        });
        throw new UsageException(describe(query) + ": le " + requested + " is not a bucket bound of the latency "
                + "histogram, so requests slower than it cannot be counted; its bounds are " + String.join(", ", known)
                + " (seconds): choose one of them");
    }

    private static double parseBound(MetricQuery query, String text) {
        double seconds;
        if (text.matches("\\d+(\\.\\d*)?([eE][-+]?\\d+)?|\\.\\d+")) {
            seconds = Double.parseDouble(text);
        } else {
            seconds = ConfigNode.parseDuration(text).map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
        }
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new UsageException(describe(query) + ": le '" + text + "' is not a positive number of seconds "
                    + "(such as 0.5) or a duration (such as 500ms)");
        }
        return seconds;
    }

    private static PrometheusQueryResult.Series onlySeries(MetricQuery query, String promql, PrometheusQueryResult result) {
        List<PrometheusQueryResult.Series> series = result.series();
        if (series.isEmpty()) {
            return null;
        }
        if (series.size() > 1) {
            throw new UsageException(describe(query) + ": the query returned " + series.size() + " series (the first "
                    + "is " + series.get(0).labels() + "), not one number: aggregate them, for example with sum(); "
                    + "query: " + promql);
        }
        return series.get(0);
    }

    private PrometheusQueryResult call(String endpoint, MetricQuery query, String promql, Map<String, String> extra) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("query", promql);
        params.putAll(extra);
        params.put("timeout", PrometheusQueryTemplates.duration(config.timeout()));
        StringBuilder uri = new StringBuilder(baseUrl).append("/api/v1/").append(endpoint);
        char separator = '?';
        for (Map.Entry<String, String> p : params.entrySet()) {
            uri.append(separator).append(p.getKey()).append('=').append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        String where = baseUrl + "/api/v1/" + endpoint;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri.toString()))
                .timeout(config.timeout())
                .header("Accept", "application/json")
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        LOG.debug("{} {} {}", where, describe(query), promql);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw unreachable("Prometheus at " + where + " did not answer within "
                    + PrometheusQueryTemplates.duration(config.timeout()) + " (prometheus.timeout) for "
                    + describe(query) + "; query: " + promql, e);
        } catch (IOException e) {
            throw unreachable("Prometheus at " + where + " cannot be reached (" + e + ") for "
                    + describe(query) + "; query: " + promql, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable("interrupted while asking Prometheus at " + where + " for " + describe(query), e);
        }
        return read(where, query, promql, response);
    }

    private PrometheusQueryResult read(String where, MetricQuery query, String promql, HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode body;
        try {
            body = ObjectMappers.json().readTree(response.body());
        } catch (JacksonException e) {
            body = null;
        }
        String context = " for " + describe(query) + "; query: " + promql;
        if (body == null || !body.path("status").isString()) {
            if (status == 401 || status == 403) {
                throw unreachable("Prometheus at " + where + " refused the request: HTTP " + status + "; "
                        + (token == null ? "no bearer token was given: set the environment variable " + config.tokenEnv()
                                : "check the bearer token in the environment variable " + config.tokenEnv()) + context, null);
            }
            throw unreachable("Prometheus at " + where + " answered HTTP " + status + " with something that is not "
                    + "a Prometheus API response (" + excerpt(response.body()) + ")" + context, null);
        }
        if ("success".equals(body.path("status").asString()) && status / 100 == 2) {
            warnings(body, query);
            try {
                return PrometheusQueryResult.from(body.path("data"));
            } catch (IllegalArgumentException e) {
                throw unreachable("Prometheus at " + where + " answered with a malformed result (" + e.getMessage()
                        + ")" + context, e);
            }
        }
        String errorType = body.path("errorType").asString("unknown");
        String error = excerpt(body.path("error").asString(""));
        String reason = "HTTP " + status + " " + errorType + ": " + error;
        if (status == 400 || status == 422 || "bad_data".equals(errorType) || "execution".equals(errorType)) {
            throw new UsageException(redact("Prometheus rejected the query for " + describe(query) + ": " + reason
                    + "; query: " + promql));
        }
        throw unreachable("Prometheus at " + where + " failed the query for " + describe(query) + " (" + reason
                + "); query: " + promql, null);
    }

    private void warnings(JsonNode body, MetricQuery query) {
        for (JsonNode warning : body.path("warnings")) {
            LOG.warn("Prometheus warns about {}: {}", describe(query), redact(excerpt(warning.asString(""))));
        }
    }

    private DependencyUnreachableException unreachable(String message, Exception cause) {
        return new DependencyUnreachableException(redact(message), cause);
    }

    private String redact(String text) {
        return token == null ? text : text.replace(token, "[redacted]");
    }

    private static String excerpt(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_ERROR_TEXT ? oneLine : oneLine.substring(0, MAX_ERROR_TEXT) + "…";
    }

    private static String describe(MetricQuery query) {
        return query.metric() + " (" + query.track().label() + ")";
    }

    private static String seconds(Instant instant) {
        return decimalSeconds(instant.toEpochMilli());
    }

    private static String decimalSeconds(long millis) {
        return BigDecimal.valueOf(millis).movePointLeft(3).stripTrailingZeros().toPlainString();
    }
}
