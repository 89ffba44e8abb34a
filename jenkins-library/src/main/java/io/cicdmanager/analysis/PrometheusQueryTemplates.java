package io.cicdmanager.analysis;

import io.cicdmanager.UsageException;
import io.cicdmanager.config.ConfigNode;
import io.cicdmanager.config.ConfigReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL behind each metric name: the templates of one profile in {@code queries.yaml}, with the spec's own
 * {@code queries} laid over them, rendered with label values escaped for PromQL strings.
 */
public final class PrometheusQueryTemplates {
    /** Where the shipped templates live, on the classpath and under the repository's {@code resources/}. */
    public static final String RESOURCE = "io/cicdmanager/analysis/queries.yaml";
    /** The helper query that lists the latency histogram's bucket bounds; not a metric of its own. */
    public static final String BUCKET_BOUNDS = "bucket-bounds";
    /** The raw counter selectors the judge reads sample by sample; not metrics of their own either. */
    public static final List<String> RAW_COUNTERS = List.of(MetricProvider.REQUEST_COUNTERS,
            MetricProvider.ERROR_COUNTERS, MetricProvider.LATENCY_BUCKETS);
    /** Every variable a template may use. */
    public static final List<String> VARIABLES = List.of("namespace", "service", "track", "window", "le", "selector",
            "namespaceLabel", "serviceLabel", "trackLabel");
    // Values that end up inside a PromQL string literal; the others are PromQL syntax and are validated instead.
    private static final Set<String> QUOTED = Set.of("namespace", "service", "track", "le");
    // "$${" is a literal "${"; "${" starts a variable that must be closed.
    private static final Pattern VARIABLE = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z0-9_]*)(})?");

    private static final class Shipped {
        static final Map<String, Map<String, String>> PROFILES = load();
    }

    private final String profile;
    private final Map<String, String> templates;

    private PrometheusQueryTemplates(String profile, Map<String, String> templates) {
        this.profile = profile;
        this.templates = Map.copyOf(templates);
    }

    /** The templates of the config's profile with the config's own queries replacing or adding entries. */
    public static PrometheusQueryTemplates forConfig(PrometheusConfig config) {
        Map<String, String> shipped = Shipped.PROFILES.get(config.profile());
        if (shipped == null) {
            throw new UsageException("prometheus.profile: '" + config.profile() + "' is not one of "
                    + String.join(", ", new TreeSet<>(Shipped.PROFILES.keySet())));
        }
        Map<String, String> merged = new LinkedHashMap<>(shipped);
        config.queries().forEach((metric, template) -> {
            List<String> problems = problemsIn(template);
            if (!problems.isEmpty()) {
                throw new UsageException("prometheus.queries." + metric + ": " + String.join("; ", problems));
            }
            merged.put(metric, template);
        });
        return new PrometheusQueryTemplates(config.profile(), merged);
    }

    /** The profiles shipped in {@link #RESOURCE}, by name. */
    static Set<String> shippedProfiles() {
        return Shipped.PROFILES.keySet();
    }

    public String profile() {
        return profile;
    }

    /** The metric names this set answers, sorted. */
    public Set<String> metrics() {
        Set<String> names = new TreeSet<>(templates.keySet());
        names.remove(BUCKET_BOUNDS);
        names.removeAll(RAW_COUNTERS);
        return names;
    }

    /** Whether the metric's template uses a variable, so that work to find its value can be skipped when not. */
    public boolean uses(String metric, String variable) {
        Matcher m = VARIABLE.matcher(template(metric));
        while (m.find()) {
            if (variable.equals(m.group(1))) {
                return true;
            }
        }
        return false;
    }

    /** The raw template of a metric; an unknown metric is a usage error naming the known ones. */
    public String template(String metric) {
        String template = templates.get(metric);
        if (template == null) {
            throw new UsageException("no Prometheus query for the metric '" + metric + "' in the profile '" + profile
                    + "'; known metrics: " + String.join(", ", metrics())
                    + "; add one under prometheus.queries." + metric);
        }
        return template;
    }

    /**
     * The metric's PromQL with every variable replaced: label values escaped for a double-quoted PromQL string,
     * the other variables (durations, label names, selectors) inserted as they are, so callers validate those.
     */
    public String render(String metric, Map<String, String> values) {
        String template = template(metric);
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (name == null) {
                replacement = "${";
            } else {
                String value = values.get(name);
                if (value == null) {
                    throw new UsageException("the Prometheus query for " + metric + " uses ${" + name
                            + "}, which has no value here" + hintFor(name));
                }
                replacement = QUOTED.contains(name) ? quote(value) : value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String hintFor(String variable) {
        return switch (variable) {
            case "le" -> ": give the latency bound in seconds, one of the histogram's bucket bounds (such as 0.5)";
            case "namespace", "service" -> ": the rollout must name its " + variable;
            default -> "";
        };
    }

    /**
     * What is wrong with a template's variables (unknown names, an unclosed {@code ${}), one entry per problem;
     * empty when it is fine. The spec reader reports these with the file and line of the query.
     */
    public static List<String> problemsIn(String template) {
        List<String> problems = new ArrayList<>();
        Matcher m = VARIABLE.matcher(template);
        while (m.find()) {
            String name = m.group(1);
            if (name == null) {
                continue;
            }
            if (m.group(2) == null) {
                problems.add("'${" + name + "' is not closed with '}' (write $${ for a literal ${)");
            } else if (!VARIABLES.contains(name)) {
                problems.add("unknown variable ${" + name + "}; known: " + String.join(", ", VARIABLES)
                        + " (write $${ for a literal ${)");
            }
        }
        return problems;
    }

    /**
     * Escapes text for the inside of a double-quoted PromQL string: backslash, double quote and control
     * characters, which would otherwise end the string or break the query.
     */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** A duration in Prometheus' syntax, such as {@code 1m30s} or {@code 250ms}; Prometheus counts in milliseconds. */
    public static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis <= 0) {
            throw new IllegalArgumentException("a Prometheus duration must be at least 1ms, not " + duration);
        }
        StringBuilder out = new StringBuilder();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            long n = millis / sizes[i];
            if (n > 0) {
                out.append(n).append(units[i]);
                millis -= n * sizes[i];
            }
        }
        return out.toString();
    }

    private static Map<String, Map<String, String>> load() {
        String text;
        try (InputStream in = PrometheusQueryTemplates.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return parse(ConfigReader.read(text, RESOURCE));
    }

    /** Reads a templates document: profile name to metric name to template, every template checked. */
    static Map<String, Map<String, String>> parse(ConfigNode root) {
        Map<String, Map<String, String>> profiles = new LinkedHashMap<>();
        root.fields().forEach((profile, metrics) -> {
            Map<String, String> templates = new LinkedHashMap<>();
            metrics.fields().forEach((metric, node) -> {
                String template = node.asString();
                List<String> problems = problemsIn(template);
                if (!problems.isEmpty()) {
                    throw node.error(String.join("; ", problems));
                }
                templates.put(metric, template);
            });
            profiles.put(profile, Map.copyOf(templates));
        });
        return Map.copyOf(profiles);
    }
}
