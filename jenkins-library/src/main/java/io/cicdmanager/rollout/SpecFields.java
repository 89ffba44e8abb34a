package io.cicdmanager.rollout;

import io.cicdmanager.UsageException;
import io.cicdmanager.json.ObjectMappers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rollout spec given field by field (the flags of {@code cicd canary}, {@code bluegreen} and {@code rolling}),
 * read into the same {@link RolloutSpec} a spec file gives, with the same checks: a field that is wrong is named as
 * its flag. Null fields are not given; {@code steps} and {@code checks} are written as on the command line
 * ({@code 5,pause=15m,25,pause}; {@code error-rate<=1%}, {@code p95-latency<=2x}).
 */
public record SpecFields(String name, String namespace, String deployment, String container, String image,
        String service, String progressDeadline, String prometheusUrl, String interval, List<String> checks,
        String latencyJudge, boolean noDefaultJudge, Integer failureLimit, Integer inconclusiveLimit,
        String onInconclusive, String steps, String router, String virtualService, String httpRoute, String ingress,
        String stableService, String canaryService, String activeService, String previewService,
        Integer autoPromotionSeconds, boolean noAutoPromotion, Integer scaleDownDelaySeconds, String maxSurge,
        String maxUnavailable) {

    /** The canary's steps when none are given. */
    public static final String DEFAULT_STEPS = "10,pause=5m,50,pause=5m";
    private static final Pattern CHECK = Pattern.compile("\\s*([a-z0-9-]+)\\s*(<=|>=)\\s*(.+?)\\s*");

    public SpecFields {
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** The spec of a {@code strategy} rollout ({@code canary}, {@code blueGreen}, {@code rolling}) these fields give. */
    public RolloutSpec parse(String strategy) {
        if (deployment == null || image == null) {
            throw new UsageException("give --spec FILE, or at least --deployment and --image");
        }
        String yaml = ObjectMappers.yaml().writeValueAsString(tree(strategy));
        try {
            return new RolloutSpecParser().parseText(yaml, "arguments");
        } catch (UsageException e) {
            throw RolloutSpecParser.fromFlags(e);
        }
    }

    private Map<String, Object> tree(String strategy) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", name == null ? deployment : name);
        spec.put("namespace", namespace == null ? "default" : namespace);
        spec.put("deployment", deployment);
        putIf(spec, "container", container);
        spec.put("image", image);
        putIf(spec, "service", service);
        putIf(spec, "progressDeadline", progressDeadline);
        if (prometheusUrl != null) {
            spec.put("prometheus", Map.of("url", prometheusUrl));
        }
        Map<String, Object> analysis = new LinkedHashMap<>();
        putIf(analysis, "interval", interval);
        List<Map<String, Object>> all = new ArrayList<>(checks.stream().map(SpecFields::check).toList());
        if (latencyJudge != null) {
            all.add(Map.of("name", "latency-vs-stable", "judge", "sequential", "metric", "slow-count", "le",
                    latencyJudge));
        }
        if (!all.isEmpty()) {
            analysis.put("checks", all);
        }
        if (noDefaultJudge) {
            analysis.put("defaultJudge", false);
        }
        putIf(analysis, "failureLimit", failureLimit);
        putIf(analysis, "inconclusiveLimit", inconclusiveLimit);
        putIf(analysis, "onInconclusive", onInconclusive);
        Map<String, Object> body = new LinkedHashMap<>();
        switch (strategy) {
            case "canary" -> {
                body.put("steps", steps(steps == null ? DEFAULT_STEPS : steps));
                if (!analysis.isEmpty()) {
                    body.put("analysis", analysis);
                }
                Map<String, Object> routerSpec = new LinkedHashMap<>();
                putIf(routerSpec, "type", router);
                putIf(routerSpec, "virtualService", virtualService);
                putIf(routerSpec, "httpRoute", httpRoute);
                putIf(routerSpec, "ingress", ingress);
                putIf(routerSpec, "stableService", stableService);
                putIf(routerSpec, "canaryService", canaryService);
                if (!routerSpec.isEmpty()) {
                    spec.put("router", routerSpec);
                }
            }
            case "blueGreen" -> {
                putIf(body, "activeService", activeService);
                putIf(body, "previewService", previewService);
                if (noAutoPromotion) {
                    body.put("autoPromotionEnabled", false);
                }
                putIf(body, "autoPromotionSeconds", autoPromotionSeconds);
                putIf(body, "scaleDownDelaySeconds", scaleDownDelaySeconds);
                if (!analysis.isEmpty()) {
                    body.put("prePromotionAnalysis", analysis);
                }
            }
            default -> {
                putIf(body, "maxSurge", maxSurge);
                putIf(body, "maxUnavailable", maxUnavailable);
                if (!analysis.isEmpty()) {
                    body.put("analysis", analysis);
                }
            }
        }
        spec.put("strategy", Map.of(strategy, body));
        return spec;
    }

    private static void putIf(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** Canary steps as the command line writes them ({@code 5,pause=15m,25,pause}), as a spec's list of steps. */
    public static List<Map<String, Object>> steps(String text) {
        List<Map<String, Object>> steps = new ArrayList<>();
        for (String raw : text.split(",")) {
            String step = raw.trim();
            if (step.equals("pause")) {
                steps.add(Map.of("pause", Map.of()));
            } else if (step.startsWith("pause=") || step.startsWith("pause ")) {
                steps.add(Map.of("pause", step.substring(6).trim()));
            } else {
                steps.add(Map.of("setWeight", step));
            }
        }
        return steps;
    }

    /**
     * Canary steps as the command line writes them, read as a spec's steps are; an error names {@code option}
     * ({@code --steps '5,x': ...}).
     */
    public static List<CanaryStep> canarySteps(String text, String option) {
        String yaml = "name: steps\nnamespace: steps\ndeployment: steps\nimage: steps:2\nstrategy:\n  canary:\n"
                + "    steps: " + ObjectMappers.json().writeValueAsString(steps(text)) + "\n";
        try {
            return ((StrategySpec.Canary) new RolloutSpecParser().parseText(yaml, option).strategy()).steps();
        } catch (UsageException e) {
            throw new UsageException(option + " '" + text + "': " + e.getMessage().replaceFirst("^" + option
                    + ":\\d+:\\d+: ", ""), e);
        }
    }

    /** A check as the command line writes it ({@code error-rate<=1%}, {@code p95-latency<=2x}), as a spec's check. */
    static Map<String, Object> check(String text) {
        Matcher m = CHECK.matcher(text);
        if (!m.matches()) {
            throw new UsageException("--check '" + text + "': write METRIC<=VALUE, e.g. error-rate<=1%");
        }
        String metric = m.group(1);
        String value = m.group(3);
        Map<String, Object> check = new LinkedHashMap<>();
        if (value.endsWith("x")) {
            check.put("name", metric + "-vs-stable");
            check.put("metric", metric);
            check.put("maxRatioToStable", value.substring(0, value.length() - 1));
            return check;
        }
        check.put("name", metric);
        check.put("metric", metric);
        check.put(m.group(2).equals("<=") ? "max" : "min", value);
        return check;
    }
}
