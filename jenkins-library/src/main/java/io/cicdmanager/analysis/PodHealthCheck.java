package io.cicdmanager.analysis;

import java.util.List;
import java.util.Optional;

/**
 * The canary's pods as Kubernetes sees them: {@code readiness-failures} (fraction of pods not ready),
 * {@code restarts} (container restarts) or {@code crash-loops} (pods in CrashLoopBackOff), each against a
 * {@code max}.
 */
public final class PodHealthCheck implements Check {
    public static final List<String> METRICS = List.of("readiness-failures", "restarts", "crash-loops");

    private final String name;
    private final String metric;
    private final double max;
    private final Track track;

    public PodHealthCheck(String name, String metric, double max, Track track) {
        if (!METRICS.contains(metric)) {
            throw new IllegalArgumentException("not a pod-health metric: " + metric);
        }
        this.name = name;
        this.metric = metric;
        this.max = max;
        this.track = track;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "pod-health";
    }

    @Override
    public String metric() {
        return metric;
    }

    @Override
    public CheckResult evaluate(AnalysisContext context) {
        Optional<PodHealth> health = context.pods().health(track);
        if (health.isEmpty() || health.get().pods() == 0) {
            return new CheckResult(name, kind(), metric, Verdict.INCONCLUSIVE, null, null, max, "<=",
                    "the " + track.label() + " has no pods to judge");
        }
        PodHealth h = health.get();
        double value = switch (metric) {
            case "readiness-failures" -> h.readinessFailureRate();
            case "restarts" -> h.restarts();
            default -> h.crashLooping();
        };
        boolean ok = value <= max;
        Verdict verdict = ok ? Verdict.PASS : Verdict.FAIL;
        Figure.Shown shown = Figure.of(kind(), metric, value, "<=", max).shown(verdict);
        String message = metric + " " + shown.value() + " of " + h.pods() + " " + track.label() + " pods "
                + (ok ? "<= " : "exceeds ") + shown.limit();
        return new CheckResult(name, kind(), metric, verdict, value, null, max, "<=", message);
    }
}
