package io.cicdmanager.rollout;

import io.cicdmanager.kube.Workloads;
import io.cicdmanager.model.RolloutStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;

/**
 * The Deployment's own rolling update, watched: the image changes, the analysis runs every interval while
 * Kubernetes replaces the pods and once more when it is done, and a breach puts the Deployment back on the image it
 * ran before. There is one track here, so every check reads the Deployment's pods and metrics as they are. A promote
 * skips the analysis after the update, never the update itself: the rollout succeeds only with every new pod ready.
 */
final class RollingStrategy implements Strategy {
    private final RolloutSpec spec;
    private final StrategySpec.Rolling rolling;
    private final Workloads workloads;

    RollingStrategy(RolloutSpec spec, StrategySpec.Rolling rolling, Workloads workloads) {
        this.spec = spec;
        this.rolling = rolling;
        this.workloads = workloads;
    }

    @Override
    public String routerName() {
        return "deployment";
    }

    @Override
    public int stepCount() {
        return 2;
    }

    @Override
    public void prepare() {
        Workloads.container(workloads.require(spec.deployment()), spec.container());
    }

    @Override
    public RolloutResult run(RolloutDriver d) throws InterruptedException {
        RolloutStatus status = d.status();
        if (status.stepIndex() == 0) {
            d.step(0, "rolling update to " + spec.image());
            workloads.setRollingBounds(spec.deployment(), rolling.maxSurge(), rolling.maxUnavailable());
            workloads.setImage(spec.deployment(), spec.container(), spec.image());
        }
        d.analyse(rolling.analysis(), true);
        d.weights(100, updatedShare(), false);
        Interrupt interrupt = d.awaitPods(() -> {
            int share = updatedShare();
            if (share != d.status().actualWeight()) {
                d.weights(100, share, false);
            }
            Deployment dep = workloads.require(spec.deployment());
            return new RolloutDriver.PodsReady(Workloads.ready(dep), Workloads.replicas(dep), Workloads.isRolledOut(dep));
        }, "rolling update of " + spec.deployment());
        if (interrupt == null) {
            d.step(1, "analysis after the update");
            interrupt = d.waitStep(Duration.ZERO, true, Duration.ZERO);
        }
        if (interrupt != null && interrupt.rollsBack()) {
            return d.rollBack(interrupt);
        }
        d.stopAnalysis();
        d.weights(100, 100, false);
        return d.succeeded("rolled out " + spec.image(), RolloutEngine.ENGINE_ACTOR, interrupt == null
                ? "update complete and healthy" : "update complete; analysis skipped by " + d.lastActor());
    }

    private int updatedShare() {
        Deployment d = workloads.require(spec.deployment());
        int want = Workloads.replicas(d);
        Integer updated = d.getStatus() == null ? null : d.getStatus().getUpdatedReplicas();
        return want == 0 || updated == null ? 0 : Math.min(100, 100 * updated / want);
    }

    /**
     * Back to the image the Deployment ran before: the template of its newest earlier revision that runs it (as
     * {@code kubectl rollout undo} would), or, when no revision does, that image set on the current template.
     */
    @Override
    public Rollback rollback(RolloutStatus recorded) {
        String previousImage = recorded.stableImage();
        return new Rollback() {
            @Override
            public void trafficToStable() {
                Deployment d = workloads.require(spec.deployment());
                if (previousImage == null || previousImage.equals(Workloads.container(d, spec.container()).getImage())) {
                    return;
                }
                if (!workloads.undoTo(spec.deployment(), spec.container(), previousImage)) {
                    workloads.setImage(spec.deployment(), spec.container(), previousImage);
                }
            }

            @Override
            public void scaleDown() {
                // Nothing to scale: the previous revision's pods replace the new ones by the Deployment's own update.
            }
        };
    }
}
