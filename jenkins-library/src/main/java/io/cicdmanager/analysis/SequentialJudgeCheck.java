package io.cicdmanager.analysis;

import io.cicdmanager.DependencyUnreachableException;
import io.cicdmanager.UsageException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sequential judges as a check: each round it reads both tracks' counts since its previous round from the raw
 * counters ({@link MetricProvider#increases}: all requests and the 5xx ones for {@code error-rate}; the latency
 * histogram's buckets for {@code p50-latency}, {@code p95-latency}, {@code p99-latency} and {@code slow-count}), per
 * pod where the series tell pods apart, and gives them to a {@link SequentialJudge} or a {@link LatencyJudge}, whose
 * verdict on all the evidence since the canary's first traffic is the round's.
 *
 * <p>Rounds must not overlap, or a request would count twice: the window of each is the time since the previous
 * round's, whatever the policy's {@code window}, ending {@link MetricProvider#ingestionLag()} before now. The
 * counters are read at the windows' ends, so consecutive windows share their boundary sample and nothing is lost or
 * counted twice. A round without data for a track adds nothing and leaves its time to the next round. For
 * {@code initialDelay} after each change of the canary's weight the counts are passed over, not judged: new pods
 * warm up. At the first round the judge also reads the stable track's last {@link #HISTORY} (how clustered its
 * failures are, and its latency distribution), which carries no evidence about the canary.
 *
 * <p>Where the backend gives no raw counters, the error judge counts from {@code request-count} and
 * {@code error-count} over each window instead, without pods or history.
 */
public final class SequentialJudgeCheck implements Check {
    public static final String KIND = "sequential-judge";
    /** The metrics the judges compare: 5xx answers, latency quantiles, or requests slower than a bound. */
    public static final List<String> METRICS = List.of("error-rate", "p50-latency", "p95-latency", "p99-latency",
            "slow-count");
    /** How much of the stable track's past the judge reads before the canary's first round. */
    public static final Duration HISTORY = Duration.ofMinutes(10);
    /** The steps the history is cut into: windows like the rounds'. */
    public static final Duration HISTORY_STEP = Duration.ofSeconds(5);

    private final String name;
    private final String metric;
    private final JudgeSettings settings;
    private final LatencyJudgeSettings latencySettings;
    private final Map<String, String> variables;
    private int family = 1;
    private SequentialJudge judge;
    private LatencyJudge latencyJudge;
    private Instant canaryStartedAt;
    private Instant countedUntil;

    /** A judge on 5xx answers ({@code error-rate}) or on requests slower than {@code le} ({@code slow-count}). */
    public SequentialJudgeCheck(String name, String metric, JudgeSettings settings, Map<String, String> variables) {
        this(name, metric, settings, null, variables);
        if (!metric.equals("error-rate") && !metric.equals("slow-count")) {
            throw new IllegalArgumentException("this judge compares error-rate or slow-count, not " + metric
                    + "; latency quantiles take latency margins");
        }
        if (metric.equals("slow-count") && !variables.containsKey("le")) {
            throw new IllegalArgumentException("slow-count needs the variable le, a latency bound");
        }
    }

    private SequentialJudgeCheck(String name, String metric, JudgeSettings settings,
            LatencyJudgeSettings latencySettings, Map<String, String> variables) {
        if (!METRICS.contains(metric)) {
            throw new IllegalArgumentException("the judge compares " + String.join(", ", METRICS) + ", not " + metric);
        }
        this.name = name;
        this.metric = metric;
        this.settings = settings;
        this.latencySettings = latencySettings;
        this.variables = Map.copyOf(variables);
    }

    /** A judge on a latency quantile ({@code p95-latency}: 0.95) with margins in latency terms. */
    public static SequentialJudgeCheck latency(String name, String metric, LatencyJudgeSettings settings,
            Map<String, String> variables) {
        if (quantileOf(metric) != settings.quantile()) {
            throw new IllegalArgumentException(metric + " is not the quantile " + settings.quantile());
        }
        return new SequentialJudgeCheck(name, metric, null, settings, variables);
    }

    /** The quantile a latency metric names: 0.95 for {@code p95-latency}; NaN for others. */
    public static double quantileOf(String metric) {
        return switch (metric) {
            case "p50-latency" -> 0.50;
            case "p95-latency" -> 0.95;
            case "p99-latency" -> 0.99;
            default -> Double.NaN;
        };
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

    /** The error judge's settings; null for a latency judge. */
    public JudgeSettings settings() {
        return settings;
    }

    /** The latency judge's settings; null for an error judge. */
    public LatencyJudgeSettings latencySettings() {
        return latencySettings;
    }

    @Override
    public boolean accumulatesEvidence() {
        return true;
    }

    /**
     * How many judges share the analysis' false-alarm bound; each fails at {@code size}/alpha (Bonferroni). Set by
     * {@link AnalysisRun} before the first round.
     */
    public void family(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a family has at least one judge, not " + size);
        }
        this.family = size;
    }

    private boolean latencyQuantile() {
        return latencySettings != null;
    }

    @Override
    public CheckResult evaluate(AnalysisContext context) {
        if (!context.canaryStartedAt().equals(canaryStartedAt)) {
            // A new canary (or this check reused for another rollout): its evidence starts from nothing.
            canaryStartedAt = context.canaryStartedAt();
            countedUntil = canaryStartedAt;
            judge = null;
            latencyJudge = null;
        }
        Instant end = context.now().minus(lag(context));
        Instant rose = context.weightChangedAt();
        Instant warmedUp = context.warmedUpAt();
        boolean warming = end.isBefore(warmedUp);
        Instant countTo = end;
        if (countedUntil.isBefore(rose)) {
            // What came before the weight rose is judged as it was; the new pods' warm-up is left out after.
            countTo = end.isBefore(rose) ? end : rose;
        } else if (countedUntil.isBefore(warmedUp)) {
            // New pods warm up: their first counts are passed over, neither judged nor lost to the next window.
            countedUntil = warming ? end : warmedUp;
        }
        if (!countTo.isAfter(countedUntil)) {
            return warming ? warmingUp(current(), context) : current();
        }
        end = countTo;
        Duration window = Duration.between(countedUntil, end);
        try {
            Round round = latencyQuantile() || metric.equals("slow-count") ? histograms(context, end, window)
                    : errors(context, end, window);
            if (round.missing() != null) {
                CheckResult so = current();
                return new CheckResult(name, KIND, metric, Verdict.INCONCLUSIVE, so.value(), so.stableValue(),
                        so.threshold(), "<=", what() + ": no data for the " + round.missing().label() + " track in the "
                        + "last " + PrometheusQueryTemplates.duration(window) + " (" + round.source() + "); so far "
                        + so.message().substring(what().length() + 2));
            }
            countedUntil = end;
            round.judge().run();
        } catch (DependencyUnreachableException e) {
            return new CheckResult(name, KIND, metric, Verdict.ERROR, null, null, null, "<=",
                    what() + " could not be counted: " + e.getMessage());
        }
        return warming ? warmingUp(current(), context) : current();
    }

    /** The result, saying that new pods' counts are being left out, unless it is already a proven FAIL. */
    private CheckResult warmingUp(CheckResult so, AnalysisContext context) {
        if (so.verdict() == Verdict.FAIL) {
            return so;
        }
        return with(so, so.message() + "; new canary pods warm up until "
                + Duration.between(context.now(), context.warmedUpAt()).plus(lag(context)).toSeconds()
                + " s from now (initialDelay " + PrometheusQueryTemplates.duration(context.initialDelay()) + ")");
    }

    private static Duration lag(AnalysisContext context) {
        Duration lag = context.metrics().ingestionLag();
        return lag == null ? Duration.ZERO : lag;
    }

    /** One round's counts: ready to give to the judge, or the track that had no data and the query that found so. */
    private record Round(Runnable judge, Track missing, String source) {
        static Round of(Runnable judge) {
            return new Round(judge, null, null);
        }
    }

    private MetricQuery query(AnalysisContext context, String countMetric, Track track, Instant end,
            Duration window) {
        Map<String, String> all = new LinkedHashMap<>(context.variables());
        all.putAll(variables);
        return new MetricQuery(countMetric, track, end, window, all);
    }

    // ---- 5xx answers

    private Round errors(AnalysisContext context, Instant end, Duration window) {
        if (context.metrics().rawCounters().isEmpty()) {
            return legacy(context, end, window, "request-count", "error-count");
        }
        Map<String, RequestCounts> canaryPods = podCounts(context, Track.CANARY, end, window, window).get(0);
        Map<String, RequestCounts> stablePods = podCounts(context, Track.STABLE, end, window, window).get(0);
        if (canaryPods == null || stablePods == null) {
            Track missing = canaryPods == null ? Track.CANARY : Track.STABLE;
            return new Round(null, missing, query(context, MetricProvider.REQUEST_COUNTERS, missing, end, window)
                    .metric() + " found no series");
        }
        if (judge == null) {
            judge = new SequentialJudge(settings, family, labelled(canaryPods));
            List<Map<String, RequestCounts>> history = podCounts(context, Track.STABLE, canaryStartedAt, HISTORY,
                    HISTORY_STEP);
            judge.learn(history.stream().filter(w -> w != null).map(TrackCounts::ofPods).toList());
        }
        return Round.of(() -> judge.observe(TrackCounts.ofPods(canaryPods), TrackCounts.ofPods(stablePods)));
    }

    /** The backend's raw counters; asked for only after {@link MetricProvider#rawCounters} said it has them. */
    private static MetricProvider.RawCounters rawCounters(AnalysisContext context) {
        return context.metrics().rawCounters().orElseThrow(() -> new IllegalStateException(
                "the judge reads raw counters only from a backend that gives them"));
    }

    private static boolean labelled(Map<String, ?> pods) {
        return !pods.isEmpty() && !pods.containsKey("");
    }

    /**
     * Per step of the window, each pod's requests and 5xx answers; null for a step in which the track had no request
     * series at all (no data). The request series carry every status; the 5xx ones may not exist (no error yet).
     */
    private List<Map<String, RequestCounts>> podCounts(AnalysisContext context, Track track, Instant end,
            Duration window, Duration step) {
        MetricProvider.RawCounters metrics = rawCounters(context);
        List<SeriesIncreases> requests = metrics.increases(query(context, MetricProvider.REQUEST_COUNTERS, track, end,
                window), step);
        int steps = (int) (window.toMillis() / step.toMillis());
        List<Map<String, RequestCounts>> out = new ArrayList<>();
        if (requests.isEmpty()) {
            for (int s = 0; s < steps; s++) {
                out.add(null);
            }
            return out;
        }
        List<SeriesIncreases> errors = metrics.increases(query(context, MetricProvider.ERROR_COUNTERS, track, end,
                window), step);
        for (int s = 0; s < steps; s++) {
            Map<String, double[]> byPod = new TreeMap<>();
            for (SeriesIncreases r : requests) {
                byPod.computeIfAbsent(pod(r), k -> new double[2])[0] += r.step(s);
            }
            for (SeriesIncreases e : errors) {
                byPod.computeIfAbsent(pod(e), k -> new double[2])[1] += e.step(s);
            }
            Map<String, RequestCounts> counts = new TreeMap<>();
            byPod.forEach((pod, c) -> counts.put(pod, RequestCounts.measured(c[0], Math.min(c[0], c[1]))));
            out.add(counts);
        }
        return out;
    }

    /** The pod a series belongs to: its {@code pod} label, else its {@code instance}, else "" (not told apart). */
    static String pod(SeriesIncreases series) {
        String pod = series.labels().get("pod");
        if (pod == null) {
            pod = series.labels().get("instance");
        }
        return pod == null ? "" : pod;
    }

    /**
     * Counts from two count queries over the window ({@code request-count} and {@code error-count}, or
     * {@code histogram-count} and {@code slow-count}), for a backend without raw counters: no pods, no history.
     */
    private Round legacy(AnalysisContext context, Instant end, Duration window, String all, String bad) {
        RequestCounts[] counts = new RequestCounts[2];
        for (Track track : Track.values()) {
            MetricSample requests = context.metrics().query(query(context, all, track, end, window));
            if (!requests.hasData()) {
                return new Round(null, track, requests.source());
            }
            MetricSample failed = context.metrics().query(query(context, bad, track, end, window));
            if (!failed.hasData()) {
                return new Round(null, track, failed.source());
            }
            counts[track.ordinal()] = RequestCounts.measured(requests.value().getAsDouble(),
                    failed.value().getAsDouble());
        }
        if (judge == null) {
            judge = new SequentialJudge(settings, family, false);
        }
        return Round.of(() -> judge.observe(counts[Track.CANARY.ordinal()], counts[Track.STABLE.ordinal()]));
    }

    // ---- latency

    private Round histograms(AnalysisContext context, Instant end, Duration window) {
        if (context.metrics().rawCounters().isEmpty()) {
            if (metric.equals("slow-count")) {
                return legacy(context, end, window, "histogram-count", "slow-count");
            }
            throw new UsageException(name + ": judging " + metric + " needs the latency histogram's raw bucket "
                    + "counters, which this metrics backend does not give");
        }
        List<Map<String, CumulativeHistogram>> canary = podHistograms(context, Track.CANARY, end, window, window);
        List<Map<String, CumulativeHistogram>> stable = podHistograms(context, Track.STABLE, end, window, window);
        if (canary.get(0) == null || stable.get(0) == null) {
            Track missing = canary.get(0) == null ? Track.CANARY : Track.STABLE;
            return new Round(null, missing, MetricProvider.LATENCY_BUCKETS + " found no histogram");
        }
        Map<String, CumulativeHistogram> c = canary.get(0);
        Map<String, CumulativeHistogram> s = stable.get(0);
        if (metric.equals("slow-count")) {
            double le = Double.parseDouble(variables.get("le"));
            Map<String, RequestCounts> canaryPods = slowerThan(c, le);
            Map<String, RequestCounts> stablePods = slowerThan(s, le);
            if (judge == null) {
                judge = new SequentialJudge(settings, family, labelled(canaryPods));
                List<TrackCounts> history = new ArrayList<>();
                for (Map<String, CumulativeHistogram> w : podHistograms(context, Track.STABLE, canaryStartedAt,
                        HISTORY, HISTORY_STEP)) {
                    if (w != null) {
                        history.add(TrackCounts.ofPods(slowerThan(w, le)));
                    }
                }
                judge.learn(history);
            }
            return Round.of(() -> judge.observe(TrackCounts.ofPods(canaryPods), TrackCounts.ofPods(stablePods)));
        }
        if (latencyJudge == null) {
            latencyJudge = new LatencyJudge(latencySettings, family, labelled(c));
            List<Map<String, CumulativeHistogram>> history = podHistograms(context, Track.STABLE, canaryStartedAt,
                    HISTORY, HISTORY_STEP);
            history.removeIf(w -> w == null);
            latencyJudge.learn(history);
        }
        CumulativeHistogram canaryTotal = sum(c, Track.CANARY);
        CumulativeHistogram stableTotal = sum(s, Track.STABLE);
        return Round.of(() -> latencyJudge.observe(new LatencyJudge.Histograms(canaryTotal, c),
                new LatencyJudge.Histograms(stableTotal, s)));
    }

    private Map<String, RequestCounts> slowerThan(Map<String, CumulativeHistogram> pods, double le) {
        Map<String, RequestCounts> out = new TreeMap<>();
        pods.forEach((pod, h) -> {
            try {
                out.put(pod, h.slowerThan(le));
            } catch (IllegalArgumentException e) {
                throw new UsageException(name + ": " + e.getMessage());
            }
        });
        return out;
    }

    /** A track's histogram: its pods' added; pods of one track must share their buckets. */
    private CumulativeHistogram sum(Map<String, CumulativeHistogram> pods, Track track) {
        CumulativeHistogram total = null;
        for (Map.Entry<String, CumulativeHistogram> pod : pods.entrySet()) {
            try {
                total = total == null ? pod.getValue() : total.plus(pod.getValue());
            } catch (IllegalArgumentException e) {
                throw new UsageException(name + ": the " + track.label() + " track's pods do not share their latency "
                        + "buckets (pod '" + pod.getKey() + "': " + e.getMessage() + "); one version's pods must "
                        + "expose one histogram");
            }
        }
        return total;
    }

    /** Per step of the window, each pod's latency histogram; null for a step without any bucket series. */
    private List<Map<String, CumulativeHistogram>> podHistograms(AnalysisContext context, Track track, Instant end,
            Duration window, Duration step) {
        List<SeriesIncreases> buckets = rawCounters(context).increases(query(context, MetricProvider.LATENCY_BUCKETS,
                track, end, window), step);
        int steps = (int) (window.toMillis() / step.toMillis());
        List<Map<String, CumulativeHistogram>> out = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            Map<String, Map<String, Double>> byPod = new TreeMap<>();
            for (SeriesIncreases b : buckets) {
                String le = b.labels().get("le");
                if (le != null) {
                    byPod.computeIfAbsent(pod(b), k -> new HashMap<>()).merge(le, b.step(s), Double::sum);
                }
            }
            if (byPod.isEmpty()) {
                out.add(null);
                continue;
            }
            Map<String, CumulativeHistogram> histograms = new TreeMap<>();
            for (Map.Entry<String, Map<String, Double>> e : byPod.entrySet()) {
                try {
                    histograms.put(e.getKey(), CumulativeHistogram.fromIncreases(e.getValue()));
                } catch (IllegalArgumentException invalid) {
                    throw new UsageException(name + ": the latency histogram of " + track.label() + " pod '"
                            + e.getKey() + "' is not one: " + invalid.getMessage());
                }
            }
            out.add(histograms);
        }
        return out;
    }

    // ---- results

    /** What counts as bad, for messages: "5xx answers", "requests slower than 250 ms" or "latency". */
    private String what() {
        if (metric.equals("error-rate")) {
            return "5xx answers";
        }
        if (metric.equals("slow-count")) {
            return "requests slower than " + MetricFormat.seconds(Double.parseDouble(variables.get("le")));
        }
        return "latency";
    }

    /** The verdict so far, as a result: a judge that has seen nothing yet is inconclusive. */
    private CheckResult current() {
        if (latencyQuantile()) {
            LatencyVerdict v = latencyJudge == null ? new LatencyJudge(latencySettings, family, false).verdict()
                    : latencyJudge.verdict();
            double allowed = v.allowed();
            return new CheckResult(name, KIND, metric, v.decision(), finite(v.canaryQuantile()),
                    finite(v.stableQuantile()), finite(allowed), "<=", what() + ": " + v.message(),
                    figure(v.decision(), v.regression(), v.noRegression()));
        }
        JudgeVerdict v = judge == null ? new SequentialJudge(settings, family, false).verdict() : judge.verdict();
        return new CheckResult(name, KIND, metric, v.decision(), v.judged().rate(), v.stableRate(), allowed(v), "<=",
                what() + ": " + v.message(), figure(v.decision(), v.regression(), v.noRegression()));
    }

    /**
     * Decided, the judge decided on evidence, not on the rates or latencies: that is its figure. Undecided (null),
     * the canary's figure against what would be no regression at the stable's so far.
     */
    private static Figure figure(Verdict decision, Evidence regression, Evidence noRegression) {
        return switch (decision) {
            case FAIL -> new Figure(Figure.Unit.EVIDENCE, regression.value(), ">=", regression.threshold());
            case PASS -> new Figure(Figure.Unit.EVIDENCE, noRegression.value(), ">=", noRegression.threshold());
            default -> null;
        };
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static CheckResult with(CheckResult r, String message) {
        return new CheckResult(r.check(), r.kind(), r.metric(), r.verdict(), r.value(), r.stableValue(), r.threshold(),
                r.comparison(), message, r.figure());
    }

    /**
     * The canary's highest rate that is no regression at the stable track's rate so far: within both margins,
     * the larger of maxRatio × stable and stable + maxIncrease.
     */
    private double allowed(JudgeVerdict verdict) {
        double stable = verdict.stableRate();
        return Math.max(settings.maxRatio() * stable, stable + settings.maxIncrease());
    }
}
