package io.cicdmanager.rollout;

import io.cicdmanager.DependencyUnreachableException;
import io.cicdmanager.UsageException;
import io.cicdmanager.analysis.AnalysisContext;
import io.cicdmanager.analysis.AnalysisPolicy;
import io.cicdmanager.analysis.AnalysisRound;
import io.cicdmanager.analysis.AnalysisRun;
import io.cicdmanager.analysis.CheckResult;
import io.cicdmanager.analysis.MetricProvider;
import io.cicdmanager.analysis.MetricQuery;
import io.cicdmanager.analysis.MetricSample;
import io.cicdmanager.analysis.OnInconclusive;
import io.cicdmanager.analysis.PodHealthSource;
import io.cicdmanager.analysis.Track;
import io.cicdmanager.analysis.Verdict;
import io.cicdmanager.audit.AuditEntry;
import io.cicdmanager.kube.CommandAck;
import io.cicdmanager.kube.KubernetesPodHealth;
import io.cicdmanager.kube.MetricHistory;
import io.cicdmanager.kube.RolloutCommand;
import io.cicdmanager.kube.RolloutPhase;
import io.cicdmanager.kube.RolloutRecord;
import io.cicdmanager.kube.RolloutStatus;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.time.Doorbell;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Drives one rollout from its spec to a terminal phase, with the record in Kubernetes as its memory: it starts or
 * resumes the record, beats, watches for operators' commands and acknowledges them, runs the analysis every
 * interval, and rolls back (traffic to stable first) when a check trips. The strategies decide the steps; this
 * class gives them waiting, weights, transitions and rollback.
 */
public final class RolloutEngine {
    /** The actor of the engine's own decisions (an analysis rollback, a pause for inconclusive results). */
    public static final String ENGINE_ACTOR = "cicd-manager";
    private static final Duration READINESS_POLL = Duration.ofSeconds(1);
    private static final int ROLLBACK_ATTEMPTS = 3;

    final RolloutSpec spec;
    final EngineContext ctx;
    final Workloads workloads;
    final Doorbell doorbell = new Doorbell();
    RolloutStatus status;
    MetricHistory history = MetricHistory.empty();
    boolean paused;
    AnalysisRun analysis = new AnalysisRun(AnalysisPolicy.none());
    MetricProvider metrics;
    PodHealthSource pods;
    boolean analysisActive;
    boolean lastRoundPassing;
    AnalysisRound lastRound;
    Instant nextAnalysisAt;
    Instant nextBeatAt;
    Instant canaryStartedAt;
    /** When the canary's weight last rose: the warm-up of the pods started for it begins then. */
    Instant weightChangedAt;
    String lastActor;
    String lastReason;
    boolean resumed;
    RolloutOutcome.Rollback rollbackTimes;

    /** What stops a wait early: a rollback (by an operator or a check), or a promotion. */
    record Interrupt(Kind kind, RolloutStatus.Trigger trigger, String actor, String reason) {
        enum Kind { ROLLBACK, PROMOTE, PROMOTE_FULL }
    }

    public RolloutEngine(RolloutSpec spec, EngineContext ctx) {
        this.spec = spec;
        this.ctx = ctx;
        this.workloads = new Workloads(ctx.client(), spec.namespace());
        this.metrics = ctx.metrics();
    }

    /** Runs the rollout to its end; an interrupt stops the engine where it stands, for another to resume. */
    public RolloutResult run() throws InterruptedException {
        Strategy strategy;
        if (spec.strategy() instanceof StrategySpec.Canary c) {
            strategy = new CanaryStrategy(this, c);
        } else if (spec.strategy() instanceof StrategySpec.BlueGreen b) {
            strategy = new BlueGreenStrategy(this, b);
        } else {
            strategy = new RollingStrategy(this, (StrategySpec.Rolling) spec.strategy());
        }
        Deployment stable = workloads.require(spec.deployment());
        Map<String, String> appSelector = stable.getSpec().getSelector().getMatchLabels();
        pods = new KubernetesPodHealth(ctx.client(), spec.namespace(), appSelector == null ? Map.of() : appSelector);
        strategy.prepare();
        begin(Workloads.container(stable, spec.container()).getImage(), strategy.stepCount());
        lastActor = status.startedBy();
        Watch watch = ctx.store().watch(spec.namespace(), spec.name(), r -> {
            if (r.pendingCommand().isPresent()) {
                doorbell.ring();
            }
        });
        try {
            doorbell.ring(); // a command written before this engine started is read at once
            return strategy.run();
        } finally {
            watch.close();
        }
    }

    /** The steps of a strategy, given the engine's waits and traffic. */
    interface Strategy {
        void prepare();

        int stepCount();

        RolloutResult run() throws InterruptedException;
    }

    // ---- the record

    private void begin(String stableImage, int stepCount) throws InterruptedException {
        Instant now = now();
        Optional<RolloutRecord> existing = ctx.store().read(spec.namespace(), spec.name());
        if (existing.isPresent() && existing.get().status() != null && !existing.get().status().isTerminal()) {
            RolloutRecord record = waitForOrphan(existing.get());
            RolloutStatus s = record.status();
            if (!spec.image().equals(s.release()) || !spec.strategy().kind().equals(s.strategy())) {
                throw new UsageException("rollout " + spec.qualifiedName() + " is still " + s.phase() + " for "
                        + s.release() + " (" + s.strategy() + "); abort or roll it back (cicd rollback " + spec.name()
                        + " -n " + spec.namespace() + ") before starting " + spec.image());
            }
            status = s;
            history = record.metrics() == null ? MetricHistory.empty() : record.metrics();
            paused = s.phase() == RolloutPhase.PAUSED;
            resumed = true;
            nextBeatAt = now;
            audit("resume", ctx.actor(), "engine restarted", s.phase().wireName(),
                    Map.of("stepIndex", s.stepIndex(), "engine", ctx.engineId()));
            beat();
            return;
        }
        RolloutStatus pending = RolloutStatus.pending(spec.name(), spec.namespace(), spec.strategy().kind(),
                routerName(), spec.image(), stableImage, stepCount, now, ctx.actor());
        status = ctx.store().start(spec.yaml(), pending).orElseThrow(() -> new UsageException("rollout "
                + spec.qualifiedName() + " was started by someone else at the same moment; run again to resume it"))
                .status();
        nextBeatAt = now;
        audit("start", ctx.actor(), "release " + spec.image(), RolloutPhase.PENDING.wireName(),
                Map.of("image", spec.image(), "stableImage", stableImage, "strategy", spec.strategy().kind()));
        transition(RolloutPhase.PROGRESSING, "started " + spec.image(), ctx.actor(), "started");
    }

    private String routerName() {
        if (spec.strategy() instanceof StrategySpec.Canary) {
            return spec.router().type();
        }
        return spec.strategy() instanceof StrategySpec.BlueGreen ? "service-selector" : "deployment";
    }

    /** Waits for another engine's heartbeat to go stale: a restarted engine takes over its own dead predecessor. */
    private RolloutRecord waitForOrphan(RolloutRecord record) throws InterruptedException {
        RolloutRecord current = record;
        Instant giveUp = now().plus(RolloutRecord.STALE_AFTER).plus(EngineContext.DEFAULT_HEARTBEAT);
        while (!current.isOrphaned(now())) {
            RolloutStatus.Heartbeat beat = current.status().heartbeat();
            if (beat != null && ctx.engineId().equals(beat.engine())) {
                return current;
            }
            if (!now().isBefore(giveUp)) {
                throw new UsageException("rollout " + spec.qualifiedName() + " is driven by engine "
                        + (beat == null ? "unknown" : beat.engine()) + " (heartbeat "
                        + current.heartbeatAge(now()).map(Duration::toSeconds).orElse(-1L)
                        + " s ago); a second engine would fight it");
            }
            ctx.sleeper().sleep(Duration.ofSeconds(1));
            current = ctx.store().read(spec.namespace(), spec.name()).orElse(current);
        }
        return current;
    }

    Instant now() {
        return ctx.clock().instant();
    }

    void save() {
        RolloutRecord written = ctx.store().writeStatus(spec.namespace(), spec.name(), status, history);
        if (written.pendingCommand().isPresent()) {
            doorbell.ring();
        }
    }

    void beat() {
        Instant now = now();
        if (nextBeatAt != null && now.isBefore(nextBeatAt)) {
            return;
        }
        status = status.withHeartbeat(new RolloutStatus.Heartbeat(ctx.engineId(), now,
                (int) ctx.heartbeatInterval().toSeconds()));
        save();
        nextBeatAt = now.plus(ctx.heartbeatInterval());
    }

    void transition(RolloutPhase phase, String message, String actor, String reason) {
        RolloutPhase from = status.phase();
        Instant now = now();
        status = status.withPhase(phase, message, now, actor, reason)
                .withHeartbeat(new RolloutStatus.Heartbeat(ctx.engineId(), now, (int) ctx.heartbeatInterval().toSeconds()));
        save();
        if (from != phase) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("from", from.wireName());
            details.put("to", phase.wireName());
            details.put("step", status.stepIndex());
            if (status.trigger() != null) {
                details.put("trigger", status.trigger());
            }
            audit("transition", actor, reason, phase.wireName(), details);
            List<RolloutStatus.Transition> t = status.transitions();
            ctx.observer().phaseChanged(status, t.get(t.size() - 1));
        }
    }

    void message(String text) {
        status = status.withMessage(text, now());
        save();
    }

    void audit(String action, String actor, String reason, String outcome, Map<String, Object> details) {
        ctx.audit().append(new AuditEntry(now(), actor, ctx.source(), action, spec.qualifiedName(), reason, outcome,
                details));
    }

    // ---- commands

    private Interrupt pollCommands() {
        Optional<RolloutCommand> pending = ctx.store().read(spec.namespace(), spec.name())
                .flatMap(RolloutRecord::pendingCommand);
        return pending.map(this::handle).orElse(null);
    }

    private Interrupt handle(RolloutCommand command) {
        lastActor = command.actor();
        lastReason = command.reason();
        RolloutPhase phase = status.phase();
        boolean settling = phase == RolloutPhase.PROMOTING || phase == RolloutPhase.ABORTING;
        switch (command.action()) {
            case ABORT, ROLLBACK -> {
                if (phase == RolloutPhase.ABORTING) {
                    ack(command, CommandAck.IGNORED, "already rolling back");
                    return null;
                }
                ack(command, CommandAck.APPLIED, "rolling back: traffic goes to stable first");
                return new Interrupt(Interrupt.Kind.ROLLBACK, null, command.actor(),
                        command.action() + " by " + command.actor() + (command.reason().isEmpty() ? ""
                                : ": " + command.reason()));
            }
            case PAUSE -> {
                if (paused || settling) {
                    ack(command, CommandAck.IGNORED, paused ? "already paused" : "cannot pause while " + phase);
                } else {
                    paused = true;
                    transition(RolloutPhase.PAUSED, "paused by " + command.actor() + reasonSuffix(command),
                            command.actor(), command.reason());
                    ack(command, CommandAck.APPLIED, "paused");
                }
                return null;
            }
            case RESUME -> {
                if (!paused) {
                    ack(command, CommandAck.IGNORED, "not paused");
                } else {
                    resumeFromPause(command.actor(), command.reason());
                    ack(command, CommandAck.APPLIED, "resumed");
                }
                return null;
            }
            default -> {
                if (settling) {
                    ack(command, CommandAck.IGNORED, "cannot promote while " + phase);
                    return null;
                }
                if (paused) {
                    resumeFromPause(command.actor(), command.reason());
                }
                boolean full = command.action() == io.cicdmanager.kube.CommandAction.PROMOTE_FULL;
                ack(command, CommandAck.APPLIED, full ? "promoting fully: remaining steps and analysis skipped"
                        : "current step completed");
                return new Interrupt(full ? Interrupt.Kind.PROMOTE_FULL : Interrupt.Kind.PROMOTE, null,
                        command.actor(), command.reason());
            }
        }
    }

    private static String reasonSuffix(RolloutCommand command) {
        return command.reason().isEmpty() ? "" : ": " + command.reason();
    }

    private void resumeFromPause(String actor, String reason) {
        paused = false;
        analysis.forgiveInconclusive();
        transition(RolloutPhase.PROGRESSING, "resumed by " + actor + (reason == null || reason.isEmpty() ? ""
                : ": " + reason), actor, reason);
    }

    private void ack(RolloutCommand command, String outcome, String message) {
        CommandAck ack = new CommandAck(command.id(), command.action(), outcome, message, now(), ctx.engineId());
        ctx.store().acknowledge(spec.namespace(), spec.name(), ack, status);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("commandId", command.id());
        details.put("requestedAt", command.at().toString());
        details.put("engine", ctx.engineId());
        ctx.audit().append(new AuditEntry(now(), command.actor(), command.source(), command.action().wireName(),
                spec.qualifiedName(), command.reason(), outcome + ": " + message, details));
        ctx.observer().commandHandled(command, ack);
    }

    // ---- analysis

    void startAnalysis(AnalysisPolicy policy, MetricProvider provider, PodHealthSource health) {
        analysis = new AnalysisRun(policy);
        metrics = provider;
        pods = health;
        analysisActive = !policy.isEmpty();
        lastRoundPassing = policy.isEmpty();
        lastRound = null;
        nextAnalysisAt = now().plus(policy.interval());
        if (canaryStartedAt == null) {
            canaryStartedAt = now();
        }
    }

    void stopAnalysis() {
        analysisActive = false;
    }

    private Interrupt analyse() {
        Instant now = now();
        AnalysisPolicy policy = analysis.policy();
        Map<String, String> variables = Map.of("namespace", spec.namespace(), "service", spec.service());
        Instant started = canaryStartedAt == null ? now : canaryStartedAt;
        AnalysisContext context = new AnalysisContext(metrics, pods, now, policy.window(), started, variables,
                weightChangedAt == null || weightChangedAt.isBefore(started) ? started : weightChangedAt,
                policy.initialDelay());
        AnalysisRound round = analysis.evaluate(context);
        lastRound = round;
        lastRoundPassing = round.action() == AnalysisRound.Action.PASSING;
        List<RolloutStatus.CheckStatus> checks = new ArrayList<>();
        for (int i = 0; i < round.results().size(); i++) {
            CheckResult r = round.results().get(i);
            AnalysisRound.CheckTally t = round.tallies().get(i);
            checks.add(new RolloutStatus.CheckStatus(r.check(), r.kind(), r.metric(), r.verdict(), r.value(),
                    r.stableValue(), r.threshold(), r.comparison(), r.message(), now, t.passed(), t.failed(),
                    t.inconclusive(), t.errors(), t.consecutiveErrors(), r.figure()));
        }
        status = status.withAnalysis(new RolloutStatus.Analysis(analysis.rounds(), now, checks), now);
        history = history.plus(new MetricHistory.Point(now, status.setWeight(), trackPoint(Track.CANARY, context),
                trackPoint(Track.STABLE, context)));
        save();
        ctx.observer().analysed(round);
        return switch (round.action()) {
            case ROLLBACK -> new Interrupt(Interrupt.Kind.ROLLBACK, trigger(round.trigger(), round.reason()),
                    ENGINE_ACTOR, round.reason());
            case PAUSE -> {
                pauseForAnalysis(round.trigger(), round.reason());
                yield null;
            }
            default -> null;
        };
    }

    private void pauseForAnalysis(CheckResult cause, String reason) {
        if (!paused) {
            paused = true;
            status = status.withTrigger(trigger(cause, reason));
            transition(RolloutPhase.PAUSED, reason, ENGINE_ACTOR, reason);
        }
    }

    static RolloutStatus.Trigger trigger(CheckResult r, String message) {
        return new RolloutStatus.Trigger(r.check(), r.value(), r.threshold(), message, r.figure());
    }

    private MetricHistory.TrackPoint trackPoint(Track track, AnalysisContext context) {
        if (metrics == null) {
            return new MetricHistory.TrackPoint(null, null, null);
        }
        Double requests = value(context.query("request-count", track, Map.of()));
        return new MetricHistory.TrackPoint(value(context.query("error-rate", track, Map.of())),
                value(context.query("p95-latency", track, Map.of())),
                requests == null ? null : requests / Math.max(1, context.window().toSeconds()));
    }

    private Double value(MetricQuery query) {
        try {
            MetricSample s = metrics.query(query);
            return s.hasData() ? s.value().getAsDouble() : null;
        } catch (RuntimeException e) {
            return null; // the chart shows a gap; the checks report the error itself
        }
    }

    // ---- waiting

    /** Beats, reads commands when the doorbell rang, and runs the analysis when due. */
    private Interrupt tick() {
        beat();
        if (doorbell.answer()) {
            Interrupt i = pollCommands();
            if (i != null) {
                return i;
            }
        }
        if (analysisActive && !now().isBefore(nextAnalysisAt)) {
            nextAnalysisAt = now().plus(analysis.policy().interval());
            return analyse();
        }
        return null;
    }

    private void sleepUntil(Instant target) throws InterruptedException {
        Instant next = nextBeatAt;
        if (target != null && target.isBefore(next)) {
            next = target;
        }
        if (analysisActive && nextAnalysisAt.isBefore(next)) {
            next = nextAnalysisAt;
        }
        doorbell.await(next, ctx.clock(), ctx.sleeper(), ctx.slice());
    }

    /**
     * A step that lasts {@code duration} (null: until promoted), paused time not counting. With
     * {@code requirePassing} it ends only after a round in which every check passed. Waiting longer than the progress
     * deadline for a check that is still inconclusive (a judge without enough evidence yet) does what
     * {@code onInconclusive} says: pause for a person, whose resume grants another deadline, or roll back; waiting
     * that long for any other reason rolls back.
     */
    Interrupt waitStep(Duration duration, boolean requirePassing, Duration alreadyElapsed) throws InterruptedException {
        ActiveTime timer = new ActiveTime(alreadyElapsed);
        Duration overdueFrom = duration;
        boolean pausedOverdue = false;
        while (true) {
            Interrupt i = tick();
            if (i != null) {
                return i;
            }
            Duration active = timer.advance();
            if (pausedOverdue && !paused) {
                // Resumed by a person: the wait for evidence starts again from now.
                pausedOverdue = false;
                overdueFrom = active;
            }
            if (!paused && duration != null && active.compareTo(duration) >= 0) {
                boolean passing = !analysisActive || lastRoundPassing;
                if (!requirePassing || passing) {
                    return null;
                }
                Duration overdue = active.minus(overdueFrom);
                if (overdue.compareTo(spec.progressDeadline()) > 0) {
                    Optional<CheckResult> waitingFor = lastRound == null ? Optional.empty() : lastRound.results().stream()
                            .filter(r -> r.verdict() == Verdict.INCONCLUSIVE).findFirst();
                    if (waitingFor.isEmpty()) {
                        return deadline("analysis has not passed for " + Durations.format(overdue)
                                + " after the step ended", overdue);
                    }
                    CheckResult r = waitingFor.get();
                    String reason = "check " + r.check() + " still inconclusive " + Durations.format(overdue)
                            + " after the step ended (progress deadline " + Durations.format(spec.progressDeadline())
                            + "): " + r.message();
                    if (analysis.policy().onInconclusive() == OnInconclusive.ROLLBACK) {
                        return new Interrupt(Interrupt.Kind.ROLLBACK, trigger(r, reason), ENGINE_ACTOR, reason);
                    }
                    pauseForAnalysis(r, reason);
                    pausedOverdue = true;
                }
            }
            Instant now = timer.last;
            Instant target = duration == null || paused ? null : now.plus(duration.minus(active));
            sleepUntil(target == null || target.isAfter(now) ? target : null);
        }
    }

    /** Time that passes while the rollout is not paused: what steps and deadlines count. */
    private final class ActiveTime {
        private Duration active;
        private Instant last = now();

        ActiveTime(Duration alreadyElapsed) {
            active = alreadyElapsed;
        }

        Duration advance() {
            Instant now = now();
            if (!paused) {
                active = active.plus(Duration.between(last, now));
            }
            last = now;
            return active;
        }
    }

    /** Waits until {@code done} holds, checking every second, within the progress deadline (paused time excluded). */
    Interrupt waitUntil(BooleanSupplier done, String what) throws InterruptedException {
        ActiveTime timer = new ActiveTime(Duration.ZERO);
        Instant nextCheck = timer.last;
        while (true) {
            Interrupt i = tick();
            if (i != null) {
                return i;
            }
            Duration waited = timer.advance();
            if (!timer.last.isBefore(nextCheck)) {
                if (done.getAsBoolean()) {
                    return null;
                }
                nextCheck = timer.last.plus(READINESS_POLL);
            }
            if (waited.compareTo(spec.progressDeadline()) > 0) {
                return deadline(what + " not done within the progress deadline", waited);
            }
            sleepUntil(nextCheck);
        }
    }

    private Interrupt deadline(String message, Duration waited) {
        RolloutStatus.Trigger trigger = new RolloutStatus.Trigger("progressDeadline", (double) waited.toSeconds(),
                (double) spec.progressDeadline().toSeconds(), message + " (" + Durations.format(waited) + " > "
                        + Durations.format(spec.progressDeadline()) + ")");
        return new Interrupt(Interrupt.Kind.ROLLBACK, trigger, ENGINE_ACTOR, trigger.message());
    }

    BooleanSupplier rolledOut(String deployment) {
        return () -> workloads.find(deployment).map(Workloads::isRolledOut).orElse(false);
    }

    // ---- weights and endings

    void recordWeight(int setWeight, int actualWeight) {
        recordWeight(setWeight, actualWeight, true);
    }

    /** Records weights; {@code splitsTraffic} is false where the weight is progress, not a share of requests. */
    void recordWeight(int setWeight, int actualWeight, boolean splitsTraffic) {
        Instant now = now();
        if (splitsTraffic && setWeight > status.setWeight()) {
            weightChangedAt = now;
        }
        status = status.withWeights(setWeight, actualWeight, replicaSnapshot(), now);
        save();
        if (splitsTraffic) {
            ctx.observer().weightChanged(now, setWeight);
        }
    }

    RolloutStatus.Replicas replicaSnapshot() {
        Optional<Deployment> stable = workloads.find(spec.deployment());
        Optional<Deployment> canary = workloads.find(spec.canaryDeployment());
        return new RolloutStatus.Replicas(stable.map(Workloads::replicas).orElse(0), stable.map(Workloads::ready).orElse(0),
                canary.map(Workloads::replicas).orElse(0), canary.map(Workloads::ready).orElse(0));
    }

    void step(int index, String description) {
        status = status.withStep(index, description, now());
        status = status.withMessage("step " + Math.min(index + 1, status.stepCount()) + "/" + status.stepCount() + ": "
                + description, now());
        save();
        ctx.observer().stepStarted(status);
    }

    /** How long the current step has run: non-zero only when this engine resumed a step in flight. */
    Duration elapsedInStep() {
        if (!resumed || status.stepStartedAt() == null) {
            return Duration.ZERO;
        }
        resumed = false;
        Duration d = Duration.between(status.stepStartedAt(), now());
        return d.isNegative() ? Duration.ZERO : d;
    }

    /**
     * Runs {@code undo} (which must put all traffic on stable, then scale the canary down) a few times; when it keeps
     * failing the rollout is Failed, with a message that says where traffic stands.
     */
    RolloutResult rollBack(Interrupt why, RollbackSteps undo) throws InterruptedException {
        stopAnalysis();
        paused = false;
        if (why.trigger() != null) {
            status = status.withTrigger(why.trigger());
        }
        Instant rollbackStarted = now();
        rollbackTimes = new RolloutOutcome.Rollback(rollbackStarted, null);
        transition(RolloutPhase.ABORTING, "rolling back: " + why.reason(), why.actor(), why.reason());
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ROLLBACK_ATTEMPTS; attempt++) {
            try {
                undo.trafficToStable();
                rollbackTimes = new RolloutOutcome.Rollback(rollbackStarted, now());
                recordWeight(0, 0);
                last = null;
                break;
            } catch (DependencyUnreachableException | KubernetesClientException e) {
                last = e;
                ctx.sleeper().sleep(Duration.ofSeconds(1));
            }
        }
        if (last != null) {
            return finish(RolloutPhase.FAILED, "rollback could not complete: traffic may still send "
                    + status.setWeight() + " % to the canary (" + spec.image() + "); " + last.getMessage()
                    + ". Run cicd rollback " + spec.name() + " -n " + spec.namespace() + " when the cluster answers",
                    why.actor(), why.reason());
        }
        try {
            undo.scaleDown();
        } catch (DependencyUnreachableException | KubernetesClientException e) {
            return finish(RolloutPhase.FAILED, "traffic is back on stable, but the canary could not be scaled down: "
                    + e.getMessage(), why.actor(), why.reason());
        }
        return finish(RolloutPhase.ROLLED_BACK, "rolled back: " + why.reason(), why.actor(), why.reason());
    }

    /** The two halves of a rollback, in the order they must happen. */
    interface RollbackSteps {
        void trafficToStable();

        void scaleDown();
    }

    RolloutResult finish(RolloutPhase phase, String message, String actor, String reason) {
        transition(phase, message, actor, reason);
        RolloutOutcome outcome = new RolloutOutcome(spec.name(), spec.namespace(), spec.image(), status.startedAt(),
                status.finishedAt(), phase, status.trigger(), actor,
                phase == RolloutPhase.SUCCEEDED ? null : rollbackTimes);
        for (RolloutOutcomeListener listener : ctx.outcomeListeners()) {
            try {
                listener.rolloutFinished(outcome);
            } catch (RuntimeException e) {
                // A listener (DORA, a webhook) must not change how the rollout ended.
                org.slf4j.LoggerFactory.getLogger(RolloutEngine.class).warn("outcome listener failed: {}", e.toString());
            }
        }
        return new RolloutResult(phase, status.trigger(), actor, reason, status.setWeight(), status);
    }
}
