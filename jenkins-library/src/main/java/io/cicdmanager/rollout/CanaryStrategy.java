package io.cicdmanager.rollout;

import io.cicdmanager.kube.RolloutPhase;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.traffic.TrafficRouter;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.List;

/**
 * A canary: a second Deployment with the new image takes the steps' weights while the analysis watches it; then
 * the stable Deployment takes the new image, traffic returns to it in full and the canary scales down. Stable
 * stays fully scaled throughout, so a rollback is one weight change.
 */
final class CanaryStrategy implements RolloutEngine.Strategy {
    private final RolloutEngine engine;
    private final StrategySpec.Canary canary;
    private TrafficRouter router;
    private String previousStableImage;

    CanaryStrategy(RolloutEngine engine, StrategySpec.Canary canary) {
        this.engine = engine;
        this.canary = canary;
    }

    @Override
    public void prepare() {
        RolloutSpec spec = engine.spec;
        Workloads.container(engine.workloads.require(spec.deployment()), spec.container());
        router = engine.ctx.routers().create(spec, engine.ctx.client());
        router.prepare();
    }

    @Override
    public int stepCount() {
        return canary.steps().size();
    }

    @Override
    public RolloutResult run() throws InterruptedException {
        RolloutSpec spec = engine.spec;
        previousStableImage = engine.status.stableImage();
        if (engine.status.phase() == RolloutPhase.ABORTING) {
            return rollback(new RolloutEngine.Interrupt(RolloutEngine.Interrupt.Kind.ROLLBACK, engine.status.trigger(),
                    RolloutEngine.ENGINE_ACTOR, "finishing the rollback an earlier engine started"));
        }
        if (engine.status.phase() == RolloutPhase.PROMOTING) {
            return promote(false);
        }
        Deployment stable = engine.workloads.require(spec.deployment());
        int canaryReplicas = engine.workloads.find(spec.canaryDeployment()).filter(d -> engine.status.setWeight() > 0)
                .map(Workloads::replicas).orElse(0);
        engine.workloads.applyCanary(stable, spec.canaryDeployment(), spec.container(), spec.image(), canaryReplicas);
        if (engine.status.setWeight() > 0) {
            // Resumed with traffic on the canary: the analysis picks up again where the canary stands.
            engine.startAnalysis(canary.analysis(), engine.metrics, engine.pods);
        }
        List<CanaryStep> steps = canary.steps();
        for (int i = engine.status.stepIndex(); i < steps.size(); i++) {
            CanaryStep step = steps.get(i);
            Duration elapsed = engine.elapsedInStep();
            if (elapsed.isZero()) {
                engine.step(i, step.describe());
            }
            RolloutEngine.Interrupt interrupt;
            if (step instanceof CanaryStep.SetWeight w) {
                interrupt = setWeight(w.weight());
            } else {
                interrupt = engine.waitStep(((CanaryStep.Pause) step).duration(), true, elapsed);
            }
            if (interrupt != null) {
                switch (interrupt.kind()) {
                    case ROLLBACK -> {
                        return rollback(interrupt);
                    }
                    case PROMOTE_FULL -> {
                        return promote(true);
                    }
                    default -> {
                        // promote: this step is done; go on with the next
                    }
                }
            }
        }
        engine.step(steps.size(), "analysis before promotion");
        RolloutEngine.Interrupt gate = engine.waitStep(Duration.ZERO, true, Duration.ZERO);
        if (gate != null && gate.kind() == RolloutEngine.Interrupt.Kind.ROLLBACK) {
            return rollback(gate);
        }
        return promote(gate != null && gate.kind() == RolloutEngine.Interrupt.Kind.PROMOTE_FULL);
    }

    private RolloutEngine.Interrupt setWeight(int weight) throws InterruptedException {
        RolloutSpec spec = engine.spec;
        boolean meshRouted = !"replicas".equals(router.type());
        if (meshRouted && weight > 0) {
            // Behind a mesh or ingress the canary needs pods for its share before the share moves to it.
            int stable = Workloads.replicas(engine.workloads.require(spec.deployment()));
            int wanted = Math.max(1, (int) Math.ceil(stable * weight / 100.0));
            engine.workloads.scale(spec.canaryDeployment(), wanted);
            RolloutEngine.Interrupt notReady = engine.waitUntil(engine.rolledOut(spec.canaryDeployment()),
                    "canary pods for " + weight + " %");
            if (notReady != null) {
                return notReady;
            }
        }
        router.setWeight(weight);
        if (!meshRouted) {
            RolloutEngine.Interrupt notReady = engine.waitUntil(engine.rolledOut(spec.canaryDeployment()),
                    "canary pods for " + weight + " %");
            if (notReady != null) {
                return notReady;
            }
        }
        engine.recordWeight(weight, router.actualWeight());
        if (weight > 0 && !engine.analysisActive) {
            engine.startAnalysis(canary.analysis(), engine.metrics, engine.pods);
        }
        return null;
    }

    private RolloutResult promote(boolean full) throws InterruptedException {
        RolloutSpec spec = engine.spec;
        engine.stopAnalysis();
        String how = full ? "promoted fully by " + engine.lastActor : "every step passed";
        engine.transition(RolloutPhase.PROMOTING, "promoting " + spec.image() + " to stable", full ? engine.lastActor
                : RolloutEngine.ENGINE_ACTOR, how);
        engine.workloads.setImage(spec.deployment(), spec.container(), spec.image());
        RolloutEngine.Interrupt interrupt = engine.waitUntil(engine.rolledOut(spec.deployment()),
                "stable Deployment on " + spec.image());
        if (interrupt != null && interrupt.kind() == RolloutEngine.Interrupt.Kind.ROLLBACK) {
            return rollback(interrupt);
        }
        router.setWeight(0);
        engine.workloads.scale(spec.canaryDeployment(), 0);
        engine.status = engine.status.withImages(spec.image(), spec.image(), engine.now());
        engine.recordWeight(0, router.actualWeight());
        return engine.finish(RolloutPhase.SUCCEEDED, "promoted " + spec.image(), full ? engine.lastActor
                : RolloutEngine.ENGINE_ACTOR, how);
    }

    private RolloutResult rollback(RolloutEngine.Interrupt why) throws InterruptedException {
        RolloutSpec spec = engine.spec;
        return engine.rollBack(why, new RolloutEngine.RollbackSteps() {
            @Override
            public void trafficToStable() {
                if (previousStableImage != null) {
                    Deployment stable = engine.workloads.require(spec.deployment());
                    if (!previousStableImage.equals(Workloads.container(stable, spec.container()).getImage())) {
                        // Aborted while promoting: stable goes back to the release it served before.
                        engine.workloads.setImage(spec.deployment(), spec.container(), previousStableImage);
                    }
                }
                router.setWeight(0);
            }

            @Override
            public void scaleDown() {
                engine.workloads.scale(spec.canaryDeployment(), 0);
            }
        });
    }
}
