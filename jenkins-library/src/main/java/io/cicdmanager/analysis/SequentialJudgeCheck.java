package io.cicdmanager.analysis;

import io.cicdmanager.DependencyUnreachableException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sequential judge as a check: each round it reads both tracks' counts since its previous round from the
 * metrics backend (all requests and the 5xx ones for {@code error-rate}; the requests the latency histogram timed
 * and those slower than {@code le} for {@code slow-count}) and gives them to a {@link SequentialJudge}, whose
 * verdict on all the evidence since the canary's first traffic is the round's.
 *
 * <p>Rounds must not overlap, or a request would count twice: the window of each query is the time since the
 * last round that got counts, whatever the policy's {@code window}. A round without data for a track adds
 * nothing and leaves its time to the next round.
 */
public final class SequentialJudgeCheck implements Check {
    public static final String KIND = "sequential-judge";
    /** The metrics the judge compares: bad requests are 5xx answers, or requests slower than a bound. */
    public static final List<String> METRICS = List.of("error-rate", "slow-count");

    private final String name;
    private final String metric;
    private final JudgeSettings settings;
    private final Map<String, String> variables;
    private SequentialJudge judge;
    private Instant canaryStartedAt;
    private Instant countedUntil;

    public SequentialJudgeCheck(String name, String metric, JudgeSettings settings, Map<String, String> variables) {
        if (!METRICS.contains(metric)) {
            throw new IllegalArgumentException("the judge compares " + String.join(" or ", METRICS) + ", not "
                    + metric);
        }
        if (metric.equals("slow-count") && !variables.containsKey("le")) {
            throw new IllegalArgumentException("slow-count needs the variable le, a latency bound");
        }
        this.name = name;
        this.metric = metric;
        this.settings = settings;
        this.variables = Map.copyOf(variables);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String metric() {
        return metric;
    }

    public JudgeSettings settings() {
        return settings;
    }

    @Override
    public boolean accumulatesEvidence() {
        return true;
    }

    @Override
    public CheckResult evaluate(AnalysisContext context) {
        if (!context.canaryStartedAt().equals(canaryStartedAt)) {
            // A new canary (or this check reused for another rollout): its evidence starts from nothing.
            canaryStartedAt = context.canaryStartedAt();
            countedUntil = canaryStartedAt;
            judge = new SequentialJudge(settings);
        }
        Instant now = context.now();
        if (!now.isAfter(countedUntil)) {
            return result(judge.verdict());
        }
        Duration window = Duration.between(countedUntil, now);
        Counted canary;
        Counted stable;
        try {
            canary = counts(context, Track.CANARY, window);
            stable = counts(context, Track.STABLE, window);
        } catch (DependencyUnreachableException e) {
            return new CheckResult(name, KIND, metric, Verdict.ERROR, null, null, null, "<=",
                    what() + " could not be counted: " + e.getMessage());
        }
        Counted missing = canary.counts() == null ? canary : stable.counts() == null ? stable : null;
        if (missing != null) {
            JudgeVerdict so = judge.verdict();
            return new CheckResult(name, KIND, metric, Verdict.INCONCLUSIVE, so.canaryRate(), so.stableRate(),
                    allowed(so), "<=", what() + ": no data for the " + missing.track().label() + " track in the last "
                    + PrometheusQueryTemplates.duration(window) + " (" + missing.source() + "); so far "
                    + so.message());
        }
        countedUntil = now;
        return result(judge.observe(canary.counts(), stable.counts()));
    }

    /** One track's counts over a window, or (counts null) the query that had no data. */
    private record Counted(Track track, RequestCounts counts, String source) {
    }

    private Counted counts(AnalysisContext context, Track track, Duration window) {
        String all = metric.equals("error-rate") ? "request-count" : "histogram-count";
        String bad = metric.equals("error-rate") ? "error-count" : "slow-count";
        MetricSample requests = context.metrics().query(query(context, all, track, window));
        if (!requests.hasData()) {
            return new Counted(track, null, requests.source());
        }
        MetricSample failed = context.metrics().query(query(context, bad, track, window));
        if (!failed.hasData()) {
            return new Counted(track, null, failed.source());
        }
        return new Counted(track, RequestCounts.measured(requests.value().getAsDouble(), failed.value().getAsDouble()),
                failed.source());
    }

    private MetricQuery query(AnalysisContext context, String countMetric, Track track, Duration window) {
        Map<String, String> all = new LinkedHashMap<>(context.variables());
        all.putAll(variables);
        return new MetricQuery(countMetric, track, context.now(), window, all);
    }

    /** What counts as bad, for messages: "5xx answers" or "requests slower than 250 ms". */
    private String what() {
        if (metric.equals("error-rate")) {
            return "5xx answers";
        }
        return "requests slower than " + MetricFormat.seconds(Double.parseDouble(variables.get("le")));
    }

    /**
     * The canary's highest rate that is no regression at the stable track's rate so far: within both margins,
     * the larger of maxRatio × stable and stable + maxIncrease.
     */
    private double allowed(JudgeVerdict verdict) {
        double stable = verdict.stableRate();
        return Math.max(settings.maxRatio() * stable, stable + settings.maxIncrease());
    }

    private CheckResult result(JudgeVerdict verdict) {
        // Decided, the judge decided on evidence, not on the rates: that is its figure. Undecided, the canary's rate
        // against what would be no regression at the stable's rate so far.
        Figure figure = switch (verdict.decision()) {
            case FAIL -> new Figure(Figure.Unit.EVIDENCE, verdict.regression().value(), ">=",
                    verdict.regression().threshold());
            case PASS -> new Figure(Figure.Unit.EVIDENCE, verdict.noRegression().value(), ">=",
                    verdict.noRegression().threshold());
            default -> null;
        };
        return new CheckResult(name, KIND, metric, verdict.decision(), verdict.canaryRate(), verdict.stableRate(),
                allowed(verdict), "<=", what() + ": " + verdict.message(), figure);
    }
}
