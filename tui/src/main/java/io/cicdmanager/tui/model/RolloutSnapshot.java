package io.cicdmanager.tui.model;

import io.cicdmanager.analysis.Figure;
import io.cicdmanager.analysis.Verdict;
import io.cicdmanager.model.RolloutPhase;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the screens show about one rollout at one moment: what the list row and the detail view read. Built
 * from the rollout record by the adapter to the engine's store, and by tests directly. {@code latestVerdict} is the
 * worst verdict of the latest round, null until a check has run.
 */
public record RolloutSnapshot(RolloutKey key, String strategy, RolloutPhase phase, String message, int step, int steps,
        int setWeight, int actualWeight, Verdict latestVerdict, Instant startedAt, Instant heartbeat,
        boolean orphaned, String stableImage, String canaryImage, int desiredReplicas, int readyReplicas,
        List<Revision> revisions, AnalysisCounts analysis, List<CheckValue> checks, MetricSeries series,
        List<EventLine> events, List<AuditLine> audit, CommandStatus lastCommand) {

    public RolloutSnapshot {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(phase, "phase");
        strategy = strategy == null ? "canary" : strategy;
        message = message == null ? "" : message;
        stableImage = stableImage == null ? "" : stableImage;
        canaryImage = canaryImage == null ? "" : canaryImage;
        revisions = List.copyOf(revisions == null ? List.of() : revisions);
        analysis = analysis == null ? new AnalysisCounts(0, 0, 0) : analysis;
        checks = List.copyOf(checks == null ? List.of() : checks);
        series = series == null ? MetricSeries.EMPTY : series;
        events = List.copyOf(events == null ? List.of() : events);
        audit = List.copyOf(audit == null ? List.of() : audit);
    }

    /** The worst verdict of the latest round; empty until a check has run. */
    public Optional<Verdict> verdict() {
        return Optional.ofNullable(latestVerdict);
    }

    public Optional<Instant> heartbeatAt() {
        return Optional.ofNullable(heartbeat);
    }

    public Optional<Instant> started() {
        return Optional.ofNullable(startedAt);
    }

    public Optional<CommandStatus> command() {
        return Optional.ofNullable(lastCommand);
    }

    public static Builder builder(RolloutKey key) {
        return new Builder(key);
    }

    /** A copy to change a few fields of. */
    public Builder toBuilder() {
        Builder b = new Builder(key);
        b.strategy = strategy;
        b.phase = phase;
        b.message = message;
        b.step = step;
        b.steps = steps;
        b.setWeight = setWeight;
        b.actualWeight = actualWeight;
        b.latestVerdict = latestVerdict;
        b.startedAt = startedAt;
        b.heartbeat = heartbeat;
        b.orphaned = orphaned;
        b.stableImage = stableImage;
        b.canaryImage = canaryImage;
        b.desiredReplicas = desiredReplicas;
        b.readyReplicas = readyReplicas;
        b.revisions = revisions;
        b.analysis = analysis;
        b.checks = checks;
        b.series = series;
        b.events = events;
        b.audit = audit;
        b.lastCommand = lastCommand;
        return b;
    }

    /** One revision (stable or canary) and its pods. */
    public record Revision(String track, String name, String image, int desired, int ready, List<Pod> pods) {
        public Revision {
            pods = List.copyOf(pods == null ? List.of() : pods);
        }
    }

    /** One pod with its readiness and restarts. */
    public record Pod(String name, String status, boolean ready, int restarts) {
    }

    /** How many analysis intervals passed, failed and were inconclusive so far. */
    public record AnalysisCounts(int pass, int fail, int inconclusive) {
    }

    /**
     * One check's latest verdict (null when the record holds none) and the figure it was decided on: the value is
     * empty when the metric returned no data (which is never a pass); the limit is empty for a check without one.
     */
    public record CheckValue(String name, Figure figure, Verdict verdict) {
        public Optional<Double> current() {
            return Optional.ofNullable(figure.value());
        }

        /** The figure as the engine's checks show it everywhere: rounded, and agreeing with the verdict. */
        public Figure.Shown shown() {
            return figure.shown(verdict == null ? Verdict.INCONCLUSIVE : verdict);
        }
    }

    /**
     * Recent history for the charts, oldest first, one point per analysis interval: error rate and P95 of each
     * track, and the canary weight. A null value is an interval in which that track had no data.
     */
    public record MetricSeries(List<Double> canaryErrorRate, List<Double> stableErrorRate, List<Double> canaryP95,
            List<Double> stableP95, List<Integer> weight) {

        public static final MetricSeries EMPTY = new MetricSeries(List.of(), List.of(), List.of(), List.of(),
                List.of());

        public MetricSeries {
            canaryErrorRate = copy(canaryErrorRate);
            stableErrorRate = copy(stableErrorRate);
            canaryP95 = copy(canaryP95);
            stableP95 = copy(stableP95);
            weight = copy(weight);
        }

        /** An unmodifiable copy that keeps nulls, which {@code List.copyOf} refuses. */
        private static <T> List<T> copy(List<T> values) {
            return java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
        }
    }

    /** A Kubernetes event on the rollout. */
    public record EventLine(Instant time, String reason, String message) {
    }

    /** One audit entry: who did what, why, and how it ended. */
    public record AuditLine(Instant time, String actor, String action, String reason, String outcome) {
    }

    /** Builds a snapshot field by field; unset fields take the empty values of the record. */
    public static final class Builder {
        private final RolloutKey key;
        private String strategy = "canary";
        private RolloutPhase phase = RolloutPhase.PENDING;
        private String message = "";
        private int step;
        private int steps;
        private int setWeight;
        private int actualWeight;
        private Verdict latestVerdict;
        private Instant startedAt;
        private Instant heartbeat;
        private boolean orphaned;
        private String stableImage = "";
        private String canaryImage = "";
        private int desiredReplicas;
        private int readyReplicas;
        private List<Revision> revisions = List.of();
        private AnalysisCounts analysis = new AnalysisCounts(0, 0, 0);
        private List<CheckValue> checks = List.of();
        private MetricSeries series = MetricSeries.EMPTY;
        private List<EventLine> events = List.of();
        private List<AuditLine> audit = List.of();
        private CommandStatus lastCommand;

        private Builder(RolloutKey key) {
            this.key = key;
        }

        public Builder strategy(String value) {
            strategy = value;
            return this;
        }

        public Builder phase(RolloutPhase value, String statusMessage) {
            phase = value;
            message = statusMessage;
            return this;
        }

        public Builder step(int current, int total) {
            step = current;
            steps = total;
            return this;
        }

        public Builder weights(int set, int actual) {
            setWeight = set;
            actualWeight = actual;
            return this;
        }

        public Builder verdict(Verdict value) {
            latestVerdict = value;
            return this;
        }

        public Builder startedAt(Instant value) {
            startedAt = value;
            return this;
        }

        public Builder heartbeat(Instant value, boolean isOrphaned) {
            heartbeat = value;
            orphaned = isOrphaned;
            return this;
        }

        public Builder images(String stable, String canary) {
            stableImage = stable;
            canaryImage = canary;
            return this;
        }

        public Builder replicas(int desired, int ready) {
            desiredReplicas = desired;
            readyReplicas = ready;
            return this;
        }

        public Builder revisions(List<Revision> value) {
            revisions = value;
            return this;
        }

        public Builder analysis(AnalysisCounts value) {
            analysis = value;
            return this;
        }

        public Builder checks(List<CheckValue> value) {
            checks = value;
            return this;
        }

        public Builder series(MetricSeries value) {
            series = value;
            return this;
        }

        public Builder events(List<EventLine> value) {
            events = value;
            return this;
        }

        public Builder audit(List<AuditLine> value) {
            audit = value;
            return this;
        }

        public Builder command(CommandStatus value) {
            lastCommand = value;
            return this;
        }

        public RolloutSnapshot build() {
            return new RolloutSnapshot(key, strategy, phase, message, step, steps, setWeight, actualWeight,
                    latestVerdict, startedAt, heartbeat, orphaned, stableImage, canaryImage, desiredReplicas,
                    readyReplicas, revisions, analysis, checks, series, events, audit, lastCommand);
        }
    }
}
