package io.cicdmanager.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.cicdmanager.analysis.Figure;
import io.cicdmanager.analysis.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The status half of a rollout record ({@code status.json}): phase, step, weights, images, replicas, the latest
 * verdict of every check with its numbers, the trigger of a rollback, the engine's heartbeat and the history of
 * transitions. Immutable; the {@code with…} methods return changed copies.
 *
 * @param schemaVersion  {@link #SCHEMA_VERSION}; readers refuse a newer one
 * @param strategy       {@code canary}, {@code blueGreen} or {@code rolling}
 * @param router         the traffic router's type ({@code replicas}, {@code istio}, {@code gateway-api}, {@code nginx},
 *                       {@code service-selector} for blue-green, {@code deployment} for rolling)
 * @param release        the image being rolled out; an engine resumes a record only for the same release
 * @param stepIndex      0-based index of the current step; equals {@code stepCount} once every step is done
 * @param setWeight      the canary's share of traffic the engine last asked for, 0..100
 * @param actualWeight   the share the cluster reports (from ready replicas, or read back from the route), 0..100
 */
public record RolloutStatus(
        int schemaVersion,
        String rollout,
        String namespace,
        String strategy,
        String router,
        RolloutPhase phase,
        String message,
        String release,
        String stableImage,
        String canaryImage,
        int stepIndex,
        int stepCount,
        String step,
        Instant stepStartedAt,
        int setWeight,
        int actualWeight,
        Replicas replicas,
        Instant startedAt,
        Instant updatedAt,
        Instant finishedAt,
        String startedBy,
        Heartbeat heartbeat,
        Analysis analysis,
        Trigger trigger,
        List<Transition> transitions) {

    public static final int SCHEMA_VERSION = 1;
    /** How many transitions the record keeps; older ones remain in the audit log. */
    public static final int MAX_TRANSITIONS = 100;

    public RolloutStatus {
        transitions = transitions == null ? List.of() : List.copyOf(transitions);
        replicas = replicas == null ? Replicas.NONE : replicas;
        analysis = analysis == null ? Analysis.NONE : analysis;
    }

    /** Desired and ready pods of each track, as the Deployments report them. */
    public record Replicas(int stableDesired, int stableReady, int canaryDesired, int canaryReady) {
        public static final Replicas NONE = new Replicas(0, 0, 0, 0);
    }

    /** Which engine drives the rollout and when it last said so. */
    public record Heartbeat(String engine, Instant at, int intervalSeconds) {
    }

    /**
     * The analysis so far: how many rounds ran, and each check's latest verdict with its counts.
     */
    public record Analysis(int rounds, Instant lastRoundAt, List<CheckStatus> checks) {
        public static final Analysis NONE = new Analysis(0, null, List.of());

        public Analysis {
            checks = checks == null ? List.of() : List.copyOf(checks);
        }
    }

    /**
     * One check's latest verdict ({@code PASS}, {@code FAIL}, {@code INCONCLUSIVE}, {@code ERROR}) with the value
     * it measured, the stable track's value when the check compares with it, the threshold and how it compares
     * ({@code <=}, {@code >=}), the counts over the whole analysis, and the figure the verdict was decided on, which
     * is what people are shown (a record written before figures were kept gets its value against its threshold).
     */
    public record CheckStatus(String name, String kind, String metric, Verdict verdict, Double value,
            Double stableValue, Double threshold, String comparison, String message, Instant at, int passed,
            int failed, int inconclusive, int errors, int consecutiveErrors, Figure figure) {

        public CheckStatus {
            if (figure == null) {
                figure = Figure.of(kind, metric, value, comparison, threshold);
            }
        }

        public CheckStatus(String name, String kind, String metric, Verdict verdict, Double value, Double stableValue,
                Double threshold, String comparison, String message, Instant at, int passed, int failed,
                int inconclusive, int errors, int consecutiveErrors) {
            this(name, kind, metric, verdict, value, stableValue, threshold, comparison, message, at, passed, failed,
                    inconclusive, errors, consecutiveErrors, null);
        }

        /** The figure as shown with the latest verdict (a check without one is shown as undecided). */
        public Figure.Shown shown() {
            return figure.shown(verdict == null ? Verdict.INCONCLUSIVE : verdict);
        }
    }

    /**
     * What stopped a rollout: the check and the number that tripped it, against its threshold, and the figure it was
     * decided on (null when no check tripped it, as for a progress deadline).
     */
    public record Trigger(String check, Double value, Double threshold, String message, Figure figure) {
        public Trigger(String check, Double value, Double threshold, String message) {
            this(check, value, threshold, message, null);
        }
    }

    /** One phase change, with who caused it and why. */
    public record Transition(Instant at, RolloutPhase from, RolloutPhase to, int stepIndex, String actor,
            String reason) {
    }

    @JsonIgnore
    public boolean isTerminal() {
        return phase.isTerminal();
    }

    /** The fields of a status being changed; {@link #with(Consumer)} hands one out. */
    private static final class Changes {
        String message;
        String stableImage;
        String canaryImage;
        int stepIndex;
        String step;
        Instant stepStartedAt;
        int setWeight;
        int actualWeight;
        Replicas replicas;
        Instant updatedAt;
        Instant finishedAt;
        Heartbeat heartbeat;
        Analysis analysis;
        Trigger trigger;

        Changes(RolloutStatus s) {
            message = s.message;
            stableImage = s.stableImage;
            canaryImage = s.canaryImage;
            stepIndex = s.stepIndex;
            step = s.step;
            stepStartedAt = s.stepStartedAt;
            setWeight = s.setWeight;
            actualWeight = s.actualWeight;
            replicas = s.replicas;
            updatedAt = s.updatedAt;
            finishedAt = s.finishedAt;
            heartbeat = s.heartbeat;
            analysis = s.analysis;
            trigger = s.trigger;
        }
    }

    /** A copy with what {@code change} sets, in {@code phase} after {@code history}. */
    private RolloutStatus with(RolloutPhase newPhase, List<Transition> history, Consumer<Changes> change) {
        Changes c = new Changes(this);
        change.accept(c);
        return new RolloutStatus(schemaVersion, rollout, namespace, strategy, router, newPhase, c.message, release,
                c.stableImage, c.canaryImage, c.stepIndex, stepCount, c.step, c.stepStartedAt, c.setWeight,
                c.actualWeight, c.replicas, startedAt, c.updatedAt, c.finishedAt, startedBy, c.heartbeat, c.analysis,
                c.trigger, history);
    }

    private RolloutStatus with(Consumer<Changes> change) {
        return with(phase, transitions, change);
    }

    public RolloutStatus withPhase(RolloutPhase newPhase, String newMessage, Instant at, String actor, String reason) {
        List<Transition> history = new ArrayList<>(transitions);
        if (newPhase != phase) {
            history.add(new Transition(at, phase, newPhase, stepIndex, actor, reason));
            while (history.size() > MAX_TRANSITIONS) {
                history.remove(0);
            }
        }
        return with(newPhase, history, c -> {
            c.message = newMessage;
            c.updatedAt = at;
            c.finishedAt = newPhase.isTerminal() ? at : finishedAt;
        });
    }

    public RolloutStatus withMessage(String newMessage, Instant at) {
        return with(c -> {
            c.message = newMessage;
            c.updatedAt = at;
        });
    }

    public RolloutStatus withStep(int newIndex, String newStep, Instant startedAtStep) {
        return with(c -> {
            c.stepIndex = newIndex;
            c.step = newStep;
            c.stepStartedAt = startedAtStep;
            c.updatedAt = startedAtStep;
        });
    }

    public RolloutStatus withWeights(int newSetWeight, int newActualWeight, Replicas newReplicas, Instant at) {
        return with(c -> {
            c.setWeight = newSetWeight;
            c.actualWeight = newActualWeight;
            c.replicas = newReplicas == null ? replicas : newReplicas;
            c.updatedAt = at;
        });
    }

    public RolloutStatus withImages(String newStable, String newCanary, Instant at) {
        return with(c -> {
            c.stableImage = newStable;
            c.canaryImage = newCanary;
            c.updatedAt = at;
        });
    }

    public RolloutStatus withHeartbeat(Heartbeat newHeartbeat) {
        return with(c -> c.heartbeat = newHeartbeat);
    }

    public RolloutStatus withAnalysis(Analysis newAnalysis, Instant at) {
        return with(c -> {
            c.analysis = newAnalysis;
            c.updatedAt = at;
        });
    }

    public RolloutStatus withTrigger(Trigger newTrigger) {
        return with(c -> c.trigger = newTrigger);
    }

    /** A new rollout's status: Pending, no step taken, all traffic on stable. */
    public static RolloutStatus pending(String rollout, String namespace, String strategy, String router,
            String release, String stableImage, int stepCount, Instant at, String startedBy) {
        return new RolloutStatus(SCHEMA_VERSION, rollout, namespace, strategy, router, RolloutPhase.PENDING,
                "waiting to start", release, stableImage, release, 0, stepCount, null, at, 0, 0, Replicas.NONE, at, at,
                null, startedBy, null, Analysis.NONE, null, List.of());
    }
}
