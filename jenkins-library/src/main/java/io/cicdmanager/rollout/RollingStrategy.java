package io.cicdmanager.rollout;

import io.cicdmanager.analysis.MetricQuery;
import io.cicdmanager.analysis.PodHealthSource;
import io.cicdmanager.analysis.Track;
import io.cicdmanager.kube.RolloutPhase;
import io.cicdmanager.kube.Workloads;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;

/**
 * The Deployment's own rolling update, watched: the image changes, the analysis runs every interval while
 * Kubernetes replaces the pods and once more when it is done, and a breach undoes the Deployment to its previous
 * revision. There is one track here, so every check reads the Deployment's pods and metrics as they are.
 */
final class RollingStrategy implements RolloutEngine.Strategy {
    private final RolloutEngine engine;
    private final StrategySpec.Rolling rolling;

    RollingStrategy(RolloutEngine engine, StrategySpec.Rolling rolling) {
        this.engine = engine;
        this.rolling = rolling;
    }

    @Override
    public void prepare() {
        Workloads.container(engine.workloads.require(engine.spec.deployment()), engine.spec.container());
    }

    @Override
    public int stepCount() {
        return 2;
    }

    @Override
    public RolloutResult run() throws InterruptedException {
        RolloutSpec spec = engine.spec;
        String previousImage = engine.status.stableImage();
        if (engine.status.phase() == RolloutPhase.ABORTING) {
            return rollback(new RolloutEngine.Interrupt(RolloutEngine.Interrupt.Kind.ROLLBACK, engine.status.trigger(),
                    RolloutEngine.ENGINE_ACTOR, "finishing the rollback an earlier engine started"), previousImage);
        }
        // Metrics of a plain Deployment carry no track: checks written for the canary read the one track there is.
        PodHealthSource pods = engine.pods;
        io.cicdmanager.analysis.MetricProvider metrics = engine.metrics;
        PodHealthSource allPods = track -> pods.health(Track.STABLE);
        io.cicdmanager.analysis.MetricProvider oneTrack = metrics == null ? null : q -> metrics.query(
                new MetricQuery(q.metric(), Track.STABLE, q.end(), q.window(), q.variables()));
        if (engine.status.stepIndex() == 0) {
            engine.step(0, "rolling update to " + spec.image());
            engine.workloads.setRollingBounds(spec.deployment(), rolling.maxSurge(), rolling.maxUnavailable());
            engine.workloads.setImage(spec.deployment(), spec.container(), spec.image());
        }
        engine.startAnalysis(rolling.analysis(), oneTrack, allPods);
        engine.recordWeight(100, updatedShare(), false);
        RolloutEngine.Interrupt interrupt = engine.waitUntil(() -> {
            int share = updatedShare();
            if (share != engine.status.actualWeight()) {
                engine.recordWeight(100, share, false);
            }
            return engine.rolledOut(spec.deployment()).getAsBoolean();
        }, "rolling update of " + spec.deployment());
        if (interrupt == null) {
            engine.step(1, "analysis after the update");
            interrupt = engine.waitStep(Duration.ZERO, true, Duration.ZERO);
        }
        if (interrupt != null && interrupt.kind() == RolloutEngine.Interrupt.Kind.ROLLBACK) {
            return rollback(interrupt, previousImage);
        }
        engine.stopAnalysis();
        engine.status = engine.status.withImages(spec.image(), spec.image(), engine.now());
        engine.recordWeight(100, 100, false);
        return engine.finish(RolloutPhase.SUCCEEDED, "rolled out " + spec.image(), RolloutEngine.ENGINE_ACTOR,
                "update complete and healthy");
    }

    private int updatedShare() {
        Deployment d = engine.workloads.require(engine.spec.deployment());
        int want = Workloads.replicas(d);
        Integer updated = d.getStatus() == null ? null : d.getStatus().getUpdatedReplicas();
        return want == 0 || updated == null ? 0 : Math.min(100, 100 * updated / want);
    }

    private RolloutResult rollback(RolloutEngine.Interrupt why, String previousImage) throws InterruptedException {
        RolloutSpec spec = engine.spec;
        return engine.rollBack(why, new RolloutEngine.RollbackSteps() {
            @Override
            public void trafficToStable() {
                Deployment d = engine.workloads.require(spec.deployment());
                if (previousImage != null && previousImage.equals(Workloads.container(d, spec.container()).getImage())) {
                    return;
                }
                if (engine.workloads.undo(spec.deployment(), spec.container()).isEmpty() && previousImage != null) {
                    engine.workloads.setImage(spec.deployment(), spec.container(), previousImage);
                }
            }

            @Override
            public void scaleDown() {
                // Nothing to scale: the previous revision's pods replace the new ones by the Deployment's own update.
            }
        });
    }
}
