package io.cicdmanager.rollout;

import io.cicdmanager.analysis.Verdict;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.model.CommandAck;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.traffic.GatewayApiTrafficRouter;
import io.cicdmanager.traffic.TrafficRouter;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Checks a rollout's safety invariants in a chaos run, through a client no fault touches: against the cluster as it
 * is after every step (I1), on every write to the record as it is made (I2, I5), and at the end (I4):
 * <ul>
 * <li>I1: no weight, selector or route sends traffic to a track that has no ready pods: a move that gives a track
 * traffic (a larger weight, a new selector) finds the pods it needs ready; and the release's pods, serving users,
 * are never without a ready pod for longer than {@link #MESH_GRACE} while an engine drives the rollout (a fresh
 * heartbeat from an engine not killed: between a kill and the next claim nobody can act);</li>
 * <li>I2: the engine promotes on its own (Promoting, the blue-green switch, a rolling update Succeeded) only when every
 * check passed in its last round: missing data, an unreachable or garbled Prometheus, is never a pass;</li>
 * <li>I4: a finished rollout's phase matches the cluster (Succeeded: the stable Deployment rolled out on the release,
 * no traffic and no pods on the canary or preview, the router's artefacts gone; RolledBack: the same on the old image);
 * and a rollout no engine drives any more has finished;</li>
 * <li>I5: the record is never lost, its resourceVersion never goes back, and its history is never overwritten by an
 * older one (a new rollout replaces only a finished one).</li>
 * </ul>
 * I3 (every command applied once or rejected with a reason, audited once) is judged at the end from the commands sent
 * and the audit trail; see {@link ChaosRun}.
 */
final class InvariantChecker {
    /** How long a mesh may send users to the release's pods with none ready before the engine must have acted. */
    static final Duration MESH_GRACE = Duration.ofSeconds(30);

    /** One broken invariant, at a time into the run. */
    record Broken(String invariant, Instant at, String detail) {
    }

    private final KubernetesClient client;
    private final RolloutSpec spec;
    private final String stableImage;
    private final Workloads workloads;
    private final RolloutRecordStore store;
    private final TrafficRouter router;
    private final Consumer<Broken> report;
    private Integer lastWeight;
    private Map<String, String> lastSelector;
    private Integer lastCanaryReplicas;
    private int lastTotalReady = -1;
    private RolloutRecord lastRecord;
    private Duration unservedWhileDriven = Duration.ZERO;
    private Instant lastCheck;
    private boolean drivenAtLastCheck;
    private boolean operatorPromoted;
    private String deadOwner;
    private final List<String> reported = new ArrayList<>();

    InvariantChecker(KubernetesClient client, RolloutSpec spec, String stableImage, Consumer<Broken> report) {
        this.client = client;
        this.spec = spec;
        this.stableImage = stableImage;
        this.workloads = new Workloads(client, spec.namespace());
        this.store = new RolloutRecordStore(client);
        this.router = spec.strategy() instanceof StrategySpec.Canary ? spec.router().kind().create(spec, client) : null;
        this.report = report;
    }

    private void broken(String invariant, Instant at, String detail) {
        // One report per kind of breach and detail keeps a run's report readable.
        String key = invariant + ":" + detail.replaceAll("[0-9]+", "#");
        if (!reported.contains(key)) {
            reported.add(key);
            report.accept(new Broken(invariant, at, detail));
        }
    }

    /** Every write to the record, as it is made: I5 and I2. */
    void recordWritten(RolloutRecord record, Instant now) {
        checkRecord(record, now);
        if (record.status() != null) {
            noticePromotes(record);
            checkPromotion(record, now);
        }
        lastRecord = record;
    }

    /** After a step: I1 against the cluster, and the record still there (I5). */
    void check(Instant now) {
        RolloutRecord record = store.read(spec.namespace(), spec.name()).orElse(null);
        if (record == null && lastRecord != null) {
            broken("I5", now, "the rollout record is gone");
        }
        if (record != null && lastRecord != null
                && Long.parseLong(record.resourceVersion()) < Long.parseLong(lastRecord.resourceVersion())) {
            broken("I5", now, "resourceVersion went back from " + lastRecord.resourceVersion() + " to "
                    + record.resourceVersion());
        }
        if (record != null && record.status() != null) {
            checkTraffic(record.status(), now);
        }
        lastCheck = now;
    }

    // ---- I5

    private void checkRecord(RolloutRecord record, Instant now) {
        if (lastRecord == null) {
            return;
        }
        long before = Long.parseLong(lastRecord.resourceVersion());
        long after = Long.parseLong(record.resourceVersion());
        if (after < before) {
            broken("I5", now, "resourceVersion went back from " + before + " to " + after);
        }
        RolloutStatus was = lastRecord.status();
        RolloutStatus is = record.status();
        if (was == null || is == null) {
            return;
        }
        if (!Objects.equals(was.startedAt(), is.startedAt())) {
            if (!was.isTerminal()) {
                broken("I5", now, "a rollout " + was.phase() + " was replaced by another one");
            }
            operatorPromoted = false;
            return;
        }
        if (was.isTerminal() && (!is.isTerminal() || is.phase() != was.phase())) {
            broken("I5", now, "a finished rollout (" + was.phase() + ") came back " + is.phase());
        }
        List<RolloutStatus.Transition> older = was.transitions();
        List<RolloutStatus.Transition> newer = is.transitions();
        if (older.size() < RolloutStatus.MAX_TRANSITIONS && (newer.size() < older.size()
                || !newer.subList(0, older.size()).equals(older))) {
            broken("I5", now, "the history went back: " + older.size() + " transitions, then " + newer.size()
                    + " not starting with them");
        }
    }

    // ---- I1

    /**
     * The acting process was killed: the engine the record names is dead even while its heartbeat still looks fresh,
     * until another claims the record.
     */
    void killed() {
        drivenAtLastCheck = false;
        if (lastRecord != null && lastRecord.status() != null && lastRecord.status().heartbeat() != null) {
            deadOwner = lastRecord.status().heartbeat().engine();
        }
    }

    /** An engine drives the rollout: a fresh heartbeat, from an engine that was not killed. */
    private boolean engineAlive(RolloutStatus s, Instant now) {
        return !s.isTerminal() && !RolloutRecord.isOrphaned(s, now)
                && !(s.heartbeat() != null && s.heartbeat().engine().equals(deadOwner));
    }

    private void checkTraffic(RolloutStatus s, Instant now) {
        Duration since = lastCheck == null ? Duration.ZERO : Duration.between(lastCheck, now);
        Deployment stable = workloads.find(spec.deployment()).orElse(null);
        Deployment canary = workloads.find(spec.canaryDeployment()).orElse(null);
        int stableReady = stable == null ? 0 : Workloads.ready(stable);
        int canaryReady = canary == null ? 0 : Workloads.ready(canary);
        int canaryReplicas = canary == null ? 0 : Workloads.replicas(canary);
        boolean releaseUnserved = false;
        if (spec.strategy() instanceof StrategySpec.Canary) {
            if (spec.router().kind().needsCanaryPodsFirst()) {
                int weight = router.actualWeight();
                int stableReplicas = stable == null ? 1 : Workloads.replicas(stable);
                if (lastWeight != null && weight > lastWeight) {
                    int needed = TrafficGuard.canaryPodsFor(weight, stableReplicas);
                    if (canaryReady < needed) {
                        broken("I1", now, weight + " % of traffic moved to the canary with " + canaryReady + "/"
                                + needed + " canary pods ready");
                    }
                }
                if (lastWeight != null && weight < lastWeight && stableReady == 0 && canaryReady > 0) {
                    broken("I1", now, "traffic moved back to stable with no stable pod ready");
                }
                releaseUnserved = weight > 0 && canaryReady == 0;
                lastWeight = weight;
            } else {
                int total = stableReady + canaryReady;
                if (lastCanaryReplicas != null && canaryReplicas < lastCanaryReplicas && total == 0
                        && lastTotalReady > 0) {
                    broken("I1", now, "the canary scaled down with no stable pod ready: no pod serves");
                }
                lastTotalReady = total;
            }
        } else if (spec.strategy() instanceof StrategySpec.BlueGreen bg) {
            Service active = client.services().inNamespace(spec.namespace()).withName(bg.activeService()).get();
            Map<String, String> selector = active == null || active.getSpec().getSelector() == null ? Map.of()
                    : active.getSpec().getSelector();
            int ready = workloads.readyPods(selector);
            if (lastSelector != null && !selector.equals(lastSelector)) {
                boolean toPreview = "canary".equals(selector.get(Workloads.TRACK_LABEL));
                int needed = toPreview ? Math.max(1, canaryReplicas) : 1;
                if (ready < needed) {
                    broken("I1", now, "the active Service moved to " + selector + " with " + ready + "/" + needed
                            + " of its pods ready");
                }
            }
            releaseUnserved = "canary".equals(selector.get(Workloads.TRACK_LABEL)) && ready == 0;
            lastSelector = selector;
        }
        lastCanaryReplicas = canaryReplicas;
        boolean driven = engineAlive(s, now);
        boolean drivenSinceLastCheck = driven && drivenAtLastCheck;
        drivenAtLastCheck = driven;
        if (releaseUnserved && driven) {
            // Only time an engine drove from one look to the next counts: one that has just claimed an orphan is not
            // answerable for the wait before its claim (a guardian's grace, looked at once at its end).
            if (drivenSinceLastCheck) {
                unservedWhileDriven = unservedWhileDriven.plus(since);
            }
            if (unservedWhileDriven.compareTo(MESH_GRACE) > 0) {
                broken("I1", now, "users sent to the release's pods with none ready for "
                        + unservedWhileDriven.toSeconds() + " s while an engine drove the rollout");
            }
        } else if (!releaseUnserved) {
            unservedWhileDriven = Duration.ZERO;
        }
    }

    // ---- I2

    /** An operator's promote (not a plain one on a canary) lets the engine skip the analysis it was waiting for. */
    private void noticePromotes(RolloutRecord record) {
        CommandAck ack = record.ack();
        if (ack == null || !CommandAck.APPLIED.equals(ack.outcome())) {
            return;
        }
        boolean skipsAnalysis = ack.action() == CommandAction.PROMOTE_FULL
                || ack.action() == CommandAction.PROMOTE && !(spec.strategy() instanceof StrategySpec.Canary);
        if (skipsAnalysis) {
            operatorPromoted = true;
        }
    }

    private void checkPromotion(RolloutRecord record, Instant now) {
        RolloutStatus is = record.status();
        RolloutStatus was = lastRecord == null ? null : lastRecord.status();
        boolean sameRollout = was != null && Objects.equals(was.startedAt(), is.startedAt());
        boolean promoted;
        if (spec.strategy() instanceof StrategySpec.Canary) {
            promoted = is.phase() == RolloutPhase.PROMOTING && (!sameRollout || was.phase() != RolloutPhase.PROMOTING)
                    && is.transitions().stream().reduce((a, b) -> b).map(t -> RolloutEngine.ENGINE_ACTOR
                            .equals(t.actor())).orElse(false);
        } else if (spec.strategy() instanceof StrategySpec.BlueGreen) {
            promoted = sameRollout && was.setWeight() < 100 && is.setWeight() == 100 && !operatorPromoted;
        } else {
            promoted = is.phase() == RolloutPhase.SUCCEEDED && (!sameRollout || was.phase() != RolloutPhase.SUCCEEDED)
                    && !operatorPromoted;
        }
        if (!promoted) {
            return;
        }
        List<RolloutStatus.CheckStatus> checks = is.analysis().checks();
        List<String> notPassed = checks.stream().filter(c -> c.verdict() != Verdict.PASS)
                .map(c -> c.name() + "=" + c.verdict()).toList();
        if (!notPassed.isEmpty() && !operatorPromoted) {
            broken("I2", now, "promoted by the engine while " + String.join(", ", notPassed));
        }
    }

    // ---- I4

    /**
     * When the last engine has ended: the phase the record says is what the cluster shows. With {@code stableCrashing}
     * (the world makes the stable pods crash at that moment) the stable Deployment need not be ready, only on its image.
     */
    void finish(Instant now, boolean stableCrashing) {
        RolloutRecord record = store.read(spec.namespace(), spec.name()).orElse(null);
        if (record == null || record.status() == null) {
            broken("I4", now, "no record at the end");
            return;
        }
        RolloutStatus s = record.status();
        switch (s.phase()) {
            case SUCCEEDED -> settledOn(spec.image(), "Succeeded", now, stableCrashing);
            case ROLLED_BACK -> settledOn(stableImage, "RolledBack", now, stableCrashing);
            case FAILED -> {
                // Loud by design: the message says where traffic stands; nothing to match.
            }
            default -> broken("I4", now, "no engine drives the rollout any more and its record still says "
                    + s.phase());
        }
    }

    private void settledOn(String image, String phase, Instant now, boolean stableCrashing) {
        Deployment stable = workloads.find(spec.deployment()).orElse(null);
        if (stable == null) {
            broken("I4", now, phase + " but the stable Deployment is gone");
            return;
        }
        String running = Workloads.container(stable, spec.container()).getImage();
        if (!image.equals(running)) {
            broken("I4", now, phase + " but the stable Deployment runs " + running + ", not " + image);
        }
        if (!stableCrashing && !Workloads.isRolledOut(stable)) {
            broken("I4", now, phase + " but the stable Deployment is not rolled out: " + Workloads.ready(stable) + "/"
                    + Workloads.replicas(stable) + " ready");
        }
        workloads.find(spec.canaryDeployment()).filter(c -> Workloads.replicas(c) > 0).ifPresent(c -> broken("I4",
                now, phase + " but " + spec.canaryDeployment() + " still has " + Workloads.replicas(c) + " pods"));
        if (router != null && router.actualWeight() != 0) {
            broken("I4", now, phase + " but " + router.actualWeight() + " % of traffic still goes to the canary");
        }
        if (spec.strategy() instanceof StrategySpec.BlueGreen bg) {
            Service active = client.services().inNamespace(spec.namespace()).withName(bg.activeService()).get();
            Map<String, String> selector = active.getSpec().getSelector();
            if ("canary".equals(selector.get(Workloads.TRACK_LABEL))) {
                broken("I4", now, phase + " but the active Service still selects the preview");
            }
            boolean others = client.pods().inNamespace(spec.namespace()).withLabels(selector).list().getItems()
                    .stream().anyMatch(p -> p.getSpec().getContainers().stream().noneMatch(c -> c.getImage()
                            .equals(image)));
            if (others) {
                broken("I4", now, phase + " but the active Service selects pods not on " + image);
            }
        }
        if (spec.strategy() instanceof StrategySpec.Canary) {
            artefactsRemoved(phase, now);
        }
    }

    private void artefactsRemoved(String phase, Instant now) {
        RouterSpec r = spec.router();
        if (r.canaryService() != null) {
            Service canary = client.services().inNamespace(spec.namespace()).withName(r.canaryService()).get();
            if (canary != null && canary.getMetadata().getLabels() != null
                    && "cicd-manager".equals(canary.getMetadata().getLabels().get("app.kubernetes.io/managed-by"))) {
                broken("I4", now, phase + " but the canary Service " + r.canaryService() + " the router made is still there");
            }
        }
        if (r.kind() == RouterKind.NGINX && client.network().v1().ingresses().inNamespace(spec.namespace())
                .withName(r.ingress() + "-canary").get() != null) {
            broken("I4", now, phase + " but the canary Ingress is still there");
        }
        if (r.kind() == RouterKind.GATEWAY_API) {
            GenericKubernetesResource route = client.genericKubernetesResources(GatewayApiTrafficRouter.HTTP_ROUTE)
                    .inNamespace(spec.namespace()).withName(r.httpRoute()).get();
            if (route != null && route.getMetadata().getAnnotations() != null
                    && route.getMetadata().getAnnotations().containsKey(GatewayApiTrafficRouter.ADDED_ANNOTATION)) {
                broken("I4", now, phase + " but the canary backendRef the router added is still on the HTTPRoute");
            }
        }
    }
}
