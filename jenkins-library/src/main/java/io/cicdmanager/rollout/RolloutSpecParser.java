package io.cicdmanager.rollout;

import io.cicdmanager.UsageException;
import io.cicdmanager.analysis.AnalysisPolicy;
import io.cicdmanager.analysis.CheckParsers;
import io.cicdmanager.analysis.PrometheusConfig;
import io.cicdmanager.config.ConfigNode;
import io.cicdmanager.config.ConfigReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads and validates a rollout spec (Argo Rollouts' vocabulary) before anything in the cluster changes: every
 * error names the file, the line and the field path, and says what would be right.
 */
public final class RolloutSpecParser {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final CheckParsers checks;
    private final boolean simulatedMetrics;

    public RolloutSpecParser(CheckParsers checks) {
        this(checks, false);
    }

    public RolloutSpecParser() {
        this(CheckParsers.standard());
    }

    private RolloutSpecParser(CheckParsers checks, boolean simulatedMetrics) {
        this.checks = checks;
        this.simulatedMetrics = simulatedMetrics;
    }

    /**
     * A parser for rehearsals, whose metrics come from the simulator: every canary's tracks are measurable, with or
     * without a {@code prometheus:} section, so every canary gets the default judge as {@code cicd canary} gives it
     * to one that reads Prometheus.
     */
    public static RolloutSpecParser forSimulation() {
        return new RolloutSpecParser(CheckParsers.standard(), true);
    }

    public RolloutSpec parseFile(Path file, String displayName) {
        return parseText(ConfigReader.readText(file, displayName), displayName);
    }

    public RolloutSpec parseText(String text, String displayName) {
        return parse(ConfigReader.read(text, displayName), text);
    }

    public RolloutSpec parse(ConfigNode root, String yaml) {
        root.allowOnly("name", "namespace", "deployment", "container", "image", "service", "strategy", "router",
                "prometheus", "progressDeadline", "notify", "onInterrupt");
        String name = dnsLabel(root, "name", 63 - 13);
        String namespace = dnsLabel(root, "namespace", 63);
        String deployment = dnsLabel(root, "deployment", 63 - 7);
        String container = root.optString("container").map(String::trim).orElse(null);
        String image = root.string("image").trim();
        if (image.isEmpty() || image.chars().anyMatch(Character::isWhitespace)) {
            throw root.get("image").error("'" + image + "' is not an image reference such as registry.example/app:1.2.3");
        }
        String service = root.optString("service").map(String::trim).orElse(deployment);
        PrometheusConfig prometheus = root.find("prometheus").map(PrometheusConfig::from).orElse(null);
        StrategySpec strategy = strategy(root.get("strategy"), prometheus != null || simulatedMetrics);
        RouterSpec router = root.find("router").map(RouterKind::parse).orElse(RouterSpec.replicas());
        if (!(strategy instanceof StrategySpec.Canary) && root.has("router")) {
            throw root.get("router").error("only a canary uses a traffic router; " + strategy.kind()
                    + " switches traffic itself");
        }
        Duration deadline = root.duration("progressDeadline", RolloutSpec.DEFAULT_PROGRESS_DEADLINE);
        if (deadline.compareTo(Duration.ofSeconds(1)) < 0) {
            throw root.get("progressDeadline").error("must be at least 1s");
        }
        URI webhook = null;
        if (root.has("notify")) {
            ConfigNode notify = root.get("notify");
            notify.allowOnly("webhook");
            ConfigNode hook = notify.get("webhook");
            try {
                webhook = new URI(hook.asString().trim());
            } catch (URISyntaxException e) {
                throw hook.error("'" + hook.asString() + "' is not a URL");
            }
            if (!"https".equals(webhook.getScheme()) && !"http".equals(webhook.getScheme())) {
                throw hook.error("must be an http:// or https:// URL");
            }
        }
        String interrupt = root.string("onInterrupt", OnInterrupt.ROLLBACK.wireName()).trim();
        OnInterrupt onInterrupt = OnInterrupt.of(interrupt).orElseThrow(() -> root.get("onInterrupt").error("'"
                + interrupt + "' is not rollback or hold"));
        return new RolloutSpec(name, namespace, deployment, container, image, service, strategy, router, prometheus,
                deadline, webhook, yaml, onInterrupt);
    }

    private static String dnsLabel(ConfigNode root, String key, int maxLength) {
        String value = root.string(key).trim();
        if (!DNS_LABEL.matcher(value).matches() || value.length() > maxLength) {
            throw root.get(key).error("'" + value + "' must be a lowercase DNS label (a-z, 0-9, '-') of at most "
                    + maxLength + " characters");
        }
        return value;
    }

    private StrategySpec strategy(ConfigNode node, boolean measurable) {
        node.allowOnly("canary", "blueGreen", "rolling");
        if (node.fields().size() != 1) {
            throw node.error("give exactly one of canary, blueGreen, rolling");
        }
        Map.Entry<String, ConfigNode> only = node.fields().entrySet().iterator().next();
        ConfigNode body = only.getValue();
        return switch (only.getKey()) {
            case "canary" -> canary(body, measurable);
            case "blueGreen" -> blueGreen(body);
            default -> rolling(body);
        };
    }

    /**
     * A canary's steps and analysis. When both tracks are measurable (the spec reads Prometheus, or the metrics are
     * simulated) the analysis gets the sequential judge on error rates unless it says {@code defaultJudge: false}
     * (see {@link AnalysisPolicy#withDefaultJudge()}).
     */
    private StrategySpec canary(ConfigNode node, boolean measurable) {
        node.allowOnly("steps", "analysis");
        List<ConfigNode> stepNodes = node.get("steps").asList();
        if (stepNodes.isEmpty()) {
            throw node.get("steps").error("needs at least one step, e.g. [{setWeight: 10}, {pause: 5m}]");
        }
        List<CanaryStep> steps = new ArrayList<>();
        for (ConfigNode step : stepNodes) {
            steps.add(step(step));
        }
        Optional<ConfigNode> section = node.find("analysis");
        AnalysisPolicy analysis = section.map(a -> AnalysisPolicy.fromCanary(a, checks)).orElse(AnalysisPolicy.none());
        boolean defaultJudge = section.map(a -> a.bool("defaultJudge", true)).orElse(true);
        if (measurable && defaultJudge) {
            analysis = analysis.withDefaultJudge();
        }
        return new StrategySpec.Canary(steps, analysis);
    }

    private static CanaryStep step(ConfigNode step) {
        if (!step.isMap() || step.fields().size() != 1) {
            throw step.error("a step is one of {setWeight: N} or {pause: DURATION} or {pause: {}}");
        }
        Map.Entry<String, ConfigNode> only = step.fields().entrySet().iterator().next();
        ConfigNode value = only.getValue();
        switch (only.getKey()) {
            case "setWeight" -> {
                int weight = value.asInt();
                if (weight < 0 || weight > 100) {
                    throw value.error("must be a percentage from 0 to 100");
                }
                return new CanaryStep.SetWeight(weight);
            }
            case "pause" -> {
                if (value.isNull() || value.isMap() && value.fields().isEmpty()) {
                    return new CanaryStep.Pause(null);
                }
                Duration d = value.isMap() ? value.allowOnly("duration").get("duration").asDuration() : value.asDuration();
                if (d.isNegative() || d.isZero()) {
                    throw value.error("must be a positive duration, or {} to wait for a promote");
                }
                return new CanaryStep.Pause(d);
            }
            default -> throw step.fields().get(only.getKey()).error("unknown step '" + only.getKey()
                    + "'; steps are setWeight and pause");
        }
    }

    private StrategySpec blueGreen(ConfigNode node) {
        node.allowOnly("activeService", "previewService", "autoPromotionEnabled", "autoPromotionSeconds",
                "prePromotionAnalysis", "postPromotionAnalysis", "scaleDownDelaySeconds");
        String active = dnsLabel(node, "activeService", 63);
        String preview = dnsLabel(node, "previewService", 63);
        if (active.equals(preview)) {
            throw node.get("previewService").error("must differ from activeService");
        }
        boolean auto = node.bool("autoPromotionEnabled", true);
        int seconds = node.integer("autoPromotionSeconds", 0);
        if (seconds < 0) {
            throw node.get("autoPromotionSeconds").error("must be 0 or more");
        }
        if (!auto && node.has("autoPromotionSeconds")) {
            throw node.get("autoPromotionSeconds").error("has no effect with autoPromotionEnabled: false");
        }
        int delay = node.integer("scaleDownDelaySeconds", 30);
        if (delay < 0) {
            throw node.get("scaleDownDelaySeconds").error("must be 0 or more");
        }
        return new StrategySpec.BlueGreen(active, preview, auto ? Duration.ofSeconds(seconds) : null,
                node.find("prePromotionAnalysis").map(a -> AnalysisPolicy.from(a, checks)).orElse(AnalysisPolicy.none()),
                node.find("postPromotionAnalysis").map(a -> AnalysisPolicy.from(a, checks)).orElse(AnalysisPolicy.none()),
                Duration.ofSeconds(delay));
    }

    private StrategySpec rolling(ConfigNode node) {
        if (node.isNull() || node.isMap() && node.fields().isEmpty()) {
            return new StrategySpec.Rolling(null, null, AnalysisPolicy.none());
        }
        node.allowOnly("maxSurge", "maxUnavailable", "analysis");
        return new StrategySpec.Rolling(intOrPercent(node, "maxSurge"), intOrPercent(node, "maxUnavailable"),
                node.find("analysis").map(a -> AnalysisPolicy.from(a, checks)).orElse(AnalysisPolicy.none()));
    }

    private static String intOrPercent(ConfigNode node, String key) {
        return node.optString(key).map(String::trim).map(v -> {
            if (!v.matches("\\d+%?")) {
                throw node.get(key).error("'" + v + "' must be a number of pods or a percentage such as 25%");
            }
            return v;
        }).orElse(null);
    }

    /** Turns a parse failure of text that came from flags into an error naming the flags. */
    public static UsageException fromFlags(UsageException e) {
        return new UsageException(e.getMessage().replaceFirst("^arguments:\\d+(:\\d+)?: ", "arguments: "), e);
    }
}
