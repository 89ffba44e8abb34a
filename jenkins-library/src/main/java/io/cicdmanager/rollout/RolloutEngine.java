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
import io.cicdmanager.kube.KubernetesPodHealth;
import io.cicdmanager.kube.RolloutTakenOverException;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.model.CommandAck;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.MetricHistory;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.model.RolloutOutcome;
import io.cicdmanager.model.RolloutOutcomeListener;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.model.RolloutStatus;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one rollout from its spec to a terminal phase, with the record in Kubernetes as its memory: it starts or
 * resumes (takes over) the record, holds it by beating, watches for operators' commands and acknowledges them, runs
 * the analysis every interval, and rolls back (traffic to stable first) when a check trips, an operator or a
 * signal asks, or pods are not ready by the progress deadline. The strategies decide the steps through the narrow
 * {@link RolloutDriver}; the way back is each strategy's {@link Rollback}, the same for an orphan.
 */
public final class RolloutEngine {
    /** The actor of the engine's own decisions (an analysis rollback, a pause for inconclusive results). */
    public static final String ENGINE_ACTOR = "cicd-manager";
    private static final Logger LOG = LoggerFactory.getLogger(RolloutEngine.class);
    private static final Duration READINESS_POLL = Duration.ofSeconds(1);
    private static final int ROLLBACK_ATTEMPTS = 3;
    private static final int TAKEOVER_ATTEMPTS = 5;

    private final RolloutSpec spec;
    private final EngineContext ctx;
    private final Workloads workloads;
    private final Strategy strategy;
    private final Doorbell doorbell = new Doorbell();
    private final RolloutDriver driver = new Driver();
    private volatile RolloutStatus status;
    private MetricHistory history = MetricHistory.empty();
    private boolean paused;
    private AnalysisRun analysis = new AnalysisRun(AnalysisPolicy.none());
    private MetricProvider metrics;
    private PodHealthSource pods;
    private boolean oneTrack;
    private boolean analysisActive;
    private boolean lastRoundPassing;
    private AnalysisRound lastRound;
    private Instant nextAnalysisAt;
    private Instant nextBeatAt;
    private Instant leaseRenewedAt;
    private Instant canaryStartedAt;
    /** When the canary's weight last rose: the warm-up of the pods started for it begins then. */
    private Instant weightChangedAt;
    private String lastActor;
    private boolean resumed;
    private String waitingForPods;
    private RolloutOutcome.Rollback rollbackTimes;
    private Supplier<RolloutDriver.PodsReady> serving;
    private String servingWhat;
    private Instant nextServingLook;
    private Instant notServingSince;
    private volatile Signalled signalled;
    private boolean signalHandled;

    /** A signal to the process, and what it asks. */
    private record Signalled(String signal, int number, OnInterrupt action) {
    }

    /** Unwinds the strategy to hold the rollout where it stands. */
    private static final class HoldRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HoldRequested() {
            super(null, null, false, false);
        }
    }

    public RolloutEngine(RolloutSpec spec, EngineContext ctx) {
        this.spec = spec;
        this.ctx = ctx;
        // Every write to the cluster first makes sure this engine still owns the rollout.
        this.workloads = new Workloads(ctx.client(), spec.namespace()).withWriteGuard(this::ensureLease);
        this.metrics = ctx.metrics();
        this.strategy = Strategy.of(spec, workloads, new TrafficGuard(spec, workloads, this::ensureLease),
                ctx.routers());
    }

    /** Runs the rollout to its end; an interrupt stops the engine where it stands, for another to resume. */
    public RolloutResult run() throws InterruptedException {
        strategy.prepare();
        Deployment stable = workloads.require(spec.deployment());
        Map<String, String> appSelector = stable.getSpec().getSelector().getMatchLabels();
        pods = new KubernetesPodHealth(ctx.client(), spec.namespace(), appSelector == null ? Map.of() : appSelector);
        begin();
        Watch watch = ctx.store().watch(spec.namespace(), spec.name(), r -> {
            if (r.pendingCommand().isPresent()) {
                doorbell.ring();
            }
        });
        try {
            doorbell.ring(); // a command written before this engine started is read at once
            if (status.phase() == RolloutPhase.ABORTING) {
                // An earlier engine began the rollback: this one finishes it, the strategy's way back again.
                return rollBack(Interrupt.finishingRollback(status));
            }
            return strategy.run(driver);
        } catch (HoldRequested held) {
            return hold();
        } finally {
            watch.close();
        }
    }

    /**
     * Rolls back a rollout that no engine drives any more, as its own engine would: claims the record (of two that
     * try at once, one wins: the record's resourceVersion decides), then runs the strategy's {@link Rollback} built
     * from the record, traffic first. {@code ctx} names who acts ({@code actor}, source, engine id).
     *
     * @throws UsageException when the record changed under the claim (someone else acted on it first)
     */
    public static RolloutRecord rollBackOrphan(RolloutRecord record, EngineContext ctx, String actor, String reason,
            RolloutStatus.Trigger trigger) throws InterruptedException {
        RolloutSpec spec = new RolloutSpecParser().parseText(record.specYaml(), record.qualifiedName() + " spec.yaml");
        RolloutEngine engine = new RolloutEngine(spec, ctx);
        if (!engine.takeOver(record)) {
            throw new UsageException("rollout " + record.qualifiedName() + " was acted on by someone else at the "
                    + "same moment; look at it again (cicd status " + record.name() + " -n " + record.namespace() + ")");
        }
        engine.lastActor = actor;
        engine.rollBack(new Interrupt(Interrupt.Kind.ROLLBACK, trigger, actor, reason));
        return ctx.store().read(spec.namespace(), spec.name()).orElseThrow();
    }

    /**
     * Asks the running engine, from any thread, to roll back (or hold) because its process was signalled; it acts
     * within a doorbell slice, or once the call it is in returns. A rollback already under way carries on.
     */
    public void interrupt(String signal, int number, OnInterrupt action) {
        signalled = new Signalled(signal, number, action);
        doorbell.ring();
    }

    /** The status as this engine last wrote it. */
    public RolloutStatus status() {
        return status;
    }

    // ---- the record

    private void begin() throws InterruptedException {
        for (int attempt = 0; attempt < TAKEOVER_ATTEMPTS; attempt++) {
            Optional<RolloutRecord> existing = ctx.store().read(spec.namespace(), spec.name());
            if (existing.isEmpty() || existing.get().status() == null || existing.get().status().isTerminal()) {
                start();
                return;
            }
            RolloutRecord record = waitForOrphan(existing.get());
            RolloutStatus s = record.status();
            if (s.isTerminal()) {
                continue; // finished meanwhile (a rollback of the orphan): look again
            }
            if (!spec.image().equals(s.release()) || !spec.strategy().kind().equals(s.strategy())) {
                throw new UsageException("rollout " + spec.qualifiedName() + " is still " + s.phase() + " for "
                        + s.release() + " (" + s.strategy() + "); abort or roll it back (cicd rollback " + spec.name()
                        + " -n " + spec.namespace() + ") before starting " + spec.image());
            }
            if (takeOver(record)) {
                audit("resume", ctx.actor(), "engine restarted", status.phase().wireName(),
                        Map.of("stepIndex", status.stepIndex(), "engine", ctx.engineId(),
                                "from", s.heartbeat() == null ? "unknown" : s.heartbeat().engine()));
                return;
            }
            // Another engine or the guardian claimed it between our read and our claim: look again.
        }
        throw new UsageException("rollout " + spec.qualifiedName() + " keeps changing under this engine; another "
                + "engine or the guardian is acting on it");
    }

    /**
     * Starts a new record. The stable image is read now, not when this engine began: a rollout of the same release
     * that finished meanwhile (rolled back by the guardian while this engine waited for it) may have just put it back.
     */
    private void start() {
        String stableImage = Workloads.container(workloads.require(spec.deployment()), spec.container()).getImage();
        Instant now = now();
        RolloutStatus pending = RolloutStatus.pending(spec.name(), spec.namespace(), spec.strategy().kind(),
                strategy.routerName(), spec.image(), stableImage, strategy.stepCount(), now, ctx.actor())
                .withHeartbeat(heartbeat(now));
        status = ctx.store().start(spec.yaml(), pending).orElseThrow(() -> new UsageException("rollout "
                + spec.qualifiedName() + " was started by someone else at the same moment; run again to resume it"))
                .status();
        renewed(now);
        lastActor = status.startedBy();
        audit("start", ctx.actor(), "release " + spec.image(), RolloutPhase.PENDING.wireName(),
                Map.of("image", spec.image(), "stableImage", stableImage, "strategy", spec.strategy().kind()));
        transition(RolloutPhase.PROGRESSING, "started " + spec.image(), ctx.actor(), "started");
    }

    /** Claims {@code record} for this engine if it is still exactly that version; false when someone else acted. */
    private boolean takeOver(RolloutRecord record) {
        Instant now = now();
        Optional<RolloutRecord> claimed = ctx.store().claim(spec.namespace(), spec.name(), record.resourceVersion(),
                record.status().withHeartbeat(heartbeat(now)));
        if (claimed.isEmpty()) {
            return false;
        }
        status = claimed.get().status();
        history = claimed.get().metrics() == null ? MetricHistory.empty() : claimed.get().metrics();
        paused = status.phase() == RolloutPhase.PAUSED;
        resumed = true;
        lastActor = status.startedBy();
        renewed(now);
        return true;
    }

    /** Waits for another engine's heartbeat to go stale: a restarted engine takes over its own dead predecessor. */
    private RolloutRecord waitForOrphan(RolloutRecord record) throws InterruptedException {
        RolloutRecord current = record;
        Instant giveUp = now().plus(RolloutRecord.STALE_AFTER).plus(EngineContext.DEFAULT_HEARTBEAT);
        while (!current.status().isTerminal() && !current.isOrphaned(now())) {
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

    private Instant now() {
        return ctx.clock().instant();
    }

    private RolloutStatus.Heartbeat heartbeat(Instant at) {
        return new RolloutStatus.Heartbeat(ctx.engineId(), at, (int) ctx.heartbeatInterval().toSeconds());
    }

    private void renewed(Instant at) {
        leaseRenewedAt = at;
        nextBeatAt = at.plus(ctx.heartbeatInterval());
    }

    /**
     * Writes the status as the record's owner, which also renews the heartbeat: any write shows the engine alive. A
     * status that ends the rollout answers a command still pending in the same write, so none is left unanswered.
     */
    private void save() {
        Instant now = now();
        status = status.withHeartbeat(heartbeat(now));
        CommandAck[] answered = new CommandAck[1];
        RolloutRecord written = ctx.store().writeStatus(spec.namespace(), spec.name(), status, history, command -> {
            answered[0] = new CommandAck(command.id(), command.action(), CommandAck.IGNORED,
                    "the rollout had already finished (" + status.phase() + ")", now, ctx.engineId());
            return answered[0];
        });
        renewed(now);
        if (answered[0] != null && answered[0].equals(written.ack()) && written.command() != null) {
            auditAck(written.command(), answered[0]);
        } else if (written.pendingCommand().isPresent()) {
            doorbell.ring();
        }
    }

    private void beat() {
        if (nextBeatAt != null && now().isBefore(nextBeatAt)) {
            return;
        }
        save();
    }

    /**
     * Before any change to the cluster: renews the lease when it is older than a heartbeat interval, which fails
     * with {@link RolloutTakenOverException} when another engine owns the record now. So an engine that stalled
     * long enough to be taken over changes nothing more.
     */
    private void ensureLease() {
        if (leaseRenewedAt == null || !now().isBefore(leaseRenewedAt.plus(ctx.heartbeatInterval()))) {
            save();
        }
    }

    private void transition(RolloutPhase phase, String message, String actor, String reason) {
        RolloutPhase from = status.phase();
        status = status.withPhase(phase, message, now(), actor, reason);
        save();
        announce(from, actor, reason);
    }

    /**
     * A pause or resume a command asked for, written with the command's acknowledgement in one write; when that write
     * fails, nothing changed here either, and the command, still pending, is read again.
     */
    private void transitionAcknowledging(RolloutCommand command, boolean pause, String message, String ackMessage) {
        RolloutStatus before = status;
        RolloutPhase from = status.phase();
        status = status.withPhase(pause ? RolloutPhase.PAUSED : RolloutPhase.PROGRESSING, message, now(),
                command.actor(), command.reason());
        CommandAck ack;
        try {
            ack = writeAck(command, CommandAck.APPLIED, ackMessage);
        } catch (RuntimeException e) {
            status = before;
            throw e;
        }
        paused = pause;
        if (!pause) {
            analysis.forgiveInconclusive();
        }
        announce(from, command.actor(), command.reason());
        auditAck(command, ack);
    }

    /** Audits and tells the observer of a phase change just written. */
    private void announce(RolloutPhase from, String actor, String reason) {
        RolloutPhase phase = status.phase();
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

    private void message(String text) {
        status = status.withMessage(text, now());
        save();
    }

    private void audit(String action, String actor, String reason, String outcome, Map<String, Object> details) {
        ctx.audit().append(new AuditEntry(now(), actor, ctx.source(), action, spec.qualifiedName(), reason, outcome,
                details));
    }

    // ---- commands and signals

    private Interrupt pollCommands() {
        Optional<RolloutRecord> record = ctx.store().read(spec.namespace(), spec.name());
        RolloutStatus.Heartbeat owner = record.map(RolloutRecord::status).map(RolloutStatus::heartbeat).orElse(null);
        if (owner != null && !ctx.engineId().equals(owner.engine())) {
            throw new RolloutTakenOverException(spec.qualifiedName(), owner.engine());
        }
        return record.flatMap(RolloutRecord::pendingCommand).map(this::handle).orElse(null);
    }

    private Interrupt handle(RolloutCommand command) {
        lastActor = command.actor();
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
                    transitionAcknowledging(command, true, "paused by " + command.actor() + reasonSuffix(command),
                            "paused");
                }
                return null;
            }
            case RESUME -> {
                if (!paused) {
                    ack(command, CommandAck.IGNORED, "not paused");
                } else {
                    transitionAcknowledging(command, false, "resumed by " + command.actor() + reasonSuffix(command),
                            "resumed");
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
                boolean full = command.action() == CommandAction.PROMOTE_FULL;
                String what = full ? "promoting fully: remaining steps and analysis skipped" : "current step completed";
                ack(command, CommandAck.APPLIED, waitingForPods == null ? what
                        : what + " once " + waitingForPods + " are ready (a promote skips pauses and analysis, "
                                + "not readiness)");
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
        auditAck(command, writeAck(command, outcome, message));
    }

    /** Writes the acknowledgement with the status acting on the command produced, in one write. */
    private CommandAck writeAck(RolloutCommand command, String outcome, String message) {
        Instant now = now();
        CommandAck ack = new CommandAck(command.id(), command.action(), outcome, message, now, ctx.engineId());
        status = status.withHeartbeat(heartbeat(now));
        ctx.store().acknowledge(spec.namespace(), spec.name(), ack, status);
        renewed(now);
        return ack;
    }

    private void auditAck(RolloutCommand command, CommandAck ack) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("commandId", command.id());
        details.put("requestedAt", command.at().toString());
        details.put("engine", ctx.engineId());
        ctx.audit().append(new AuditEntry(ack.at(), command.actor(), command.source(), command.action().wireName(),
                spec.qualifiedName(), command.reason(), ack.outcome() + ": " + ack.message(), details));
        ctx.observer().commandHandled(command, ack);
    }

    /** The signal's request, once: a rollback as an interrupt, a hold by unwinding the strategy. */
    private Interrupt takeSignal() {
        Signalled s = signalled;
        if (s == null || signalHandled || status.isTerminal()) {
            return null;
        }
        signalHandled = true;
        String what = s.action() == OnInterrupt.HOLD ? "holding the rollout where it stands"
                : "rolling back to stable";
        audit("interrupt", ENGINE_ACTOR, s.signal(), s.action().wireName(), Map.of("signal", s.signal(),
                "engine", ctx.engineId(), "phase", status.phase().wireName()));
        if (s.action() == OnInterrupt.HOLD) {
            throw new HoldRequested();
        }
        RolloutStatus.Trigger trigger = new RolloutStatus.Trigger("signal", (double) s.number(), null,
                s.signal() + " received (a Jenkins abort or timeout sends it): " + what);
        return new Interrupt(Interrupt.Kind.ROLLBACK, trigger, ENGINE_ACTOR, s.signal() + ": " + what);
    }

    private RolloutResult hold() {
        Signalled s = signalled;
        stopAnalysis();
        paused = true;
        String where = "held where it stands at step " + Math.min(status.stepIndex() + 1, status.stepCount()) + "/"
                + status.stepCount() + ", " + status.setWeight() + " % on the canary, on " + s.signal()
                + "; resume it by running the rollout again and cicd resume " + spec.name() + ", or cicd rollback "
                + spec.name() + " -n " + spec.namespace();
        status = status.withTrigger(new RolloutStatus.Trigger("signal", (double) s.number(), null, s.signal()
                + " received: " + where));
        transition(RolloutPhase.PAUSED, where, ENGINE_ACTOR, s.signal());
        return new RolloutResult(RolloutPhase.PAUSED, status.trigger(), ENGINE_ACTOR, s.signal(), status.setWeight(),
                status);
    }

    // ---- analysis

    private void startAnalysis(AnalysisPolicy policy, boolean singleTrack) {
        analysis = new AnalysisRun(policy);
        oneTrack = singleTrack;
        analysisActive = !policy.isEmpty();
        lastRoundPassing = policy.isEmpty();
        lastRound = null;
        nextAnalysisAt = now().plus(policy.interval());
        if (canaryStartedAt == null) {
            canaryStartedAt = now();
        }
    }

    private void stopAnalysis() {
        analysisActive = false;
    }

    /** The metrics the checks read: a plain Deployment's carry no track, so checks read the one there is. */
    private MetricProvider analysedMetrics() {
        MetricProvider all = metrics;
        return !oneTrack || all == null ? all : q -> all.query(new MetricQuery(q.metric(), Track.STABLE, q.end(),
                q.window(), q.variables()));
    }

    private PodHealthSource analysedPods() {
        PodHealthSource all = pods;
        return oneTrack ? track -> all.health(Track.STABLE) : all;
    }

    private Interrupt analyse() {
        Instant now = now();
        AnalysisPolicy policy = analysis.policy();
        Map<String, String> variables = Map.of("namespace", spec.namespace(), "service", spec.service());
        MetricProvider provider = analysedMetrics();
        Instant started = canaryStartedAt == null ? now : canaryStartedAt;
        AnalysisContext context = new AnalysisContext(provider, analysedPods(), now, policy.window(), started,
                variables, weightChangedAt == null || weightChangedAt.isBefore(started) ? started : weightChangedAt,
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
        history = history.plus(new MetricHistory.Point(now, status.setWeight(),
                trackPoint(provider, Track.CANARY, context), trackPoint(provider, Track.STABLE, context)));
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

    private static MetricHistory.TrackPoint trackPoint(MetricProvider provider, Track track, AnalysisContext context) {
        if (provider == null) {
            return new MetricHistory.TrackPoint(null, null, null);
        }
        Double requests = value(provider, context.query("request-count", track, Map.of()));
        return new MetricHistory.TrackPoint(value(provider, context.query("error-rate", track, Map.of())),
                value(provider, context.query("p95-latency", track, Map.of())),
                requests == null ? null : requests / Math.max(1, context.window().toSeconds()));
    }

    private static Double value(MetricProvider provider, MetricQuery query) {
        try {
            MetricSample s = provider.query(query);
            return s.hasData() ? s.value().getAsDouble() : null;
        } catch (RuntimeException e) {
            return null; // the chart shows a gap; the checks report the error itself
        }
    }

    // ---- waiting

    /**
     * Beats, reads commands when the doorbell rang, takes a signal, and runs the analysis when due. A beat or a
     * read that fails is tried again at the next tick, as long as the lease would still hold: past that, another
     * engine may claim the rollout, so this one stops.
     */
    private Interrupt tick() {
        Interrupt signal = takeSignal();
        if (signal != null) {
            return signal;
        }
        try {
            beat();
            if (doorbell.answer()) {
                Interrupt i = pollCommands();
                if (i != null) {
                    return i;
                }
            }
        } catch (DependencyUnreachableException | KubernetesClientException e) {
            Duration unrenewed = Duration.between(leaseRenewedAt, now());
            if (unrenewed.compareTo(RolloutRecord.STALE_AFTER.minus(ctx.heartbeatInterval())) >= 0) {
                throw e;
            }
            LOG.warn("rollout {}: the record could not be read or written ({}); trying again", spec.qualifiedName(),
                    e.getMessage());
            doorbell.ring();
            return null;
        }
        Interrupt unserved = lookAtServingPods();
        if (unserved != null) {
            return unserved;
        }
        if (analysisActive && !now().isBefore(nextAnalysisAt)) {
            nextAnalysisAt = now().plus(analysis.policy().interval());
            return analyse();
        }
        return null;
    }

    private void watchServing(Supplier<RolloutDriver.PodsReady> pods, String what) {
        serving = pods;
        servingWhat = what;
        nextServingLook = now();
        notServingSince = null;
    }

    /** Once a heartbeat interval: the release's pods that serve users, none of them ready twice in a row. */
    private Interrupt lookAtServingPods() {
        Instant now = now();
        if (serving == null || now.isBefore(nextServingLook)) {
            return null;
        }
        nextServingLook = now.plus(ctx.heartbeatInterval());
        RolloutDriver.PodsReady pods = serving.get();
        if (pods.ready() > 0) {
            notServingSince = null;
            return null;
        }
        if (notServingSince == null) {
            notServingSince = now;
            return null;
        }
        String message = servingWhat + ": " + pods.describe() + " for " + Durations.format(Duration.between(
                notServingSince, now)) + " while serving users";
        return new Interrupt(Interrupt.Kind.ROLLBACK, new RolloutStatus.Trigger("servingPods",
                (double) pods.ready(), (double) Math.max(1, pods.needed()), message), ENGINE_ACTOR, message);
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
    private Interrupt waitStep(Duration duration, boolean requirePassing, Duration alreadyElapsed)
            throws InterruptedException {
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

    /** See {@link RolloutDriver#awaitPods}. */
    private Interrupt awaitPods(Supplier<RolloutDriver.PodsReady> ready, String what) throws InterruptedException {
        ActiveTime timer = new ActiveTime(Duration.ZERO);
        Instant nextCheck = timer.last;
        Interrupt promoted = null;
        RolloutDriver.PodsReady last = null;
        waitingForPods = what;
        try {
            while (true) {
                Interrupt i = tick();
                if (i != null) {
                    if (i.rollsBack()) {
                        return i;
                    }
                    promoted = promoted != null && promoted.promotesFully() ? promoted : i;
                }
                Duration waited = timer.advance();
                if (!timer.last.isBefore(nextCheck)) {
                    last = ready.get();
                    if (last.done() && !paused) {
                        return promoted;
                    }
                    nextCheck = timer.last.plus(READINESS_POLL);
                }
                if (waited.compareTo(spec.progressDeadline()) > 0) {
                    return deadline(what + ": " + (last == null ? "not checked" : last.describe())
                            + " after the progress deadline", waited);
                }
                sleepUntil(nextCheck);
            }
        } finally {
            waitingForPods = null;
        }
    }

    private Interrupt deadline(String message, Duration waited) {
        RolloutStatus.Trigger trigger = new RolloutStatus.Trigger("progressDeadline", (double) waited.toSeconds(),
                (double) spec.progressDeadline().toSeconds(), message + " (" + Durations.format(waited) + " > "
                        + Durations.format(spec.progressDeadline()) + ")");
        return new Interrupt(Interrupt.Kind.ROLLBACK, trigger, ENGINE_ACTOR, trigger.message());
    }

    // ---- weights and endings

    /** Records weights; {@code splitsTraffic} is false where the weight is progress, not a share of requests. */
    private void recordWeight(int setWeight, int actualWeight, boolean splitsTraffic) {
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

    private RolloutStatus.Replicas replicaSnapshot() {
        Optional<Deployment> stable = workloads.find(spec.deployment());
        Optional<Deployment> canary = workloads.find(spec.canaryDeployment());
        return new RolloutStatus.Replicas(stable.map(Workloads::replicas).orElse(0), stable.map(Workloads::ready).orElse(0),
                canary.map(Workloads::replicas).orElse(0), canary.map(Workloads::ready).orElse(0));
    }

    private void step(int index, String description) {
        resumed = false;
        status = status.withStep(index, description, now());
        status = status.withMessage("step " + Math.min(index + 1, status.stepCount()) + "/" + status.stepCount() + ": "
                + description, now());
        save();
        ctx.observer().stepStarted(status);
    }

    /** How long the current step has run: non-zero only when this engine resumed a step in flight. */
    private Duration elapsedInStep() {
        if (!resumed || status.stepStartedAt() == null) {
            return Duration.ZERO;
        }
        resumed = false;
        Duration d = Duration.between(status.stepStartedAt(), now());
        return d.isNegative() ? Duration.ZERO : d;
    }

    /**
     * Rolls back with the strategy's {@link Rollback}: traffic to stable first, tried again while it fails (three
     * times for API errors; until the progress deadline while the stable pods are not ready, since a move onto pods
     * that cannot serve is refused), then the scale-down and the router's clean-up. When traffic cannot be moved the
     * rollout is Failed, with a message that says where traffic stands.
     */
    private RolloutResult rollBack(Interrupt why) throws InterruptedException {
        stopAnalysis();
        watchServing(null, null);
        paused = false;
        if (why.trigger() != null) {
            status = status.withTrigger(why.trigger());
        }
        Instant rollbackStarted = now();
        rollbackTimes = new RolloutOutcome.Rollback(rollbackStarted, null);
        transition(RolloutPhase.ABORTING, "rolling back: " + why.reason(), why.actor(), why.reason());
        Rollback undo = strategy.rollback(status);
        Instant refusedUntil = rollbackStarted.plus(spec.progressDeadline());
        int failures = 0;
        String waitingFor = null;
        while (true) {
            try {
                undo.trafficToStable();
                break;
            } catch (RolloutTakenOverException e) {
                throw e;
            } catch (TrafficRefusedException e) {
                if (!now().isBefore(refusedUntil)) {
                    return finish(RolloutPhase.FAILED, "rollback could not complete: " + e.getMessage() + " for "
                            + Durations.format(spec.progressDeadline()) + "; traffic may still send "
                            + status.setWeight() + " % to the canary (" + spec.image() + "). Run cicd rollback "
                            + spec.name() + " -n " + spec.namespace() + " once the stable pods are ready",
                            why.actor(), why.reason());
                }
                if (!e.getMessage().equals(waitingFor)) {
                    waitingFor = e.getMessage();
                    message("rolling back, waiting for the stable pods: " + waitingFor);
                }
            } catch (RuntimeException e) {
                if (++failures >= ROLLBACK_ATTEMPTS) {
                    return finish(RolloutPhase.FAILED, "rollback could not complete: traffic may still send "
                            + status.setWeight() + " % to the canary (" + spec.image() + "); " + e.getMessage()
                            + ". Run cicd rollback " + spec.name() + " -n " + spec.namespace()
                            + " when the cluster answers", why.actor(), why.reason());
                }
            }
            ctx.sleeper().sleep(Duration.ofSeconds(1));
            beat();
        }
        rollbackTimes = new RolloutOutcome.Rollback(rollbackStarted, now());
        recordWeight(0, 0, true);
        failures = 0;
        while (true) {
            // Both steps are idempotent: a conflict or a dropped answer is tried again, as the traffic step is.
            try {
                undo.scaleDown();
                undo.removeArtefacts();
                break;
            } catch (RolloutTakenOverException e) {
                throw e;
            } catch (RuntimeException e) {
                if (++failures >= ROLLBACK_ATTEMPTS) {
                    return finish(RolloutPhase.FAILED, "traffic is back on stable, but the canary could not be scaled "
                            + "down or its routes removed: " + e.getMessage(), why.actor(), why.reason());
                }
            }
            ctx.sleeper().sleep(Duration.ofSeconds(1));
            beat();
        }
        return finish(RolloutPhase.ROLLED_BACK, "rolled back: " + why.reason(), why.actor(), why.reason());
    }

    private RolloutResult finish(RolloutPhase phase, String message, String actor, String reason) {
        if (phase == RolloutPhase.SUCCEEDED) {
            status = status.withImages(spec.image(), spec.image(), now());
        }
        transition(phase, message, actor, reason);
        RolloutOutcome outcome = new RolloutOutcome(spec.name(), spec.namespace(), spec.image(), status.startedAt(),
                status.finishedAt(), phase, status.trigger(), actor,
                phase == RolloutPhase.SUCCEEDED ? null : rollbackTimes);
        for (RolloutOutcomeListener listener : ctx.outcomeListeners()) {
            try {
                listener.rolloutFinished(outcome);
            } catch (RuntimeException e) {
                // A listener (DORA, a webhook) must not change how the rollout ended.
                LOG.warn("outcome listener failed: {}", e.toString());
            }
        }
        return new RolloutResult(phase, status.trigger(), actor, reason, status.setWeight(), status);
    }

    /** The engine as its strategy sees it. */
    private final class Driver implements RolloutDriver {
        @Override
        public RolloutStatus status() {
            return status;
        }

        @Override
        public String lastActor() {
            return lastActor;
        }

        @Override
        public void step(int index, String description) {
            RolloutEngine.this.step(index, description);
        }

        @Override
        public Duration elapsedInStep() {
            return RolloutEngine.this.elapsedInStep();
        }

        @Override
        public Interrupt waitStep(Duration duration, boolean requirePassing, Duration alreadyElapsed)
                throws InterruptedException {
            return RolloutEngine.this.waitStep(duration, requirePassing, alreadyElapsed);
        }

        @Override
        public Interrupt awaitPods(Supplier<PodsReady> ready, String what) throws InterruptedException {
            return RolloutEngine.this.awaitPods(ready, what);
        }

        @Override
        public void watchServing(Supplier<PodsReady> pods, String what) {
            RolloutEngine.this.watchServing(pods, what);
        }

        @Override
        public void analyse(AnalysisPolicy policy, boolean singleTrack) {
            startAnalysis(policy, singleTrack);
        }

        @Override
        public void stopAnalysis() {
            RolloutEngine.this.stopAnalysis();
        }

        @Override
        public boolean analysing() {
            return analysisActive;
        }

        @Override
        public void weights(int setWeight, int actualWeight, boolean splitsTraffic) {
            recordWeight(setWeight, actualWeight, splitsTraffic);
        }

        @Override
        public void promoting(String message, String actor, String reason) {
            transition(RolloutPhase.PROMOTING, message, actor, reason);
        }

        @Override
        public RolloutResult succeeded(String message, String actor, String reason) {
            return finish(RolloutPhase.SUCCEEDED, message, actor, reason);
        }

        @Override
        public RolloutResult rollBack(Interrupt why) throws InterruptedException {
            return RolloutEngine.this.rollBack(why);
        }
    }
}
