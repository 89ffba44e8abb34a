package io.cicdmanager.analysis;

import io.cicdmanager.config.ConfigNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a rollout's metrics come from and how to ask for them: the spec's {@code prometheus:} section.
 *
 * <p>{@code profile} names a set of query templates shipped in {@code resources/io/cicdmanager/analysis/} for a
 * common instrumentation ({@code code}: {@code http_requests_total{code=…}}; {@code status}:
 * {@code http_requests_total{status=…}}); {@code queries} overrides single metrics with PromQL templates of the
 * user's own. {@code labels} names the labels that carry the namespace, service and track, and the pod that
 * tells a track's series apart. The bearer token is read from the environment variable {@code tokenEnv}, never from
 * the spec. {@code lag} is how far behind now the judge reads raw counters (see {@link MetricProvider#ingestionLag}).
 */
public record PrometheusConfig(URI url, String profile, Map<String, String> queries, String tokenEnv,
        Duration timeout, Map<String, String> labels, Duration lag) {

    public static final List<String> PROFILES = List.of("code", "status");
    public static final String DEFAULT_TOKEN_ENV = "PROMETHEUS_TOKEN";
    /** A scrape in progress is in Prometheus within a second or two; remote storage may need more. */
    public static final Duration DEFAULT_LAG = Duration.ofSeconds(5);
    private static final List<String> LABEL_KEYS = List.of("namespace", "service", "track", "pod");

    public PrometheusConfig {
        queries = Map.copyOf(queries);
        labels = Map.copyOf(labels);
        if (lag.isNegative()) {
            throw new IllegalArgumentException("prometheus.lag must not be negative: " + lag);
        }
    }

    /** The section with the default lag. */
    public PrometheusConfig(URI url, String profile, Map<String, String> queries, String tokenEnv, Duration timeout,
            Map<String, String> labels) {
        this(url, profile, queries, tokenEnv, timeout, labels, DEFAULT_LAG);
    }

    /** The defaults for a Prometheus at {@code url}. */
    public static PrometheusConfig at(URI url) {
        return new PrometheusConfig(url, "code", Map.of(), DEFAULT_TOKEN_ENV, Duration.ofSeconds(5), defaultLabels());
    }

    /** The label that names a series' pod. */
    public String podLabel() {
        return labels.getOrDefault("pod", "pod");
    }

    private static Map<String, String> defaultLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String key : LABEL_KEYS) {
            labels.put(key, key);
        }
        return labels;
    }

    /** Reads and validates a {@code prometheus:} section. */
    public static PrometheusConfig from(ConfigNode node) {
        node.allowOnly("url", "profile", "queries", "tokenEnv", "timeout", "labels", "lag");
        ConfigNode urlNode = node.get("url");
        URI url;
        try {
            url = new URI(urlNode.asString().trim());
        } catch (URISyntaxException e) {
            throw urlNode.error("'" + urlNode.asString() + "' is not a URL");
        }
        if (url.getScheme() == null || !List.of("http", "https").contains(url.getScheme()) || url.getHost() == null) {
            throw urlNode.error("'" + urlNode.asString() + "' must be an http:// or https:// URL with a host");
        }
        if (url.getUserInfo() != null) {
            throw urlNode.error("must not carry credentials; put the token in the environment variable named by tokenEnv");
        }
        String profile = node.string("profile", "code");
        if (!PROFILES.contains(profile)) {
            throw node.get("profile").error("'" + profile + "' is not one of " + String.join(", ", PROFILES));
        }
        Map<String, String> queries = new LinkedHashMap<>();
        node.find("queries").ifPresent(q -> q.fields().forEach((metric, template) -> {
            if (template.asString().isBlank()) {
                throw template.error("is empty");
            }
            List<String> problems = PrometheusQueryTemplates.problemsIn(template.asString());
            if (!problems.isEmpty()) {
                throw template.error(String.join("; ", problems));
            }
            queries.put(metric, template.asString());
        }));
        String tokenEnv = node.string("tokenEnv", DEFAULT_TOKEN_ENV);
        if (!tokenEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw node.get("tokenEnv").error("'" + tokenEnv + "' is not an environment variable name");
        }
        Duration timeout = node.duration("timeout", Duration.ofSeconds(5));
        if (timeout.isZero() || timeout.isNegative()) {
            throw node.get("timeout").error("must be positive");
        }
        Duration lag = node.duration("lag", DEFAULT_LAG);
        if (lag.isNegative()) {
            throw node.get("lag").error("must not be negative");
        }
        Map<String, String> labels = defaultLabels();
        node.find("labels").ifPresent(l -> {
            l.allowOnly(LABEL_KEYS.toArray(String[]::new));
            l.fields().forEach((key, value) -> {
                if (!value.asString().matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                    throw value.error("'" + value.asString() + "' is not a Prometheus label name");
                }
                labels.put(key, value.asString());
            });
        });
        return new PrometheusConfig(url, profile, queries, tokenEnv, timeout, labels, lag);
    }
}
