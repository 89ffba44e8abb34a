package io.cicdmanager.cli;

import io.cicdmanager.UsageException;
import io.cicdmanager.analysis.AnalysisPolicy;
import io.cicdmanager.analysis.AnalysisRound;
import io.cicdmanager.analysis.Check;
import io.cicdmanager.analysis.CheckResult;
import io.cicdmanager.analysis.MetricProvider;
import io.cicdmanager.analysis.MetricProviderFactory;
import io.cicdmanager.analysis.MetricQuery;
import io.cicdmanager.analysis.Track;
import io.cicdmanager.audit.Actors;
import io.cicdmanager.config.ConfigNode;
import io.cicdmanager.kube.RolloutTakenOverException;
import io.cicdmanager.model.CommandAck;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.model.RolloutOutcomeListener;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.rollout.EngineContext;
import io.cicdmanager.rollout.OnInterrupt;
import io.cicdmanager.rollout.RolloutEngine;
import io.cicdmanager.rollout.RolloutObserver;
import io.cicdmanager.rollout.RolloutResult;
import io.cicdmanager.rollout.RolloutSpec;
import io.cicdmanager.rollout.RolloutSpecParser;
import io.cicdmanager.rollout.SpecFields;
import io.cicdmanager.rollout.StrategySpec;
import io.cicdmanager.rollout.WebhookNotifier;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs a rollout to its end from a spec file or from flags: what {@code cicd canary}, {@code cicd bluegreen} and
 * {@code cicd rolling} share. Exit 0 succeeded, 1 rolled back or aborted (or failed), 2 bad spec, 4 unreachable.
 */
abstract class RolloutRunCommand implements Callable<Integer> {
    protected final CliContext context;

    @Option(names = "--spec", paramLabel = "FILE", description = "The rollout spec (YAML). Or give the fields as flags.")
    String specFile;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the result as JSON (the steps read it).")
    String jsonFile;

    @Option(names = "--on-interrupt", paramLabel = "rollback|hold", description = "On SIGTERM or SIGINT (what a "
            + "Jenkins abort or timeout sends): roll the release back to stable, or hold it where it stands "
            + "(default: the spec's onInterrupt, else rollback).")
    String onInterrupt;

    @Option(names = "--interrupt-timeout", paramLabel = "DURATION", defaultValue = "4s", description = "How long "
            + "that rollback or hold may take before the process exits anyway, the record left to finish it "
            + "(default ${DEFAULT-VALUE}: Jenkins signals the shell around cicd 5 s after cicd).")
    String interruptTimeout;

    @Mixin
    ClusterOptions options = new ClusterOptions();

    @Mixin
    RolloutDoraOptions dora;

    @ArgGroup(exclusive = false, heading = "%nSpec fields as flags (instead of --spec):%n")
    SpecFlags flags;

    /** The spec's common fields, for runs without a spec file. */
    static final class SpecFlags {
        @Option(names = "--name", description = "Rollout name (default: the deployment's).")
        String name;
        @Option(names = {"-n", "--namespace"}, description = "Namespace of the application.")
        String namespace;
        @Option(names = "--deployment", description = "The stable Deployment.")
        String deployment;
        @Option(names = "--container", description = "Container whose image changes (default: the first).")
        String container;
        @Option(names = "--image", description = "The image to roll out.")
        String image;
        @Option(names = "--service", description = "Value of the service query variable (default: the deployment).")
        String service;
        @Option(names = "--progress-deadline", description = "e.g. 10m")
        String progressDeadline;
        @Option(names = "--prometheus-url", description = "Prometheus to read the checks' metrics from.")
        String prometheusUrl;
        @Option(names = "--interval", description = "Analysis interval, e.g. 30s.")
        String interval;
        @Option(names = "--check", description = "A check: METRIC<=VALUE (error-rate<=1%%, p95-latency<=1s), "
                + "METRIC<=Nx for N times stable, readiness-failures<=10%%, firing-alerts<=0.")
        List<String> checks = new ArrayList<>();
        @Option(names = "--latency-judge", paramLabel = "LE", description = "Also judge latency against stable: the "
                + "share of requests slower than LE (a bucket bound of the latency histogram, e.g. 250ms), by the "
                + "sequential judge.")
        String latencyJudge;
        @Option(names = "--no-default-judge", description = "Canary: do not add the sequential judge on error rates "
                + "(errors-vs-stable), which is on by default when the spec reads Prometheus.")
        boolean noDefaultJudge;
        @Option(names = "--failure-limit",
            description = "Failed analysis rounds allowed before a rollback (default 0).")
        Integer failureLimit;
        @Option(names = "--inconclusive-limit",
            description = "Inconclusive rounds allowed before --on-inconclusive applies (default 0).")
        Integer inconclusiveLimit;
        @Option(names = "--on-inconclusive", description = "pause or rollback")
        String onInconclusive;
        @Option(names = "--steps", description = "Canary steps: 5,pause=15m,25,pause (a number sets the weight; "
                + "pause alone waits for a promote).")
        String steps;
        @Option(names = "--router", description = "replicas, istio, gateway-api or nginx")
        String router;
        @Option(names = "--virtual-service",
            description = "Istio router: the VirtualService whose route weights are set.")
        String virtualService;
        @Option(names = "--http-route",
            description = "Gateway API router: the HTTPRoute whose backendRef weights are set.")
        String httpRoute;
        @Option(names = "--ingress",
            description = "nginx router: the stable Ingress; its canary twin carries the canary-weight annotation.")
        String ingress;
        @Option(names = "--stable-service",
            description = "Gateway API and nginx routers: the Service of the stable track.")
        String stableService;
        @Option(names = "--canary-service",
            description = "Gateway API and nginx routers: the canary's Service (default: the stable one's name plus -canary).")
        String canaryService;
        @Option(names = "--active-service",
            description = "Blue-green: the Service users reach; its selector is switched on promotion.")
        String activeService;
        @Option(names = "--preview-service",
            description = "Blue-green: the Service that reaches the new version before promotion.")
        String previewService;
        @Option(names = "--auto-promotion-seconds",
            description = "Blue-green: promote this long after the preview is healthy.")
        Integer autoPromotionSeconds;
        @Option(names = "--no-auto-promotion", description = "Blue-green: wait for a promote.")
        boolean noAutoPromotion;
        @Option(names = "--scale-down-delay-seconds",
            description = "Blue-green: keep the old version scaled up this long after the switch.")
        Integer scaleDownDelaySeconds;
        @Option(names = "--max-surge",
            description = "Rolling: pods above the desired count during the update (a number or a percentage).")
        String maxSurge;
        @Option(names = "--max-unavailable",
            description = "Rolling: pods that may be unavailable during the update (a number or a percentage).")
        String maxUnavailable;

        SpecFields fields() {
            return new SpecFields(name, namespace, deployment, container, image, service, progressDeadline,
                    prometheusUrl, interval, checks, latencyJudge, noDefaultJudge, failureLimit, inconclusiveLimit,
                    onInconclusive, steps, router, virtualService, httpRoute, ingress, stableService, canaryService,
                    activeService, previewService, autoPromotionSeconds, noAutoPromotion, scaleDownDelaySeconds,
                    maxSurge, maxUnavailable);
        }
    }

    RolloutRunCommand(CliContext context) {
        this.context = context;
    }

    /** The strategy this command runs, as specs name it. */
    abstract String strategy();

    @Override
    public Integer call() {
        RolloutSpec spec = loadSpec();
        if (!spec.strategy().kind().equals(strategy())) {
            throw new UsageException("the spec's strategy is " + spec.strategy().kind() + "; run cicd "
                    + spec.strategy().kind().toLowerCase(Locale.ROOT) + " for it");
        }
        OnInterrupt interruptAction = onInterrupt == null ? spec.onInterrupt() : OnInterrupt.of(onInterrupt.trim())
                .orElseThrow(() -> new UsageException("--on-interrupt: '" + onInterrupt + "' is not rollback or hold"));
        Duration interruptBudget = ConfigNode.parseDuration(interruptTimeout.trim()).filter(d -> !d.isNegative())
                .orElseThrow(() -> new UsageException("--interrupt-timeout: '" + interruptTimeout + "' is not a "
                        + "duration such as 4s"));
        Optional<RolloutOutcomeListener> doraRecorder = dora.recorder(context, spec);
        MetricProvider metrics = spec.prometheus() == null ? null
                : MetricProviderFactory.prometheus().create(spec.prometheus(), context.env());
        List<String> needMetrics = checksNeedingMetrics(spec);
        if (metrics == null && !needMetrics.isEmpty()) {
            throw new UsageException("checks " + String.join(", ", needMetrics) + " read metrics, but the spec has no "
                    + "prometheus: section to read them from");
        }
        // Kubernetes first (connecting asks it once), then the metrics backend: before anything changes, an
        // unreachable dependency is exit 4 now, not a rollback later.
        try (KubernetesClient client = options.connect(context)) {
            if (metrics != null) {
                metrics.query(new MetricQuery("request-count", Track.STABLE, context.clock().instant(),
                        Duration.ofMinutes(1), Map.of("namespace", spec.namespace(), "service", spec.service())));
            }
            String actor = Actors.current(context.env());
            EngineContext engine = EngineContext.of(client, metrics, context.clock(), context.sleeper(), actor,
                    engineId()).withAudit(options.audit(context, client))
                    .withSource(context.getenv("BUILD_URL").isPresent() ? "jenkins" : "cli")
                    .withObserver(new Progress());
            if (spec.notifyWebhook() != null) {
                engine = engine.withOutcomeListener(new WebhookNotifier(spec.notifyWebhook(), HttpClient.newHttpClient()));
            }
            if (doraRecorder.isPresent()) {
                engine = engine.withOutcomeListener(doraRecorder.get());
            }
            context.out().println("rollout " + spec.qualifiedName() + ": " + spec.strategy().kind() + " of "
                    + spec.image() + " by " + actor);
            RolloutEngine rollout = new RolloutEngine(spec, engine);
            RolloutInterrupts interrupts = new RolloutInterrupts(rollout, interruptAction, interruptBudget,
                    r -> report(spec, r), context.err());
            Runnable stopListening = ProcessSignals.listen(interrupts);
            try {
                RolloutResult result = rollout.run();
                interrupts.report(result);
                return result.succeeded() ? ExitCode.OK : ExitCode.FAILED;
            } finally {
                stopListening.run();
            }
        } catch (RolloutTakenOverException e) {
            context.err().println(e.getMessage() + "; follow it with cicd status " + spec.name() + " -n "
                    + spec.namespace());
            return ExitCode.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.err().println(Cicd.error(getClass().getAnnotation(picocli.CommandLine.Command.class).name(), "interrupted: "
                    + "rollout " + spec.qualifiedName() + " stays where it is; run the same command again to resume it"));
            return ExitCode.FAILED;
        }
    }

    private String engineId() {
        String host = context.getenv("HOSTNAME").orElse("local");
        return host + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    static List<String> checksNeedingMetrics(RolloutSpec spec) {
        List<AnalysisPolicy> policies = new ArrayList<>();
        if (spec.strategy() instanceof StrategySpec.Canary c) {
            policies.add(c.analysis());
        } else if (spec.strategy() instanceof StrategySpec.BlueGreen b) {
            policies.add(b.prePromotionAnalysis());
            policies.add(b.postPromotionAnalysis());
        } else {
            policies.add(((StrategySpec.Rolling) spec.strategy()).analysis());
        }
        List<String> names = new ArrayList<>();
        for (AnalysisPolicy p : policies) {
            for (Check check : p.checks()) {
                if (!check.kind().equals("pod-health")) {
                    names.add(check.name());
                }
            }
        }
        return names;
    }

    RolloutSpec loadSpec() {
        if (specFile != null) {
            if (flags != null) {
                throw new UsageException("give --spec or the spec's fields as flags, not both");
            }
            return new RolloutSpecParser().parseFile(context.resolve(specFile), specFile);
        }
        if (flags == null) {
            throw new UsageException("give --spec FILE, or at least --deployment and --image");
        }
        return flags.fields().parse(strategy());
    }

    private void report(RolloutSpec spec, RolloutResult result) {
        RolloutStatus s = result.status();
        long seconds = s.finishedAt() == null ? 0 : Duration.between(s.startedAt(), s.finishedAt()).toSeconds();
        StringBuilder line = new StringBuilder("rollout " + spec.qualifiedName() + " " + result.phase() + " after "
                + seconds + " s: " + s.message());
        context.out().println(line);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", spec.name());
        json.put("namespace", spec.namespace());
        json.put("strategy", spec.strategy().kind());
        json.put("image", spec.image());
        json.put("phase", result.phase().wireName());
        json.put("message", s.message());
        RolloutStatus.Trigger t = result.trigger();
        json.put("trigger", t == null ? null : ResultFiles.trigger(t.check(), t.value(), t.threshold(), t.message()));
        json.put("actor", result.actor());
        json.put("reason", result.reason());
        json.put("durationSeconds", seconds);
        json.put("finalWeights", Map.of("stable", 100 - result.finalCanaryWeight(), "canary",
                result.finalCanaryWeight()));
        ResultFiles.write(context, jsonFile, json);
    }

    /** Prints what happens, one line each, as a build log wants it. */
    private final class Progress implements RolloutObserver {
        private String stamp(Instant at) {
            return at.toString().substring(11, 19);
        }

        @Override
        public void phaseChanged(RolloutStatus status, RolloutStatus.Transition t) {
            context.out().println(stamp(t.at()) + " " + t.to() + " (" + t.actor() + (t.reason() == null
                    || t.reason().isEmpty() ? "" : ": " + t.reason()) + ")");
        }

        @Override
        public void stepStarted(RolloutStatus status) {
            context.out().println(stamp(status.stepStartedAt()) + " " + status.message());
        }

        @Override
        public void weightChanged(Instant at, int setWeight) {
            context.out().println(stamp(at) + " canary weight " + setWeight + " %");
        }

        @Override
        public void analysed(AnalysisRound round) {
            StringBuilder sb = new StringBuilder(stamp(round.at()) + " analysis:");
            for (CheckResult r : round.results()) {
                sb.append(" ").append(r.check()).append('=').append(r.verdict());
            }
            if (round.action() != AnalysisRound.Action.PASSING && round.action() != AnalysisRound.Action.WAITING) {
                sb.append(" -> ").append(round.reason());
            }
            context.out().println(sb);
        }

        @Override
        public void commandHandled(RolloutCommand command, CommandAck ack) {
            context.out().println(stamp(ack.at()) + " " + command.action() + " by " + command.actor()
                    + (command.reason().isEmpty() ? "" : " (" + command.reason() + ")") + ": " + ack.outcome() + ", "
                    + ack.message());
        }
    }
}
