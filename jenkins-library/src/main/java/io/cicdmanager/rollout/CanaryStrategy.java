package io.cicdmanager.rollout;

import io.cicdmanager.kube.Workloads;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.traffic.TrafficRouter;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.List;

/**
 * A canary: a second Deployment with the new image takes the steps' weights while the analysis watches it; then
 * the stable Deployment takes the new image, traffic returns to it in full and the canary scales down. Stable
 * stays fully scaled throughout, so a rollback is one weight change.
 */
final class CanaryStrategy implements Strategy {
    private final RolloutSpec spec;
    private final StrategySpec.Canary canary;
    private final Workloads workloads;
    private final TrafficGuard traffic;
    private final TrafficRouter router;
    private final RouterKind kind;

    CanaryStrategy(RolloutSpec spec, StrategySpec.Canary canary, Workloads workloads, TrafficGuard traffic,
            TrafficRouter router) {
        this.spec = spec;
        this.canary = canary;
        this.workloads = workloads;
        this.traffic = traffic;
        this.router = router;
        this.kind = spec.router().kind();
    }

    @Override
    public String routerName() {
        return kind.wireName();
    }

    @Override
    public int stepCount() {
        return canary.steps().size();
    }

    @Override
    public void prepare() {
        Workloads.container(workloads.require(spec.deployment()), spec.container());
    }

    @Override
    public RolloutResult run(RolloutDriver d) throws InterruptedException {
        RolloutStatus status = d.status();
        traffic.prepare(router);
        if (status.phase() == RolloutPhase.PROMOTING) {
            return promote(d, null);
        }
        Deployment stable = workloads.require(spec.deployment());
        int canaryReplicas = workloads.find(spec.canaryDeployment()).filter(c -> status.setWeight() > 0)
                .map(Workloads::replicas).orElse(0);
        workloads.applyCanary(stable, spec.canaryDeployment(), spec.container(), spec.image(), canaryReplicas);
        if (status.setWeight() > 0) {
            // Resumed with traffic on the canary: the analysis picks up again where the canary stands.
            d.analyse(canary.analysis(), false);
            watchCanary(d, status.setWeight());
        }
        List<CanaryStep> steps = canary.steps();
        for (int i = d.status().stepIndex(); i < steps.size(); i++) {
            CanaryStep step = steps.get(i);
            Duration elapsed = d.elapsedInStep();
            if (elapsed.isZero()) {
                d.step(i, step.describe());
            }
            Interrupt interrupt = step instanceof CanaryStep.SetWeight w ? setWeight(d, w.weight())
                    : d.waitStep(((CanaryStep.Pause) step).duration(), true, elapsed);
            if (interrupt != null && interrupt.rollsBack()) {
                return d.rollBack(interrupt);
            }
            if (interrupt != null && interrupt.promotesFully()) {
                return promote(d, interrupt);
            }
            // a promote: this step is done; go on with the next
        }
        d.step(steps.size(), "analysis before promotion");
        Interrupt gate = d.waitStep(Duration.ZERO, true, Duration.ZERO);
        if (gate != null && gate.rollsBack()) {
            return d.rollBack(gate);
        }
        // A promote here skips the analysis before promotion: the operator promotes, not the engine.
        return promote(d, gate);
    }

    /**
     * Sends {@code weight} % to the canary. Behind a mesh or an ingress the canary first gets the pods for its share
     * and the weight moves once they are ready; with a replica ratio the pods are the weight, and the step waits
     * for them. A promote meanwhile waits for the pods too.
     */
    private Interrupt setWeight(RolloutDriver d, int weight) throws InterruptedException {
        Interrupt promoted = null;
        if (kind.needsCanaryPodsFirst() && weight > 0) {
            int wanted = TrafficGuard.canaryPodsFor(weight, Workloads.replicas(workloads.require(spec.deployment())));
            workloads.scale(spec.canaryDeployment(), wanted);
            promoted = d.awaitPods(() -> deploymentPods(spec.canaryDeployment(), wanted),
                    "canary pods for " + weight + " %");
            if (promoted != null && promoted.rollsBack()) {
                return promoted;
            }
        }
        traffic.setCanaryWeight(router, kind, weight);
        if (!kind.needsCanaryPodsFirst()) {
            int wanted = workloads.find(spec.canaryDeployment()).map(Workloads::replicas).orElse(0);
            Interrupt ready = d.awaitPods(() -> deploymentPods(spec.canaryDeployment(), wanted),
                    "canary pods for " + weight + " %");
            if (ready != null && ready.rollsBack()) {
                return ready;
            }
            promoted = ready;
        }
        d.weights(weight, router.actualWeight(), true);
        watchCanary(d, weight);
        if (weight > 0 && !d.analysing()) {
            d.analyse(canary.analysis(), false);
        }
        return promoted;
    }

    /** Behind a mesh or an ingress, a canary share reaches the canary's pods whether or not any can serve. */
    private void watchCanary(RolloutDriver d, int weight) {
        if (kind.needsCanaryPodsFirst() && weight > 0) {
            d.watchServing(() -> deploymentPods(spec.canaryDeployment(), 1), "canary pods with " + weight
                    + " % of traffic");
        } else {
            d.watchServing(null, null);
        }
    }

    /** How many of a Deployment's pods are ready, against {@code needed}; done when it is rolled out with them. */
    private RolloutDriver.PodsReady deploymentPods(String deployment, int needed) {
        Deployment dep = workloads.find(deployment).orElse(null);
        int ready = dep == null ? 0 : Workloads.ready(dep);
        return new RolloutDriver.PodsReady(ready, needed, dep != null && Workloads.isRolledOut(dep) && ready >= needed);
    }

    /** Promotes: on the engine's own judgement ({@code by} null) or an operator's promote. */
    private RolloutResult promote(RolloutDriver d, Interrupt by) throws InterruptedException {
        d.stopAnalysis();
        String actor = by == null ? RolloutEngine.ENGINE_ACTOR : by.actor();
        String how = by == null ? "every step passed" : (by.promotesFully() ? "promoted fully by " : "promoted by ")
                + by.actor();
        d.promoting("promoting " + spec.image() + " to stable", actor, how);
        workloads.setImage(spec.deployment(), spec.container(), spec.image());
        int replicas = Workloads.replicas(workloads.require(spec.deployment()));
        Interrupt interrupt = d.awaitPods(() -> deploymentPods(spec.deployment(), replicas),
                "stable Deployment on " + spec.image());
        if (interrupt != null && interrupt.rollsBack()) {
            return d.rollBack(interrupt);
        }
        traffic.setCanaryWeight(router, kind, 0);
        d.watchServing(null, null);
        workloads.scale(spec.canaryDeployment(), 0);
        traffic.finalizeRoutes(router);
        d.weights(0, router.actualWeight(), true);
        return d.succeeded("promoted " + spec.image(), actor, how);
    }

    @Override
    public Rollback rollback(RolloutStatus recorded) {
        String stableImage = recorded.stableImage();
        return new Rollback() {
            @Override
            public void trafficToStable() {
                if (stableImage != null && !stableImage.equals(Workloads.container(workloads.require(
                        spec.deployment()), spec.container()).getImage())) {
                    // Aborted while promoting: stable goes back to the release it served before.
                    workloads.setImage(spec.deployment(), spec.container(), stableImage);
                }
                traffic.setCanaryWeight(router, kind, 0);
            }

            @Override
            public void scaleDown() {
                workloads.scale(spec.canaryDeployment(), 0);
            }

            @Override
            public void removeArtefacts() {
                traffic.finalizeRoutes(router);
            }
        };
    }
}
